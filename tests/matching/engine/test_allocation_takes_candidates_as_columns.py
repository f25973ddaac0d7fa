"""A plan made from candidates as columns (``Candidates``, as a batch ranks them without
a ``Match`` per candidate) is the plan made from the same rankings; and candidates
replaced need by need read as the rankings they were replaced with."""

from __future__ import annotations

import datetime as dt
import random

import synthetic
from matching.engine.allocation import AllocationSettings, Demand, Pairing, Supply, allocate
from matching.engine.interchange import facts_from_document
from matching.engine.ranking import MatchIndex
from matching.engine.types import Candidates
from tests.matching.engine.allocation_builders import ranking
from tests.matching.engine.builders import standard


def test_the_plan_from_the_engines_columns_is_the_plan_from_its_rankings() -> None:
    facts = facts_from_document(synthetic.generate_region(offerings=900, needs=180, seed=11))
    idx = MatchIndex.build(
        standard=standard(), places=facts.places, partners=facts.partners, offerings=facts.offerings
    )
    today = dt.date(2026, 10, 2)
    needs = list(facts.needs)
    _, listed = idx.candidates(needs, limit=20, today=today)
    rankings = idx.rank_many(needs, limit=20, today=today, reasons=False)
    draw = random.Random(3)  # a repeatable draw
    supplies = [
        Supply(o.code, o.partner, capacity=draw.randint(0, 2), used=draw.randint(0, 2))
        for o in facts.offerings
    ]
    demands = [Demand(n.code, n.quantity, n.priority) for n in needs]
    pairs = [(r.need, m.offering) for r in rankings for m in r.matches]
    kept = [Pairing(n, o, 1) for n, o in draw.sample(pairs, 5)]
    excluded = set(draw.sample(pairs, 20))
    for settings in (AllocationSettings(), AllocationSettings(min_score=0.5)):
        plans = [
            allocate(
                demands=demands,
                supplies=supplies,
                rankings=given,
                kept=kept,
                excluded=excluded,
                settings=settings,
            )
            for given in (listed, rankings)
        ]
        assert plans[0] == plans[1]
        assert len(plans[0].assignments) > 20
        assert {u.reason for u in plans[0].unfilled} >= {"capacity", "not_relevant"}


def test_candidates_replaced_need_by_need() -> None:
    rankings = [
        ranking("N1", ("O1", "P1", 0.5)),
        ranking("N2"),
        ranking("N3", ("O2", "P2", 0.7), ("O3", "P3", 0.4)),
        ranking("N4", ("O4", "P4", 0.3)),
    ]
    listed = Candidates.of(rankings)
    new_second = ranking("N2", ("O9", "P9", 0.2), excluded=("capacity",))
    new_last = ranking("N4")
    changed = listed.with_rankings({1: new_second, 3: new_last})
    assert changed.rankings() == [rankings[0], new_second, rankings[2], new_last]
    assert changed.starts.tolist() == [0, 1, 2, 4, 4]
    assert listed.rankings() == rankings  # the original is left as it was
    assert listed.with_rankings({}) is listed
