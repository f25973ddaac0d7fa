"""Coverage: for each community and category, the need still open and the capacity left
in offerings that can serve that community, under the ranking's own hard rules.

What "can serve" means is decided by :meth:`MatchIndex.eligible`, the same code the
ranking runs before scoring: a probe need for the community over the whole period,
accepting any delivery mode, asks which offerings pass every hard rule (verified
partner, validity, area or online delivery, capacity left). Those offerings are then
grouped by their category (their own, or the one the index reads from their text).

Reachable capacity is what could reach the community, not what is reserved for it: an
offering serving a whole street counts in full for each of its communities.

A city's coverage is counted for all its communities at once
(:meth:`MatchIndex.reach_counts`, :mod:`matching.engine.reach`): what the same rule lets
through, without listing each community's offerings. A cell lists its offerings and
partners only when asked (:class:`Listed`), by the probe above.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Literal

from matching.engine.ranking import EligibleRows, MatchIndex
from matching.engine.rows import Listed
from matching.engine.types import NeedFacts

PROBE = "~coverage"


@dataclass(frozen=True, slots=True)
class CoverageCell:
    """One community and category: open need units, capacity that can reach the
    community, and the offerings (and their partners) that hold it."""

    community: str
    category: str
    need_units: int
    reachable_capacity: int
    offerings: Sequence[str] = ()
    partners: Sequence[str] = ()

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


def reaching_rows(
    index: MatchIndex,
    *,
    communities: Sequence[str],
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
) -> EligibleRows:
    """:func:`reachable` for many communities at once, as arrays: each entry's ``need``
    is the position of its community in ``communities``."""
    return index.eligible_rows([probe(code, start, end) for code in communities], today=today)


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
    with :meth:`MatchIndex.with_capacity`). Capacity and the numbers of offerings and
    partners are counted for all communities at once (:meth:`MatchIndex.reach_counts`);
    a cell's offerings and partners are listed when asked, by :func:`reachable`'s rule,
    once per community."""
    counts = index.reach_counts(communities, start=start, end=end, today=today)
    column = {code: k for k, code in enumerate(index.category_codes)}
    lists = _Lists(index, start, end, today)
    # Read as lists: a numpy scalar per cell and figure cost more than the rest.
    capacity, offerings, partners = (
        counts.capacity.tolist(),
        counts.offerings.tolist(),
        counts.partners.tolist(),
    )
    cells: list[CoverageCell] = []
    for i, community in enumerate(communities):
        for category in categories:
            units = max(int(need_units.get((community, category), 0)), 0)
            k = column.get(category)
            if k is None or not offerings[i][k]:
                cells.append(CoverageCell(community, category, units, 0))
                continue
            cell = (community, category)
            cells.append(
                CoverageCell(
                    community=community,
                    category=category,
                    need_units=units,
                    reachable_capacity=capacity[i][k],
                    offerings=Listed(offerings[i][k], partial(lists.held, cell, 0)),
                    partners=Listed(partners[i][k], partial(lists.held, cell, 1)),
                )
            )
    return cells


class _Lists:
    """The offerings and partners of a community's cells, listed by :func:`reachable`'s
    rule when first asked, once per community."""

    def __init__(
        self, index: MatchIndex, start: dt.date, end: dt.date, today: dt.date | None
    ) -> None:
        self._index = index
        self._period = (start, end)
        self._today = today
        self._communities: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {}

    def held(self, cell: tuple[str, str], part: Literal[0, 1]) -> tuple[str, ...]:
        """The offerings (``part`` 0) or the partners (1) of the (community, category)
        ``cell``."""
        community, category = cell
        groups = self._communities.get(community)
        if groups is None:
            groups = self._communities[community] = self._index.eligible_by_category(
                probe(community, *self._period), today=self._today
            )
        return groups.get(category, ((), ()))[part]
