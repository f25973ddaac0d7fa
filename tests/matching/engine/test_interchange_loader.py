"""An interchange document becomes engine facts without a database."""

from __future__ import annotations

import datetime as dt

from matching.engine.interchange import facts_from_document, load_standard
from matching.engine.types import Slot

DOC = {
    "format": "jinlin-interchange/1",
    "communities": [
        {"code": "D", "name": "区", "level": "district", "parent": None},
        {
            "code": "D-C1",
            "name": "社区",
            "level": "community",
            "parent": "D",
            "lat": 22.5,
            "lng": 113.9,
        },
    ],
    "partners": [
        {
            "code": "P1",
            "name": "甲",
            "kind": "unit",
            "community": "D-C1",
            "lat": 22.5,
            "lng": 113.9,
        },
        {
            "code": "P2",
            "name": "乙",
            "kind": "resident",
            "community": "D-C1",
            "status": "suspended",
        },
    ],
    "offerings": [
        {
            "code": "O1",
            "partner": "P1",
            "title": "理发",
            "category": "haircut",
            "modes": ["home_visit"],
            "service_area": {"radius_km": 2},
            "capacity": 4,
            "availability": [{"weekday": 6, "start": "09:30", "end": "12:00"}],
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
            "cost": "low_cost",
        },
    ],
    "needs": [
        {
            "code": "N1",
            "community": "D-C1",
            "title": "剪发",
            "category": None,
            "modes": ["home_visit"],
            "window": {"start": "2026-10-01", "end": "2026-11-30"},
            "preferred_slots": [{"weekday": 7, "start": "14:00", "end": "16:00"}],
        },
    ],
}


def test_document_records_become_facts():
    facts = facts_from_document(DOC)
    assert [p.code for p in facts.places] == ["D", "D-C1"]
    assert [p.status for p in facts.partners] == ["verified", "suspended"]
    (o,) = facts.offerings
    assert o.radius_km == 2.0
    assert o.area_codes == frozenset()
    assert o.capacity_left == 4
    assert o.availability == (Slot(6, 570, 720),)
    assert o.valid_until == dt.date(2026, 12, 31)
    (n,) = facts.needs
    assert n.category is None
    assert n.window_start == dt.date(2026, 10, 1)
    assert n.preferred_slots == (Slot(7, 840, 960),)


def test_standard_loads_every_category_with_its_relations():
    standard = load_standard()
    codes = {c.code for c in standard.categories}
    assert "haircut" in codes
    haircut = next(c for c in standard.categories if c.code == "haircut")
    assert haircut.related == frozenset({"household_help"})
    assert standard.beneficiary_names["elderly"] == "老年人"
