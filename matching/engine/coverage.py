"""Coverage: for each community and category, the need still open and the capacity left
in offerings that can serve that community, under the ranking's own hard rules.

What "can serve" means is decided by :meth:`MatchIndex.eligible`, the same code the
ranking runs before scoring: a probe need for the community over the whole period,
accepting any delivery mode, asks which offerings pass every hard rule (verified
partner, validity, area or online delivery, capacity left). Those offerings are then
grouped by their category (their own, or the one the index reads from their text).

Reachable capacity is what could reach the community, not what is reserved for it: an
offering serving a whole street counts in full for each of its communities.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from matching.engine.ranking import MatchIndex
from matching.engine.types import NeedFacts, OfferingSummary

PROBE = "~coverage"


@dataclass(frozen=True, slots=True)
class CoverageCell:
    """One community and category: open need units, capacity that can reach the
    community, and the offerings (and their partners) that hold it."""

    community: str
    category: str
    need_units: int
    reachable_capacity: int
    offerings: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()

    @property
    def gap(self) -> int:
        """Need units no reachable capacity could take (never negative)."""
        return max(self.need_units - self.reachable_capacity, 0)


def probe(community: str, start: dt.date, end: dt.date) -> NeedFacts:
    """A need of ``community`` over ``start``..``end`` that accepts every delivery mode:
    what passes the hard rules for it could serve the community in that period."""
    return NeedFacts(code=PROBE, community=community, title="", window_start=start, window_end=end)


def reachable(
    index: MatchIndex,
    *,
    communities: Iterable[str],
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
) -> dict[str, tuple[str, ...]]:
    """For each community, the codes of the offerings that pass every hard rule of the
    ranking for a need of that community over ``start``..``end`` (see :func:`probe`)."""
    return {code: index.eligible(probe(code, start, end), today=today) for code in communities}


def coverage(
    index: MatchIndex,
    *,
    communities: Sequence[str],
    categories: Sequence[str],
    need_units: Mapping[tuple[str, str], int],
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
) -> list[CoverageCell]:
    """One cell per community and category, communities outer, both in the given order.

    ``need_units`` maps (community, category) to the units still open there; pairs not
    given have none. Capacity is the index's ``capacity_left`` (set it for the period
    with :meth:`MatchIndex.with_capacity`)."""
    summaries = {s.code: s for s in index.summaries()}
    reach = reachable(index, communities=communities, start=start, end=end, today=today)
    cells: list[CoverageCell] = []
    for community in communities:
        by_category = group_by_category(summaries[code] for code in reach[community])
        for category in categories:
            held = by_category.get(category, ())
            cells.append(
                CoverageCell(
                    community=community,
                    category=category,
                    need_units=max(int(need_units.get((community, category), 0)), 0),
                    reachable_capacity=sum(s.capacity_left for s in held),
                    offerings=tuple(s.code for s in held),
                    partners=tuple(sorted({s.partner for s in held})),
                )
            )
    return cells


def group_by_category(
    summaries: Iterable[OfferingSummary],
) -> dict[str, tuple[OfferingSummary, ...]]:
    """Offerings by category, each group in the order given."""
    groups: dict[str, list[OfferingSummary]] = defaultdict(list)
    for summary in summaries:
        groups[summary.category].append(summary)
    return {category: tuple(group) for category, group in groups.items()}
