"""A validated document holds what its records repeat once: the codes they refer to, the
standard's codes and the hours in their lists, and their service areas. A city's
300,000 offerings repeat a few thousand of each, and are held until written."""

import json
from typing import Any

import pytest

from interchange.importer import import_document
from interchange.schema import OfferingIn, validate_document
from partners.models import Offering
from tests.interchange.conftest import minimal_doc

pytestmark = pytest.mark.django_db


def _as_read(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as a file gives it: each string its own object."""
    parsed: dict[str, Any] = json.loads(json.dumps(doc, ensure_ascii=False))
    return parsed


def _three_offerings() -> dict[str, Any]:
    doc = minimal_doc()
    first = doc["offerings"][0]
    doc["offerings"] = [
        first,
        dict(first, code="T-O2", title="长者义诊（周六）"),
        dict(first, code="T-O3", service_area={"radius_km": 2.5}),
    ]
    return _as_read(doc)


def test_offerings_share_their_partner_lists_and_area() -> None:
    doc = _three_offerings()
    assert doc["offerings"][0]["partner"] is not doc["offerings"][1]["partner"]

    one, two, three = validate_document(doc).offerings

    assert isinstance(one, OfferingIn)
    assert one.partner is two.partner
    assert one.category is two.category
    assert one.modes[0] is two.modes[0]
    assert one.beneficiaries[0] is two.beneficiaries[0]
    assert one.availability[0]["start"] is two.availability[0]["start"]
    assert one.service_area is two.service_area
    assert three.service_area is not one.service_area
    assert three.service_area.radius_km == 2.5


def test_shared_records_import_as_written() -> None:
    import_document(_three_offerings())

    rows = {
        o.code: (
            [a.community.code for a in o.area_rows.all()],
            o.area_radius_km,
            o.modes,
            o.availability,
        )
        for o in Offering.objects.prefetch_related("area_rows__community")
    }
    slots = [{"weekday": 3, "start": "09:00", "end": "11:30"}]
    assert rows == {
        "T-O1": (["T-S1"], None, ["at_center"], slots),
        "T-O2": (["T-S1"], None, ["at_center"], slots),
        "T-O3": ([], 2.5, ["at_center"], slots),
    }
