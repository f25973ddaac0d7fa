"""Import is an upsert by code: what differs is updated, the rest is left alone."""

from typing import Any

import pytest

from interchange.importer import import_document
from needs.models import Need
from partners.models import Offering, Partner
from tests.factories import make_tree
from tests.interchange.conftest import minimal_doc

pytestmark = pytest.mark.django_db


def _with_offerings(n: int) -> dict[str, Any]:
    doc = minimal_doc()
    template = doc["offerings"][0]
    doc["offerings"] = [dict(template, code=f"T-O{i}") for i in range(n)]
    return doc


def test_changing_one_title_updates_exactly_that_offering() -> None:
    doc = _with_offerings(3)
    import_document(doc)
    stamps = dict(Offering.objects.values_list("code", "updated_at"))
    doc["offerings"][1]["title"] = "长者义诊（周三）"

    report = import_document(doc)

    assert (report.offerings.created, report.offerings.updated) == (0, 1)
    assert report.offerings.unchanged == 2
    assert Offering.objects.get(code="T-O1").title == "长者义诊（周三）"
    after = dict(Offering.objects.values_list("code", "updated_at"))
    assert [code for code in stamps if stamps[code] != after[code]] == ["T-O1"]
    assert report.partners.unchanged == report.needs.unchanged == 1


def test_changed_service_area_and_tags_are_replaced_in_order() -> None:
    doc = minimal_doc()
    import_document(doc)
    doc["communities"].append(dict(doc["communities"][2], code="T-S1-C2", name="另一社区"))
    doc["offerings"][0]["service_area"] = {"communities": ["T-S1-C2", "T-S1-C1"]}
    doc["offerings"][0]["tags"] = ["血压", "老人"]

    import_document(doc)

    offering = Offering.objects.get(code="T-O1")
    assert [row.community.code for row in offering.area_rows.order_by("position")] == [
        "T-S1-C2",
        "T-S1-C1",
    ]
    assert sorted(offering.tags.names()) == sorted(["血压", "老人"])


def test_records_may_refer_to_rows_already_in_the_database() -> None:
    tree = make_tree()
    Partner.objects.create(code="DB-P1", name="区司法局", kind="unit", community=tree["C11"])
    doc = {
        "format": "jinlin-interchange/1",
        "offerings": [
            {
                "code": "NEW-O1",
                "partner": "DB-P1",
                "title": "法律咨询",
                "modes": ["online"],
                "service_area": {"communities": ["BA-S1"]},
                "capacity": 10,
            }
        ],
        "needs": [
            {
                "code": "NEW-N1",
                "community": "BA-S1-C1-X1",
                "title": "想了解遗嘱怎么写",
                "window": {"start": "2026-10-01", "end": "2026-12-31"},
            }
        ],
    }

    report = import_document(doc)

    assert report.offerings.created == report.needs.created == 1
    assert Offering.objects.get(code="NEW-O1").partner.code == "DB-P1"


def test_new_partners_are_verified_and_existing_ones_keep_their_status() -> None:
    doc = minimal_doc()
    import_document(doc)
    assert Partner.objects.get(code="T-P1").status == Partner.Status.VERIFIED
    Partner.objects.filter(code="T-P1").update(status=Partner.Status.SUSPENDED)

    report = import_document(doc)

    assert report.partners.unchanged == 1
    assert Partner.objects.get(code="T-P1").status == Partner.Status.SUSPENDED


def test_a_status_in_the_record_is_applied() -> None:
    doc = minimal_doc()
    doc["partners"][0]["status"] = "pending"

    import_document(doc)

    assert Partner.objects.get(code="T-P1").status == Partner.Status.PENDING


def test_existing_needs_keep_their_status() -> None:
    doc = minimal_doc()
    import_document(doc)
    assert Need.objects.get(code="T-N1").status == Need.Status.OPEN
    Need.objects.filter(code="T-N1").update(status=Need.Status.MATCHED)
    doc["needs"][0]["title"] = "老人想每月测血压"

    report = import_document(doc)

    assert report.needs.updated == 1
    assert Need.objects.get(code="T-N1").status == Need.Status.MATCHED


def test_dry_run_counts_without_writing() -> None:
    report = import_document(minimal_doc(), dry_run=True)

    assert report.dry_run
    assert report.offerings.created == 1
    assert not Offering.objects.exists()
