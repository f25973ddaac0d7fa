"""The partner network of an area (合伙人网络): how partners hold its communities together
and where it is thin, read from the database for :mod:`matching.engine.network`.

What goes in, for an area and a quarter:

- the communities: those of the area (:func:`~matching.insights.coverage.area_communities`),
  grouped by their street;
- the projects: live ones (proposed to evaluated) of a need of the area — a station's
  needs count for its community — whose quarter is one of the ``window`` quarters ending
  with the quarter; a project's category is its need's, or its offering's when the need
  has none;
- the reach and the demand, as the area's coverage in the quarter counts them
  (:mod:`matching.insights.coverage`): per community and category, the partners whose
  offerings pass the ranking's hard rules (:func:`~matching.engine.coverage.reaching_rows`),
  and the open need units (:func:`~matching.insights.coverage.open_need_units`);
- the capacity: per partner, the quarterly capacity of its offerings that reach a
  community of the area; used or promised are the units of all its offerings the
  quarter no longer has free (:func:`matching.allocation.held_units`: accepted work,
  and proposed or dispatched work not yet answered).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce

from core.errors import InvalidInputError
from core.queries import CodeSet
from matching.allocation import held_units
from matching.engine import network as engine
from matching.engine.coverage import reaching_rows
from matching.engine.quarters import Quarter
from matching.engine.ranking import MatchIndex
from matching.index import current_index
from matching.insights.coverage import area_communities, community_of, open_need_units, rules_day
from needs.models import Project
from partners.models import Category, Community, Offering, Partner

# How many quarters of projects the network is drawn from, by default and at most.
WINDOW = 4
MAX_WINDOW = 12
# Idle partners listed, the most capacity first, unless all are asked for: a district
# can have thousands, each reaching hundreds of communities (the page's table and the
# API's list alike; their number is always given).
IDLE_ROWS = 20


def idle_limit(asked: str | None) -> int | None:
    """How many idle partners to list for the ``idle`` parameter of the page and the
    API: every one (``None``) for ``all``, else :data:`IDLE_ROWS`."""
    return None if asked == "all" else IDLE_ROWS


@dataclass(frozen=True)
class AreaNetwork:
    """The network of ``scope`` over ``quarters`` (oldest first, the last is the quarter
    whose reach, demand and capacity are read), with the names to show it."""

    scope: Community
    quarter: Quarter
    quarters: list[Quarter]
    network: engine.PartnerNetwork
    category_names: dict[str, str]

    @cached_property
    def community_names(self) -> dict[str, str]:
        return {c.code: c.name for c in self.network.communities}

    @cached_property
    def partners(self) -> dict[str, engine.PartnerNode]:
        return {p.code: p for p in self.network.partners}

    def drawn_partners(self) -> set[str]:
        """The partners the picture draws (:attr:`PartnerNetwork.drawn`)."""
        return set(self.network.drawn)


def window_quarters(quarter: Quarter, window: int) -> list[Quarter]:
    """The ``window`` quarters ending with ``quarter``, oldest first;
    ``InvalidInputError`` naming ``window`` unless 1 <= window <= :data:`MAX_WINDOW`."""
    if not 1 <= window <= MAX_WINDOW:
        message = f"window must be 1 to {MAX_WINDOW} quarters"
        raise InvalidInputError(message, fields={"window": [message]})
    quarters = [quarter]
    while len(quarters) < window:
        quarters.append(quarters[-1].previous())
    return quarters[::-1]


def partner_network(*, scope: Community, quarter: Quarter, window: int = WINDOW) -> AreaNetwork:
    """The partner network of ``scope`` (a district, street or community) in ``quarter``,
    with the projects of the ``window`` quarters ending with it (see the module's
    docstring). A fixed number of queries whatever the size of the area."""
    quarters = window_quarters(quarter, window)
    held = held_units(quarter=quarter)
    index = current_index().with_quarter_capacity(held)
    area = area_communities(scope)
    category_names = dict(
        Category.objects.order_by("position", "code").values_list("code", "name_zh")
    )
    owner = community_of(area)
    streets = dict(
        Community.objects.filter(
            id__in={c.parent_id for c in area if c.parent_id is not None}
        ).values_list("id", "code")
    )
    communities = [
        engine.CommunityNode(
            code=c.code,
            name=c.name,
            street=streets.get(c.parent_id, "") if c.parent_id is not None else "",
            lat=c.lat,
            lng=c.lng,
        )
        for c in area
    ]

    rows = (
        Project.objects.filter(
            need__community_id__in=list(owner),
            status__in=Project.LIVE,
            quarter__in=[str(q) for q in quarters],
        )
        .annotate(
            partner_code=F("offering__partner__code"),
            what=Coalesce("need__category_id", "offering__category_id"),
        )
        .values("partner_code", "need__community_id", "what")
        .annotate(projects=Count("id"), units=Sum("quantity"))
        .values_list("partner_code", "need__community_id", "what", "projects", "units")
        .order_by()
    )
    links = [
        engine.ProjectLink(
            partner=partner,
            community=owner[community_id],
            category=what or "",
            projects=int(projects),
            units=int(units or 0),
        )
        for partner, community_id, what, projects, units in rows
    ]
    reach, reaching = _reach([c.code for c in area], category_names, quarter, index)
    demand = [
        engine.Demand(community=community, category=category, need_units=units)
        for (community, category), units in open_need_units(
            communities=area, quarter=quarter, index=index
        ).items()
        if units > 0 and category in category_names
    ]

    codes = {link.partner for link in links} | set(reach.partners)
    capacity: dict[str, int] = defaultdict(int)
    used: dict[str, int] = defaultdict(int)
    # A district's partners are thousands of codes: bound as one value (CodeSet), not
    # one placeholder each, which took 280 ms a query.
    for offering, partner, total in Offering.objects.filter(
        partner__code__in=CodeSet(codes)
    ).values_list("code", "partner__code", "capacity"):
        if offering in reaching:
            capacity[partner] += total
        used[partner] += min(held.get(offering, 0), total)
    partners = [
        engine.PartnerNode(code=code, name=name, kind=kind)
        for code, name, kind in Partner.objects.filter(code__in=CodeSet(codes))
        .order_by("code")
        .values_list("code", "name", "kind")
    ]
    network = engine.partner_network(
        communities=communities,
        partners=partners,
        links=links,
        reach=reach,
        demand=demand,
        capacity=[
            engine.PartnerCapacity(partner=code, capacity=capacity[code], used=used[code])
            for code in sorted(codes)
        ],
    )
    return AreaNetwork(
        scope=scope,
        quarter=quarter,
        quarters=quarters,
        network=network,
        category_names=category_names,
    )


def _reach(
    communities: list[str], category_names: dict[str, str], quarter: Quarter, index: MatchIndex
) -> tuple[engine.ReachTable, set[str]]:
    """Who reaches which of ``communities`` in which of the categories in ``quarter``, by
    the rule coverage counts by, and the codes of the offerings that do."""
    rows = reaching_rows(
        index,
        communities=communities,
        start=quarter.start,
        end=quarter.end,
        today=rules_day(quarter),
    )
    categories = index.category_codes
    shown = np.array([code in category_names for code in categories], dtype=np.bool_)
    kept = shown[rows.category]
    table = engine.ReachTable.build(
        communities=communities,
        categories=categories,
        partners=rows.partner_codes,
        community=rows.need[kept],
        category=rows.category[kept],
        partner=rows.partner[kept],
    )
    offerings = index.offering_codes
    held = np.flatnonzero(np.bincount(rows.offering[kept], minlength=1))
    return table, {offerings[i] for i in held.tolist()}
