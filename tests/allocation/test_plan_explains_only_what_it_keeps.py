"""A plan ranks 50-odd candidates a need and keeps a few: the candidates are ranked
without reasons, and only the plan's assignments are explained, each exactly as the
need's ranking explains that offering."""

from __future__ import annotations

from typing import Any

from matching.allocation import allocation_inputs, allocation_plan, parse_quarter
from tests.allocation.conftest import QUARTER


def test_candidates_without_reasons_keep_their_scores(district: dict[str, Any]) -> None:
    quarter = parse_quarter(QUARTER)
    scope = district["tree"]["BA"]
    explained = allocation_inputs(scope=scope, quarter=quarter)
    bare = allocation_inputs(scope=scope, quarter=quarter, reasons=False)
    assert [(r.need, [(m.offering, m.score) for m in r.matches]) for r in bare.rankings] == [
        (r.need, [(m.offering, m.score) for m in r.matches]) for r in explained.rankings
    ]
    assert any(r.matches for r in bare.rankings)
    assert all(not m.reasons for r in bare.rankings for m in r.matches)


def test_each_assignment_has_the_reasons_its_ranking_gives(district: dict[str, Any]) -> None:
    quarter = parse_quarter(QUARTER)
    scope = district["tree"]["BA"]
    plan = allocation_plan(scope=scope, quarter=quarter)
    ranked = {
        (r.need, m.offering): m
        for r in allocation_inputs(scope=scope, quarter=quarter).rankings
        for m in r.matches
    }
    assert plan.assignments
    for a in plan.assignments:
        match = ranked[(a.need, a.offering)]
        assert a.reasons, a
        assert a.reasons == match.reasons
        assert a.score == match.score
