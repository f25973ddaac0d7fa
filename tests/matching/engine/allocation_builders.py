"""Small hand-built allocation inputs shared by the allocation tests."""

from __future__ import annotations

from collections.abc import Iterable

from matching.engine.allocation import Assignment
from matching.engine.types import Exclusion, Match, Ranking, Reason


def ranking(
    need: str, *candidates: tuple[str, str, float], excluded: tuple[str, ...] = ()
) -> Ranking:
    """A ranking for ``need`` from ``(offering, partner, score)`` triples, best first as
    given, each with one category reason; ``excluded`` lists exclusion codes."""
    return Ranking(
        need=need,
        matches=tuple(
            Match(
                offering=offering,
                partner=partner,
                score=score,
                reasons=(Reason("category", "服务类别相同", "same category", score),),
            )
            for offering, partner, score in candidates
        ),
        excluded=tuple(
            Exclusion(f"X-{n}", "X-P", code, "不可用", "not usable")
            for n, code in enumerate(excluded)
        ),
    )


def quantities(plan_assignments: Iterable[Assignment], need: str) -> dict[str, int]:
    """Units per offering assigned to ``need``."""
    out: dict[str, int] = {}
    for a in plan_assignments:
        if a.need == need:
            out[a.offering] = out.get(a.offering, 0) + a.quantity
    return out
