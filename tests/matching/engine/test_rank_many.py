"""Ranking many needs at once gives what ranking each alone gives."""

from __future__ import annotations

import datetime as dt

from tests.matching.engine.builders import (
    WEEKEND_DAYTIME,
    index,
    need,
    offering,
    partner,
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
