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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, overload

from matching.engine.ranking import MatchIndex
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


class Listed(Sequence[str]):
    """Codes counted at once and listed when first asked: a city's cells hold millions
    of offerings between them, and most reports only count them. ``part`` 0 lists a
    cell's offerings, 1 its partners."""

    __slots__ = ("_cell", "_count", "_items", "_lists", "_part")

    def __init__(
        self, count: int, lists: _Lists, cell: tuple[str, str], part: Literal[0, 1]
    ) -> None:
        self._count = count
        self._lists = lists
        self._cell = cell
        self._part = part
        self._items: tuple[str, ...] | None = None

    def _codes(self) -> tuple[str, ...]:
        if self._items is None:
            self._items = self._lists.held(*self._cell)[self._part]
        return self._items

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._codes()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes())

    def __contains__(self, code: object) -> bool:
        return code in self._codes()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self._codes() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._codes())

    def __repr__(self) -> str:
        return repr(self._codes())


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
    with :meth:`MatchIndex.with_capacity`). Capacity and the numbers of offerings and
    partners are counted for all communities at once (:meth:`MatchIndex.reach_counts`);
    a cell's offerings and partners are listed when asked, by :func:`reachable`'s rule,
    once per community."""
    counts = index.reach_counts(communities, start=start, end=end, today=today)
    column = {code: k for k, code in enumerate(index.category_codes)}
    lists = _Lists(index, start, end, today)
    cells: list[CoverageCell] = []
    for i, community in enumerate(communities):
        for category in categories:
            units = max(int(need_units.get((community, category), 0)), 0)
            k = column.get(category)
            if k is None or not counts.offerings[i, k]:
                cells.append(CoverageCell(community, category, units, 0))
                continue
            cell = (community, category)
            cells.append(
                CoverageCell(
                    community=community,
                    category=category,
                    need_units=units,
                    reachable_capacity=int(counts.capacity[i, k]),
                    offerings=Listed(int(counts.offerings[i, k]), lists, cell, 0),
                    partners=Listed(int(counts.partners[i, k]), lists, cell, 1),
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

    def held(self, community: str, category: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        groups = self._communities.get(community)
        if groups is None:
            groups = self._communities[community] = self._index.eligible_by_category(
                probe(community, *self._period), today=self._today
            )
        return groups.get(category, ((), ()))
