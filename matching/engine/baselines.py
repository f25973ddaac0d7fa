"""The baseline any team would try first: BM25 over jieba tokens (rank_bm25).

Kept beside the engine so its quality and speed are measured on the same data.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from matching.engine import text as textmod
from matching.engine.types import NeedFacts, OfferingFacts, Standard


def _tokens(text: str) -> list[str]:
    return textmod.words(text) or ["∅"]


class Bm25Baseline:
    """BM25Okapi over the jieba words of each offering's title, description, tags and
    category name; a need's title, description and tags are the query."""

    def __init__(self, offerings: Sequence[OfferingFacts], standard: Standard) -> None:
        names = {c.code: c.name_zh for c in standard.categories}
        self._codes = [o.code for o in offerings]
        self._position = {code: i for i, code in enumerate(self._codes)}
        corpus = [
            _tokens(
                " ".join(
                    (
                        o.title,
                        o.description,
                        " ".join(sorted(o.tags)),
                        names.get(o.category or "", ""),
                    )
                )
            )
            for o in offerings
        ]
        self._bm25 = BM25Okapi(corpus) if corpus else None

    def rank(
        self, need: NeedFacts, *, limit: int = 10, only: Collection[str] | None = None
    ) -> list[str]:
        """Offering codes by BM25 score, best first; ``only`` restricts the ranking to
        those codes (BM25 behind the hard rules)."""
        if self._bm25 is None:
            return []
        query = _tokens(" ".join((need.title, need.description, " ".join(sorted(need.tags)))))
        scores = np.asarray(self._bm25.get_scores(query), dtype=np.float64)
        if only is not None:
            allowed = np.zeros(len(self._codes), dtype=bool)
            allowed[[self._position[c] for c in only if c in self._position]] = True
            scores = np.where(allowed, scores, -np.inf)
        order = np.lexsort((np.arange(len(self._codes)), -scores))
        return [self._codes[i] for i in order[:limit] if np.isfinite(scores[i])]
