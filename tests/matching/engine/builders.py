"""Hand-built engine facts for engine tests: a small district, partners and offerings.

The district: district ``D`` with streets ``D-S1`` and ``D-S2``; communities ``D-S1-C1``
(the centre), ``D-S1-C2`` (about 2 km north) and ``D-S2-C1`` (about 20 km north), and a
station ``D-S1-C1-X1`` under ``D-S1-C1``. Texts are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from matching.engine.interchange import DistrictFacts, facts_from_document, load_standard
from matching.engine.ranking import MatchIndex
from matching.engine.reading_evaluation import demo_facts
from matching.engine.types import NeedFacts, OfferingFacts, PartnerFacts, Place, Slot, Standard

CENTRE = (22.5000, 113.9000)
KM_NORTH = 1 / 111.2  # degrees of latitude per km

PLACES = (
    Place("D", "测试区", "district", None, *CENTRE),
    Place("D-S1", "一街道", "street", "D", *CENTRE),
    Place("D-S2", "二街道", "street", "D", CENTRE[0] + 20 * KM_NORTH, CENTRE[1]),
    Place("D-S1-C1", "甲社区", "community", "D-S1", *CENTRE),
    Place("D-S1-C2", "乙社区", "community", "D-S1", CENTRE[0] + 2 * KM_NORTH, CENTRE[1]),
    Place("D-S2-C1", "丙社区", "community", "D-S2", CENTRE[0] + 20 * KM_NORTH, CENTRE[1]),
    Place("D-S1-C1-X1", "甲一站", "station", "D-S1-C1", *CENTRE),
)

WEEKDAY_DAYTIME = tuple(Slot(day, 9 * 60, 17 * 60) for day in range(1, 6))
WEEKEND_DAYTIME = tuple(Slot(day, 9 * 60, 17 * 60) for day in (6, 7))


@cache
def standard() -> Standard:
    return load_standard()


@cache
def bare_standard() -> Standard:
    """The standard without its service catalogue: categories known by name only."""
    return load_standard(catalogue=False)


def partner(code: str = "P1", **fields: Any) -> PartnerFacts:
    values: dict[str, Any] = {
        "code": code,
        "name": f"合伙人{code}",
        "status": "verified",
        "lat": CENTRE[0],
        "lng": CENTRE[1],
    }
    values.update(fields)
    return PartnerFacts(**values)


def offering(code: str, **fields: Any) -> OfferingFacts:
    """A free haircut offering of partner P1 serving street D-S1, valid all of 2026-2027,
    with capacity left; ``fields`` override any of that."""
    values: dict[str, Any] = {
        "code": code,
        "partner": "P1",
        "title": "理发师上门剪发",
        "description": "理发师每月到行动不便的老人家里理发、修面",
        "category": "haircut",
        "modes": frozenset({"home_visit", "at_center"}),
        "area_codes": frozenset({"D-S1"}),
        "beneficiaries": frozenset({"elderly"}),
        "capacity": 5,
        "capacity_left": 5,
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": dt.date(2027, 12, 31),
        "cost": "free",
    }
    values.update(fields)
    return OfferingFacts(**values)


def need(code: str = "N1", **fields: Any) -> NeedFacts:
    """A haircut need of community D-S1-C1 for the elderly, due in 2026 Q4."""
    values: dict[str, Any] = {
        "code": code,
        "community": "D-S1-C1",
        "title": "老人需要理发",
        "description": "行动不便的老人想理发",
        "category": "haircut",
        "beneficiaries": frozenset({"elderly"}),
        "window_start": dt.date(2026, 10, 1),
        "window_end": dt.date(2026, 12, 31),
    }
    values.update(fields)
    return NeedFacts(**values)


def index(
    offerings: Sequence[OfferingFacts], partners: Sequence[PartnerFacts] | None = None
) -> MatchIndex:
    if partners is None:
        codes = sorted({o.partner for o in offerings})
        partners = [partner(code) for code in codes]
    return MatchIndex.build(
        standard=standard(), places=PLACES, partners=partners, offerings=offerings
    )


DEV = Path("/work/shared/data/dev")


def index_of(facts: DistrictFacts) -> MatchIndex:
    """The index of a district's offerings, read with the service catalogue."""
    return MatchIndex.build(
        standard=standard(),
        places=facts.places,
        partners=facts.partners,
        offerings=facts.offerings,
    )


def dev_district() -> tuple[DistrictFacts, MatchIndex]:
    """The development district's facts and the index of its offerings, read with the
    service catalogue; the test is skipped where the development data is not present."""
    if not DEV.exists():
        pytest.skip("development data not present at /work/shared")
    facts = facts_from_document(json.loads((DEV / "region.json").read_text(encoding="utf-8")))
    return facts, index_of(facts)


def demo_index() -> tuple[MatchIndex, DistrictFacts]:
    """The demo district's index, read with the service catalogue, and its facts."""
    facts = demo_facts()
    return index_of(facts), facts


def ranked(idx: MatchIndex, n: NeedFacts, **kwargs: Any) -> list[str]:
    return [m.offering for m in idx.rank(n, **kwargs).matches]


def uncategorised(n: NeedFacts) -> NeedFacts:
    return replace(n, category=None)
