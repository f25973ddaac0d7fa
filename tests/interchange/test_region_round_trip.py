from typing import Any

import pytest

from interchange.exporter import export_document
from interchange.importer import import_document
from interchange.schema import KINDS
from needs.models import Need
from partners.models import Offering, Partner
from tests.interchange.conftest import by_code

pytestmark = pytest.mark.django_db


def test_region_imports_and_exports_the_same_records(region_doc: dict[str, Any]) -> None:
    report = import_document(region_doc)

    assert report.offerings.created == len(region_doc["offerings"])
    exported = export_document()
    for kind in KINDS:
        assert by_code(exported[kind]) == by_code(region_doc[kind]), kind


def test_export_keeps_the_document_order_of_the_region(region_doc: dict[str, Any]) -> None:
    import_document(region_doc)

    assert export_document() == region_doc


def test_second_import_of_the_region_changes_nothing(region_doc: dict[str, Any]) -> None:
    import_document(region_doc)
    stamps = {
        model: sorted(model.objects.values_list("code", "updated_at"))
        for model in (Partner, Offering, Need)
    }

    report = import_document(region_doc)

    assert report.changed == 0
    assert report.offerings.unchanged == len(region_doc["offerings"])
    for model, before in stamps.items():
        assert sorted(model.objects.values_list("code", "updated_at")) == before


def test_scoped_export_holds_only_the_subtree(region_doc: dict[str, Any]) -> None:
    import_document(region_doc)
    street = "BA-S01"

    doc = export_document(scope=street)

    assert {c["code"] for c in doc["communities"]} == {
        c["code"] for c in region_doc["communities"] if c["code"].startswith(street)
    }
    assert doc["communities"][0]["code"] == street
    assert all(p["community"].startswith(street) for p in doc["partners"])
    partners = {p["code"] for p in doc["partners"]}
    assert all(o["partner"] in partners for o in doc["offerings"])
    assert all(n["community"].startswith(street) for n in doc["needs"])
    assert all(m["community"].startswith(street) for m in doc["meetings"])
    assert doc["offerings"]


def test_scoped_export_imports_where_its_ancestors_exist(region_doc: dict[str, Any]) -> None:
    import_document(region_doc)

    report = import_document(export_document(scope="BA-S01-C01"))

    assert report.changed == 0
