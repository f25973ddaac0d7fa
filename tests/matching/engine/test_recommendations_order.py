"""Recommendations come recruits first, then larger gaps, then codes; each gap's
invites stay best first; neighbours are the street's and those within reach, nearest
first."""

from __future__ import annotations

from matching.engine.coverage import CoverageCell
from matching.engine.recommendations import Names, neighbours_of, partner_capacity, recommend
from matching.engine.types import OfferingSummary, Place

KM_NORTH = 1 / 111.2  # degrees of latitude per km


def test_recruits_first_then_larger_gaps_then_codes() -> None:
    current = [
        CoverageCell("A", "rehab", need_units=3, reachable_capacity=0),
        CoverageCell("B", "legal_aid", need_units=5, reachable_capacity=0),
        CoverageCell("B", "rehab", need_units=1, reachable_capacity=0),
        CoverageCell("C", "rehab", need_units=3, reachable_capacity=0),
    ]
    previous = [
        CoverageCell("B", "rehab", need_units=1, reachable_capacity=0),
        CoverageCell("C", "rehab", need_units=1, reachable_capacity=0),
    ]
    reach = {
        ("N", "rehab"): {"P-1": 4, "P-2": 9},
        ("N", "legal_aid"): {"P-3": 1},
    }
    found = recommend(
        communities=["A", "B", "C"],
        current=current,
        previous=previous,
        neighbours={"A": ["N"], "B": ["N"], "C": ["N"]},
        reach=reach,
        names=Names(),
    )
    assert [(r.kind, r.community, r.category, r.gap, r.partner) for r in found] == [
        ("recruit", "C", "rehab", 3, None),
        ("recruit", "B", "rehab", 1, None),
        ("invite", "B", "legal_aid", 5, "P-3"),
        ("invite", "A", "rehab", 3, "P-2"),
        ("invite", "A", "rehab", 3, "P-1"),
        ("invite", "C", "rehab", 3, "P-2"),
        ("invite", "C", "rehab", 3, "P-1"),
        ("invite", "B", "rehab", 1, "P-2"),
        ("invite", "B", "rehab", 1, "P-1"),
    ]


def test_names_fall_back_to_codes() -> None:
    found = recommend(
        communities=["A"],
        current=[CoverageCell("A", "rehab", need_units=2, reachable_capacity=0)],
        previous=[CoverageCell("A", "rehab", need_units=1, reachable_capacity=0)],
        neighbours={},
        reach={},
        names=Names(),
    )
    assert found[0].text_zh == "为A招募rehab合伙人：本季度缺口 2 个单位，上季度缺口 1 个"


def test_partner_capacity_sums_each_partners_offerings_in_the_cell() -> None:
    cells = [
        CoverageCell("Y", "rehab", 0, 9, offerings=("O-1", "O-2", "O-3"), partners=("P", "Q")),
        CoverageCell("Y", "legal_aid", 0, 0),
    ]
    summaries = [
        OfferingSummary("O-1", "P", "rehab", True, 2),
        OfferingSummary("O-2", "P", "rehab", True, 3),
        OfferingSummary("O-3", "Q", "rehab", False, 4),
    ]
    assert partner_capacity(cells, summaries) == {
        ("Y", "rehab"): {"P": 5, "Q": 4},
        ("Y", "legal_aid"): {},
    }


def place(code: str, street: str, km_north: float | None) -> Place:
    if km_north is None:
        return Place(code, code, "community", street)
    return Place(code, code, "community", street, 22.5 + km_north * KM_NORTH, 113.9)


def test_neighbours_are_the_street_and_those_within_reach_nearest_first() -> None:
    places = [
        Place("S1", "一街道", "street", "D"),
        Place("S2", "二街道", "street", "D"),
        place("X", "S1", 0.0),
        place("A", "S1", 5.0),  # same street, far: a neighbour all the same
        place("B", "S2", 2.0),  # other street, within 3 km
        place("C", "S2", 4.0),  # other street, too far
        place("D", "S1", None),  # same street, no coordinates: after those with
        place("E", "S2", None),  # other street, no coordinates: not a neighbour
        place("F", "S2", 1.0),
        Place("X-1", "站", "station", "X", 22.5, 113.9),  # stations are not neighbours
    ]
    found = neighbours_of(places, codes=["X", "D", "Q"], within_km=3.0)
    assert found["X"] == ("F", "B", "A", "D")
    # Without coordinates only the street's communities are known to be near, by code.
    assert found["D"] == ("A", "X")
    assert found["Q"] == ()
