"""Coverage cells with known answers: which offerings count towards a community's
capacity in a category, and the gap left."""

from __future__ import annotations

import datetime as dt

from matching.engine.coverage import coverage, reachable
from tests.matching.engine.builders import index, offering, partner

Q4 = (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
TODAY = dt.date(2026, 11, 2)
COMMUNITIES = ["D-S1-C1", "D-S1-C2", "D-S2-C1"]


def _index():
    offerings = [
        # Serves street D-S1 (both of its communities), 3 units left.
        offering("O-STREET", capacity_left=3),
        # Serves only D-S2-C1.
        offering("O-FAR", area_codes=frozenset({"D-S2-C1"}), capacity_left=5),
        # The partner is not verified: it serves no one.
        offering("O-PENDING", partner="P2", area_codes=frozenset({"D"}), capacity_left=9),
        # Ended before today.
        offering("O-ENDED", area_codes=frozenset({"D"}), valid_until=dt.date(2026, 10, 31)),
        # Starts after the quarter.
        offering("O-LATER", area_codes=frozenset({"D"}), valid_from=dt.date(2027, 1, 1)),
        # Full this quarter.
        offering("O-FULL", area_codes=frozenset({"D"}), capacity_left=0),
        # Online only, no area: reaches every community.
        offering(
            "O-ONLINE",
            partner="P3",
            modes=frozenset({"online"}),
            area_codes=frozenset(),
            capacity_left=2,
        ),
        # Another category, serving the whole district.
        offering("O-LAW", category="legal_aid", area_codes=frozenset({"D"}), capacity_left=4),
    ]
    partners = [partner("P1"), partner("P2", status="pending"), partner("P3")]
    return index(offerings, partners)


def test_reachable_offerings_pass_every_hard_rule():
    reach = reachable(_index(), communities=COMMUNITIES, start=Q4[0], end=Q4[1], today=TODAY)
    assert set(reach["D-S1-C1"]) == {"O-STREET", "O-ONLINE", "O-LAW"}
    assert set(reach["D-S2-C1"]) == {"O-FAR", "O-ONLINE", "O-LAW"}


def test_an_offering_ended_before_today_counts_for_a_past_reading():
    reach = reachable(_index(), communities=["D-S1-C1"], start=Q4[0], end=Q4[1], today=None)
    assert "O-ENDED" in reach["D-S1-C1"]


def test_cells_sum_capacity_per_category_and_give_the_gap():
    need_units = {("D-S1-C1", "haircut"): 8, ("D-S2-C1", "haircut"): 6, ("D-S1-C2", "legal_aid"): 1}
    cells = coverage(
        _index(),
        communities=COMMUNITIES,
        categories=["haircut", "legal_aid"],
        need_units=need_units,
        start=Q4[0],
        end=Q4[1],
        today=TODAY,
    )
    table = {(c.community, c.category): (c.need_units, c.reachable_capacity, c.gap) for c in cells}
    assert table == {
        ("D-S1-C1", "haircut"): (8, 5, 3),  # O-STREET 3 + O-ONLINE 2
        ("D-S1-C1", "legal_aid"): (0, 4, 0),
        ("D-S1-C2", "haircut"): (0, 5, 0),
        ("D-S1-C2", "legal_aid"): (1, 4, 0),
        ("D-S2-C1", "haircut"): (6, 7, 0),  # O-FAR 5 + O-ONLINE 2
        ("D-S2-C1", "legal_aid"): (0, 4, 0),
    }
    first = cells[0]
    assert first.offerings == ("O-STREET", "O-ONLINE")
    assert first.partners == ("P1", "P3")


def test_capacity_set_for_the_period_is_what_counts():
    idx = _index().with_capacity({"O-STREET": 1, "O-ONLINE": 0})
    [cell] = coverage(
        idx,
        communities=["D-S1-C1"],
        categories=["haircut"],
        need_units={("D-S1-C1", "haircut"): 4},
        start=Q4[0],
        end=Q4[1],
        today=TODAY,
    )
    assert (cell.reachable_capacity, cell.gap, cell.offerings) == (1, 3, ("O-STREET",))


def test_an_offering_reaching_a_community_twice_counts_once() -> None:
    """Counted for all communities at once, an offering listing a street and one of its
    communities, an online offering that also lists an area, and a partner with offerings
    at both levels each count once; a radius counts where it reaches and not beyond."""
    offerings = [
        offering("O-BOTH", area_codes=frozenset({"D-S1", "D-S1-C1"}), capacity_left=3),
        offering("O-MINE", area_codes=frozenset({"D-S1-C1"}), capacity_left=4),
        offering(
            "O-WEB",
            partner="P2",
            modes=frozenset({"online", "home_visit"}),
            area_codes=frozenset({"D-S1-C1"}),
            capacity_left=2,
        ),
        # Its partner sits at D-S1-C1; 3 km reaches D-S1-C2 (2 km north), not D-S2-C1.
        offering("O-NEAR", partner="P3", area_codes=frozenset(), radius_km=3, capacity_left=6),
    ]
    built = index(offerings, [partner("P1"), partner("P2"), partner("P3")])
    cells = coverage(
        built,
        communities=COMMUNITIES,
        categories=["haircut"],
        need_units={},
        start=Q4[0],
        end=Q4[1],
        today=TODAY,
    )
    counted = {
        c.community: (c.reachable_capacity, len(c.offerings), len(c.partners)) for c in cells
    }
    assert counted == {
        "D-S1-C1": (3 + 4 + 2 + 6, 4, 3),
        "D-S1-C2": (3 + 2 + 6, 3, 3),
        "D-S2-C1": (2, 1, 1),
    }
    listed = {c.community: (tuple(c.offerings), tuple(c.partners)) for c in cells}
    assert listed["D-S1-C1"] == (("O-BOTH", "O-MINE", "O-WEB", "O-NEAR"), ("P1", "P2", "P3"))
    assert listed["D-S2-C1"] == (("O-WEB",), ("P2",))
