"""Ranking many needs at once gives what ranking each alone gives."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

import synthetic
from matching.engine.interchange import facts_from_document
from matching.engine.ranking import MatchIndex
from tests.matching.engine.builders import (
    WEEKEND_DAYTIME,
    index,
    need,
    offering,
    partner,
    standard,
    uncategorised,
)


def test_rank_many_equals_rank_one_by_one():
    idx = index(
        [
            offering(f"O{i}", partner=f"P{i % 3}", cost=("free", "low_cost", "paid")[i % 3])
            for i in range(12)
        ]
        + [offering("LAW", partner="P0", category="legal_aid", title="律师", description="法律")],
        [partner("P0"), partner("P1", reliability=0.9), partner("P2", load=4)],
    )
    needs = [
        need("N1"),
        uncategorised(need("N2", preferred_slots=WEEKEND_DAYTIME)),
        need("N3", category="legal_aid", title="合同纠纷", description="想问问律师"),
        need("N4", community="D-S2-C1"),
    ] * 20
    many = idx.rank_many(needs, limit=5, today=dt.date(2026, 10, 2))
    for n, ranking in zip(needs, many, strict=True):
        alone = idx.rank(n, limit=5, today=dt.date(2026, 10, 2))
        assert ranking.matches == alone.matches
        assert ranking.categories == alone.categories
    assert many[3].matches == ()


def test_rank_many_equals_rank_one_by_one_on_a_generated_district():
    generator = synthetic
    facts = facts_from_document(generator.generate_region(offerings=1500, needs=300, seed=5))
    idx = MatchIndex.build(
        standard=standard(),
        places=facts.places,
        partners=facts.partners,
        offerings=facts.offerings,
    )
    today = dt.date(2026, 10, 2)
    many = idx.rank_many(facts.needs, limit=10, today=today)
    assert [r.need for r in many] == [n.code for n in facts.needs]
    assert sum(len(r.matches) for r in many) > len(facts.needs)
    for n, ranking in zip(facts.needs, many, strict=True):
        assert ranking == idx.rank(n, limit=10, today=today)
    # Ranked again, in another order, the same needs get the same rankings.
    assert idx.rank_many(facts.needs[::-1], limit=10, today=today) == many[::-1]


def test_needs_read_once_rank_and_fit_as_when_read_again():
    facts = facts_from_document(synthetic.generate_region(offerings=800, needs=150, seed=9))
    idx = MatchIndex.build(
        standard=standard(), places=facts.places, partners=facts.partners, offerings=facts.offerings
    )
    today = dt.date(2026, 10, 2)
    needs = list(facts.needs)
    readings = idx.read_needs(needs)
    assert any(n.category is None for n in needs)

    ranked = idx.rank_many(needs, limit=10, today=today, readings=readings)
    assert ranked == idx.rank_many(needs, limit=10, today=today)
    candidates = idx.rank_many(needs, limit=30, today=today, reasons=False, readings=readings)
    assert candidates == idx.rank_many(needs, limit=30, today=today, reasons=False)

    pairs = [(n, [m.offering for m in r.matches[::3]]) for n, r in zip(needs, ranked, strict=True)]
    fitted = idx.fit_many(pairs[::-1], readings=readings)
    assert fitted == idx.fit_many(pairs[::-1])
    assert any(fitted)
    # A need changed since it was read is read again.
    changed = replace(needs[0], title="想请律师看看合同", category=None)
    assert idx.fit_many([(changed, pairs[0][1])], readings=readings) == idx.fit_many(
        [(changed, pairs[0][1])]
    )


def test_readings_of_other_needs_are_refused():
    idx = index([offering("O1")], [partner("P1")])
    readings = idx.read_needs([need("N1"), need("N2")])
    with pytest.raises(ValueError, match="readings"):
        idx.rank_many([need("N1")], readings=readings)


def test_readings_of_the_same_number_of_other_needs_are_refused():
    idx = index([offering("O1")], [partner("P1")])
    readings = idx.read_needs([need("N1"), need("N2")])
    with pytest.raises(ValueError, match="readings"):
        idx.rank_many([need("N2"), need("N1")], readings=readings)
