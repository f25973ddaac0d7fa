"""An index is updated by copies: new offerings, partner changes and capacity show at once."""

from __future__ import annotations

from dataclasses import replace

from matching.engine.ranking import MatchIndex
from tests.matching.engine.builders import index, need, offering, partner, ranked


def _base():
    return index(
        [offering("A", partner="PA"), offering("B", partner="PB", cost="low_cost")],
        [partner("PA"), partner("PB")],
    )


def test_new_offering_appears_and_the_original_index_is_unchanged():
    idx = _base()
    grown = idx.with_offerings([offering("C", partner="PA", title="上门理发", cost="free")])
    assert "C" in ranked(grown, need())
    assert "C" not in ranked(idx, need())


def test_removed_offering_disappears():
    assert ranked(_base().with_offerings([], removed=["A"]), need()) == ["B"]


def test_replaced_offering_is_read_with_its_new_facts():
    moved = offering("A", partner="PA", area_codes=frozenset({"D-S2"}))
    assert ranked(_base().with_offerings([moved]), need()) == ["B"]


def test_suspended_partner_disappears_and_returns_when_verified_again():
    idx = _base().with_partners([partner("PA", status="suspended")])
    assert ranked(idx, need()) == ["B"]
    assert ranked(idx.with_partners([partner("PA")]), need()) == ["A", "B"]


def test_partner_reliability_update_changes_the_order():
    idx = _base().with_partners([partner("PA", reliability=0.0), partner("PB", reliability=1.0)])
    assert ranked(_base(), need()) == ["A", "B"]
    # Low cost against free weighs more than reliability: the order holds...
    assert ranked(idx, need()) == ["A", "B"]
    # ...until the two offerings are otherwise equal.
    equal = idx.with_offerings([replace(offering("B", partner="PB"))])
    assert ranked(equal, need()) == ["B", "A"]


def test_full_capacity_disappears_and_freed_capacity_returns():
    full = _base().with_capacity({"A": 0})
    assert ranked(full, need()) == ["B"]
    assert ranked(full.with_capacity({"A": 2}), need()) == ["A", "B"]


def test_capacity_of_unknown_offerings_is_ignored():
    assert ranked(_base().with_capacity({"NOPE": 0}), need()) == ["A", "B"]


def test_partners_updated_in_place_rank_as_an_index_built_with_their_new_facts() -> None:
    offerings = [
        offering("A", partner="PA"),
        offering("B", partner="PB"),
        offering("C", partner="PC", radius_km=8.0, area_codes=frozenset()),
        offering("D", partner="PA", cost="low_cost"),
    ]
    before = [partner("PA"), partner("PB"), partner("PC")]
    after = [
        partner("PA", load=9, reliability=0.2),
        partner("PC", lat=22.61, lng=113.93, reliability=1.0),
        partner("PB", status="suspended"),
    ]
    updated = index(offerings, before).with_partners(after)
    built = index(offerings, after)

    def scores(idx: MatchIndex) -> list[tuple[str, float]]:
        return [(m.offering, round(m.score, 9)) for m in idx.rank(need(), limit=10).matches]

    assert scores(updated) == scores(built)
    assert "B" not in dict(scores(updated))
    assert scores(updated) != scores(index(offerings, before))
    # A partner not there yet takes the path that numbers partners anew.
    grown = updated.with_partners([partner("PE")]).with_offerings([offering("E", partner="PE")])
    assert "E" in dict(scores(grown))


def test_a_quarters_capacity_is_each_offerings_capacity_less_what_is_held() -> None:
    """Whatever capacity left the index had (another quarter's), a quarter's is each
    offering's quarterly capacity less the units held in it, never below 0; a replaced
    offering's new capacity counts."""
    idx = index(
        [
            offering("A", partner="PA", capacity=5, capacity_left=1),
            offering("B", partner="PB", capacity=4, capacity_left=0),
            offering("C", partner="PA", capacity=2, capacity_left=2),
        ],
        [partner("PA"), partner("PB")],
    )
    left = idx.with_quarter_capacity({"A": 3, "C": 7, "NOPE": 1})
    assert [s.capacity_left for s in left.summaries()] == [2, 4, 0]
    grown = idx.with_offerings([offering("B", partner="PB", capacity=9)])
    assert {s.code: s.capacity_left for s in grown.with_quarter_capacity({}).summaries()} == {
        "A": 5,
        "B": 9,
        "C": 2,
    }
