"""Ranking quality measures over graded relevance (grades 0..3, unlisted = 0)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg_at_k(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """Discounted cumulative gain of the first ``k`` codes, gain ``2^grade - 1``."""
    return sum(
        (2.0 ** grades.get(code, 0) - 1.0) / math.log2(position + 2)
        for position, code in enumerate(ranked[:k])
    )


def ndcg_at_k(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k: DCG of ``ranked`` over the DCG of the ideal order of ``grades``.

    A need with no graded offering has no ideal gain and scores 1.0; evaluations leave
    such needs out of their averages.
    """
    ideal = dcg_at_k(sorted(grades, key=lambda c: -grades[c]), grades, k)
    if ideal <= 0:
        return 1.0
    return dcg_at_k(ranked, grades, k) / ideal


def precision_at_1(ranked: Sequence[str], grades: Mapping[str, int]) -> float:
    """1.0 when the top result is a real fit, grade 2 or 3 (same kind of service and
    usable); a related category (grade 1) does not count. 0.0 when nothing is ranked."""
    return 1.0 if ranked and grades.get(ranked[0], 0) >= 2 else 0.0
