"""Recommendations for an area in a quarter: whom to recruit, whom to invite.

Built on the coverage (:mod:`matching.insights.coverage`) by the engine's
:func:`matching.engine.recommendations.recommend`:

- ``recruit`` where a community of the area has had a gap in a category this quarter
  and the previous one;
- ``invite`` a partner that serves a neighbouring community in the category with
  capacity left but does not reach the community with the gap.

A community's neighbours are the other communities of its street and those within
:data:`NEIGHBOUR_KM` of it (both with coordinates), nearest first. They may lie outside
the area (a community at a street's edge), so this quarter's coverage is computed for
the area's communities and all their neighbours, on one index with the quarter's
capacity; the previous quarter's for the area's communities, on an index with that
quarter's capacity.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from matching.engine import coverage as engine
from matching.engine.quarters import Quarter
from matching.engine.recommendations import (
    Names,
    Recommendation,
    asked_about,
    neighbours_of,
    partner_capacity,
    recommend,
)
from matching.engine.types import Place
from matching.insights.coverage import CoverageReport, area_communities, coverage_cells
from partners.models import Category, Community, Partner

# Communities this close (km, as the crow flies) are neighbours, whatever their street.
NEIGHBOUR_KM = 3.0


@dataclass(frozen=True)
class Advice:
    """The area's coverage cells this quarter and last (its own communities only), and
    the recommendations drawn from them, with the names they are shown with."""

    scope: Community
    quarter: Quarter
    communities: list[Community]
    categories: list[Category]
    cells: list[engine.CoverageCell]
    previous_cells: list[engine.CoverageCell]
    recommendations: list[Recommendation]
    names: Names

    @cached_property
    def gaps(self) -> list[engine.CoverageCell]:
        """This quarter's cells with a gap, largest first (then community, category)."""
        return self.report().gaps()

    def report(self) -> CoverageReport:
        """This quarter's coverage of the area, as :func:`coverage_report` gives it."""
        return CoverageReport(
            scope=self.scope,
            quarter=self.quarter,
            communities=self.communities,
            categories=self.categories,
            cells=self.cells,
        )

    def rows(self) -> list[dict[str, object]]:
        """The recommendations as the API gives them."""
        communities = self.names.communities
        return [
            {
                "kind": r.kind,
                "community": r.community,
                "community_name": communities.get(r.community, r.community),
                "category": r.category,
                "category_name": self.names.categories_zh.get(r.category, r.category),
                "partner": r.partner,
                "partner_name": self.names.partners.get(r.partner) if r.partner else None,
                "via": r.via,
                "via_name": communities.get(r.via) if r.via else None,
                "gap": r.gap,
                "previous_gap": r.previous_gap,
                "capacity": r.capacity,
                "text_zh": r.text_zh,
                "text_en": r.text_en,
            }
            for r in self.recommendations
        ]


def advice_for(*, scope: Community, quarter: Quarter) -> Advice:
    """The coverage and recommendations of ``scope`` (a district, street or community)
    in ``quarter``. Reads a fixed number of queries, whatever the size of the area."""
    communities = area_communities(scope)
    every = list(
        Community.objects.filter(level=Community.Level.COMMUNITY)
        .select_related("parent")
        .order_by("code")
    )
    places = [
        Place(
            code=c.code,
            name=c.name,
            level=c.level,
            parent=c.parent.code if c.parent else None,
            lat=c.lat,
            lng=c.lng,
        )
        for c in every
    ]
    own = [c.code for c in communities]
    neighbours = neighbours_of(places, codes=own, within_km=NEIGHBOUR_KM)
    wanted = set(own).union(*neighbours.values())
    categories = list(Category.objects.order_by("position", "code"))
    current, index = coverage_cells(
        communities=[c for c in every if c.code in wanted],
        categories=categories,
        quarter=quarter,
    )
    previous, _ = coverage_cells(
        communities=communities, categories=categories, quarter=quarter.previous()
    )
    # Only the gaps and their neighbours' cells: every cell of a district names its
    # partners a million times over.
    reach = partner_capacity(current, index.summaries(), only=asked_about(own, current, neighbours))
    partners = {p for by_partner in reach.values() for p in by_partner}
    names = Names(
        communities={c.code: c.name for c in every},
        categories_zh={c.code: c.name_zh for c in categories},
        categories_en={c.code: c.name_en for c in categories},
        partners=dict(Partner.objects.filter(code__in=partners).values_list("code", "name")),
    )
    mine = set(own)
    return Advice(
        scope=scope,
        quarter=quarter,
        communities=communities,
        categories=categories,
        cells=[cell for cell in current if cell.community in mine],
        previous_cells=previous,
        recommendations=recommend(
            communities=own,
            current=current,
            previous=previous,
            neighbours=neighbours,
            reach=reach,
            names=names,
        ),
        names=names,
    )


def recommendations_for(*, scope: Community, quarter: Quarter) -> list[Recommendation]:
    """What the administrators of ``scope`` could do about its gaps in ``quarter``:
    recruits first, then invites, larger gaps first (see :func:`advice_for`)."""
    return advice_for(scope=scope, quarter=quarter).recommendations
