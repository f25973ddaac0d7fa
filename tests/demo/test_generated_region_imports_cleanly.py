"""A generated district passes the interchange's validation and lands in the database."""

import pytest

from interchange.importer import import_document
from needs.models import LiaisonMeeting, Need
from partners.models import Offering, Partner
from synthetic import generate_region

pytestmark = pytest.mark.django_db


def test_generated_region_imports_without_problems() -> None:
    doc = generate_region(offerings=250, needs=70, seed=21, prefix="IMP")
    report = import_document(doc)
    assert report.offerings.created == 250
    assert Offering.objects.filter(code__startswith="IMP-").count() == 250
    assert Need.objects.filter(code__startswith="IMP-").count() == 70
    assert Partner.objects.filter(code__startswith="IMP-").count() == len(doc["partners"])
    assert LiaisonMeeting.objects.filter(code__startswith="IMP-").count() == len(doc["meetings"])


def test_importing_it_again_changes_nothing() -> None:
    doc = generate_region(offerings=120, needs=40, seed=22, prefix="IMP")
    import_document(doc)
    assert import_document(doc).changed == 0


def test_generated_region_round_trips_exactly() -> None:
    from interchange.exporter import export_document

    doc = generate_region(offerings=120, needs=40, seed=23, prefix="IMP")
    import_document(doc)
    exported = export_document()
    for kind in ("communities", "partners", "offerings", "meetings", "needs"):
        assert {r["code"]: r for r in exported[kind]} == {r["code"]: r for r in doc[kind]}, kind
