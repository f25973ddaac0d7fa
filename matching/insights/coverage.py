"""Coverage of an area in a quarter: for every community and service category, the need
units still open, the capacity left in offerings that can serve that community under the
ranking's hard rules, and the gap between them.

The rules are the engine's own (:mod:`matching.engine.coverage` asks
:meth:`MatchIndex.eligible`), on the process's current index with the quarter's
capacity. Open need units are read as of the quarter:

- needs of the area's communities (a station's needs count for its community) that were
  raised by the quarter's end, whose window overlaps the quarter, and that are neither
  drafts nor cancelled;
- each counts its quantity less the units of its live projects (proposed to evaluated)
  of that quarter or earlier, so a need served only later still shows as open then;
- its category is its own or, when it has none, the one the engine reads from its text.

Capacity is what is left in the quarter after accepted work and after work proposed or
dispatched and not yet answered (:func:`matching.allocation.free_capacity`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Sum
from django.utils import timezone

from core.memory import collection_paused
from matching.allocation import held_units
from matching.engine import coverage as engine
from matching.engine.quarters import Quarter
from matching.engine.ranking import MatchIndex
from matching.facts import needs_as_read
from matching.index import current_index
from needs.models import Need, Project
from partners.models import Category, Community
from partners.selectors import community_subtree_ids

EXCLUDED_NEEDS = (Need.Status.DRAFT, Need.Status.CANCELLED)


@dataclass(frozen=True)
class CoverageReport:
    """The coverage of ``scope`` in ``quarter``: one cell per community (level
    ``community`` under the scope, by code) and category (the standard's order)."""

    scope: Community
    quarter: Quarter
    communities: list[Community]
    categories: list[Category]
    cells: list[engine.CoverageCell]

    @cached_property
    def community_names(self) -> dict[str, str]:
        return {c.code: c.name for c in self.communities}

    @cached_property
    def category_names(self) -> dict[str, str]:
        return {c.code: c.name_zh for c in self.categories}

    def rows(self, *, gaps_only: bool = False) -> list[dict[str, object]]:
        """The cells as the API gives them (``gaps_only``: only cells with a gap)."""
        with collection_paused():
            return self._rows(gaps_only)

    def _rows(self, gaps_only: bool) -> list[dict[str, object]]:
        return [
            {
                "community": cell.community,
                "community_name": self.community_names[cell.community],
                "category": cell.category,
                "category_name": self.category_names[cell.category],
                "need_units": cell.need_units,
                "reachable_capacity": cell.reachable_capacity,
                "gap": cell.gap,
                "offerings": len(cell.offerings),
                "partners": len(cell.partners),
            }
            for cell in self.cells
            if cell.gap > 0 or not gaps_only
        ]

    def gaps(self) -> list[engine.CoverageCell]:
        """Cells with a gap, largest first (then by community and category)."""
        return sorted(
            (cell for cell in self.cells if cell.gap > 0),
            key=lambda cell: (-cell.gap, cell.community, cell.category),
        )

    def cell(self, community: str, category: str) -> engine.CoverageCell | None:
        return self._by_key.get((community, category))

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], engine.CoverageCell]:
        return {(cell.community, cell.category): cell for cell in self.cells}


def area_communities(scope: Community) -> list[Community]:
    """The communities (level ``community``) in ``scope``, by code; a community is its
    own only one."""
    ids = community_subtree_ids([scope.pk])
    return list(
        Community.objects.filter(id__in=ids, level=Community.Level.COMMUNITY).order_by("code")
    )


def community_of(communities: list[Community]) -> dict[int, str]:
    """Each community's and station's id -> the code of the community it belongs to."""
    parents = dict(Community.objects.values_list("id", "parent_id"))
    codes = {c.pk: c.code for c in communities}
    owner: dict[int, str] = {}
    for cid in parents:
        current: int | None = cid
        seen: set[int] = set()
        while current is not None and current not in seen:
            if current in codes:
                owner[cid] = codes[current]
                break
            seen.add(current)
            current = parents.get(current)
    return owner


def open_need_units(
    *, communities: list[Community], quarter: Quarter, index: MatchIndex
) -> dict[tuple[str, str], int]:
    """Open need units by (community code, category code) in ``quarter`` (see the
    module's docstring). A fixed number of queries."""
    owner = community_of(communities)
    needs = (
        Need.objects.filter(
            community_id__in=list(owner),
            window_start__lte=quarter.end,
            window_end__gte=quarter.start,
            created_at__lt=_start_of(quarter.next().start),
        )
        .exclude(status__in=EXCLUDED_NEEDS)
        .order_by("code")
    )
    served = dict(
        Project.objects.filter(need__in=needs, status__in=Project.LIVE, quarter__lte=str(quarter))
        .values("need_id")
        .annotate(units=Sum("quantity"))
        .values_list("need_id", "units")
    )
    rows = list(needs.values_list("id", "code", "community_id", "category_id", "quantity"))
    uncategorised = {code for _, code, _, category, _ in rows if category is None}
    read: dict[str, str] = {}
    if uncategorised:
        facts = needs_as_read(needs.filter(category__isnull=True))
        for need, guesses in zip(facts, index.read_categories(facts, limit=1), strict=True):
            if guesses:
                read[need.code] = guesses[0].code
    units: dict[tuple[str, str], int] = defaultdict(int)
    for nid, code, community_id, category, quantity in rows:
        what = category or read.get(code)
        left = quantity - int(served.get(nid) or 0)
        if what is None or left <= 0:
            continue
        units[(owner[community_id], what)] += left
    return dict(units)


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def quarter_index(quarter: Quarter) -> MatchIndex:
    """The current index with every offering's capacity free in ``quarter``
    (:func:`~matching.allocation.free_capacity`, from the index's own capacities)."""
    return current_index().with_quarter_capacity(held_units(quarter=quarter))


def rules_day(quarter: Quarter) -> dt.date | None:
    """The ``today`` the hard rules are checked with: today for this quarter and later
    ones (an offering that has ended serves no one), none for a past quarter (judged by
    its own dates)."""
    today = timezone.localdate()
    return today if quarter.end >= today else None


def coverage_cells(
    *,
    communities: list[Community],
    categories: list[Category],
    quarter: Quarter,
    index: MatchIndex | None = None,
) -> tuple[list[engine.CoverageCell], MatchIndex]:
    """The cells of ``communities`` × ``categories`` in ``quarter`` (communities outer),
    and the index the rules ran on (default: :func:`quarter_index`)."""
    index = index if index is not None else quarter_index(quarter)
    need_units = open_need_units(communities=communities, quarter=quarter, index=index)
    # A city's cells are some half a million objects, all kept (see core.memory).
    with collection_paused():
        cells = engine.coverage(
            index,
            communities=[c.code for c in communities],
            categories=[c.code for c in categories],
            need_units=need_units,
            start=quarter.start,
            end=quarter.end,
            today=rules_day(quarter),
        )
    return cells, index


def coverage_report(
    *, scope: Community, quarter: Quarter, index: MatchIndex | None = None
) -> CoverageReport:
    """The coverage of ``scope`` (a district, street or community) in ``quarter``. Reads a
    fixed number of queries; the rules run on ``index`` (default: the current index with
    the quarter's capacity, :func:`quarter_index`)."""
    communities = area_communities(scope)
    categories = list(Category.objects.order_by("position", "code"))
    cells, _ = coverage_cells(
        communities=communities, categories=categories, quarter=quarter, index=index
    )
    return CoverageReport(
        scope=scope, quarter=quarter, communities=communities, categories=categories, cells=cells
    )
