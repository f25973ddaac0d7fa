"""Recommendations a community's secretary can act on, drawn from coverage cells.

Two kinds, both about a community X and a service category C with a gap this quarter
(need units no reachable capacity could take, see :class:`CoverageCell.gap`):

- ``recruit``: X also had a gap in C the quarter before. Two quarters running is no
  passing shortfall: X needs a new partner for C.
- ``invite``: a partner P reaches a neighbouring community Y for C with capacity left
  but does not reach X for C. P is a partner X could ask to its liaison meeting. At most
  :data:`INVITES_PER_GAP` per gap, best first: most capacity left, then the nearer
  neighbour, then the partner's code. A partner reaching several neighbours is
  proposed once, through the neighbour where it has most capacity (then the nearest).

"Reaches X for C" is the coverage's own notion: one of P's offerings of category C
passes every hard rule of the ranking for a need of X (:mod:`matching.engine.coverage`).
A partner already reaching X for C is never invited for that gap: it is already counted
in X's reachable capacity. Capacity is the quarter's capacity left, not reserved for
anyone: an offering serving several communities counts in full for each.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from matching.engine.coverage import CoverageCell
from matching.engine.geo import haversine_km
from matching.engine.types import OfferingSummary, Place

RECRUIT = "recruit"
INVITE = "invite"
KINDS = (RECRUIT, INVITE)
INVITES_PER_GAP = 3

# (community, category) -> partner -> capacity left in its offerings reaching there.
Reach = Mapping[tuple[str, str], Mapping[str, int]]


@dataclass(frozen=True, slots=True)
class Names:
    """Display names by code; a code without a name is shown as itself."""

    communities: Mapping[str, str] = field(default_factory=dict)
    categories_zh: Mapping[str, str] = field(default_factory=dict)
    categories_en: Mapping[str, str] = field(default_factory=dict)
    partners: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One thing to do about the gap in (``community``, ``category``).

    ``gap`` is this quarter's gap there and ``previous_gap`` last quarter's (0 when
    none). For an ``invite``, ``partner`` is whom to invite, ``via`` the neighbouring
    community it serves and ``capacity`` its capacity left there for the category; for a
    ``recruit`` all three are ``None``."""

    kind: str  # recruit | invite
    community: str
    category: str
    gap: int
    previous_gap: int
    partner: str | None = None
    via: str | None = None
    capacity: int | None = None
    text_zh: str = ""
    text_en: str = ""


def partner_capacity(
    cells: Iterable[CoverageCell],
    summaries: Iterable[OfferingSummary],
    *,
    only: Collection[tuple[str, str]] | None = None,
) -> dict[tuple[str, str], dict[str, int]]:
    """For each cell's (community, category) (those in ``only`` when given), each partner
    whose offerings reach it and the capacity left in those offerings (summed per
    partner). ``summaries`` must hold every offering the cells name
    (:meth:`MatchIndex.summaries`)."""
    by_code = {s.code: s for s in summaries}
    reach: dict[tuple[str, str], dict[str, int]] = {}
    for cell in cells:
        if only is not None and (cell.community, cell.category) not in only:
            continue
        partners: dict[str, int] = defaultdict(int)
        for code in cell.offerings:
            summary = by_code[code]
            partners[summary.partner] += summary.capacity_left
        reach[(cell.community, cell.category)] = dict(partners)
    return reach


def neighbours_of(
    places: Sequence[Place], *, codes: Iterable[str], within_km: float
) -> dict[str, tuple[str, ...]]:
    """For each of ``codes``, its neighbours among the ``places`` of level ``community``:
    the other communities under the same parent (street), and those within
    ``within_km`` when both have coordinates. Nearest first; neighbours whose distance is
    unknown (the same street, a coordinate missing) after those with one, by code."""
    communities = sorted((p for p in places if p.level == "community"), key=lambda p: p.code)
    lat = np.array([math.nan if p.lat is None else p.lat for p in communities], dtype=np.float64)
    lng = np.array([math.nan if p.lng is None else p.lng for p in communities], dtype=np.float64)
    by_code = {p.code: p for p in communities}
    result: dict[str, tuple[str, ...]] = {}
    for code in codes:
        here = by_code.get(code)
        if here is None:
            result[code] = ()
            continue
        if here.lat is not None and here.lng is not None:
            distances = haversine_km(here.lat, here.lng, lat, lng)
        else:
            distances = np.full(len(communities), math.nan)
        near: list[tuple[float, str]] = []
        unknown: list[str] = []
        for other, km in zip(communities, distances.tolist(), strict=True):
            if other.code == code:
                continue
            same_street = other.parent is not None and other.parent == here.parent
            if math.isnan(km):
                if same_street:
                    unknown.append(other.code)
            elif km <= within_km or same_street:
                near.append((km, other.code))
        result[code] = tuple(c for _, c in sorted(near)) + tuple(unknown)
    return result


def asked_about(
    communities: Iterable[str],
    current: Iterable[CoverageCell],
    neighbours: Mapping[str, Sequence[str]],
) -> set[tuple[str, str]]:
    """The (community, category) pairs :func:`recommend` reads partners' capacity for:
    each gap of ``communities`` and the same category in each of its neighbours."""
    wanted = set(communities)
    asked: set[tuple[str, str]] = set()
    for cell in current:
        if cell.community in wanted and cell.gap > 0:
            asked.add((cell.community, cell.category))
            asked.update((via, cell.category) for via in neighbours.get(cell.community, ()))
    return asked


def recommend(
    *,
    communities: Sequence[str],
    current: Sequence[CoverageCell],
    previous: Sequence[CoverageCell],
    neighbours: Mapping[str, Sequence[str]],
    reach: Reach,
    names: Names,
    invites_per_gap: int = INVITES_PER_GAP,
) -> list[Recommendation]:
    """The recommendations for ``communities`` (see the module's docstring).

    ``current`` and ``previous`` are this and last quarter's cells; ``current`` must
    hold the cells of the neighbours too when they are to be invited from, ``reach`` the
    partners' capacity by (community, category) this quarter (:func:`partner_capacity`),
    ``neighbours`` each community's neighbours nearest first. Recruits come before
    invites, then larger gaps, then community and category codes; the invites of one gap
    stay best first."""
    wanted = set(communities)
    before = {(c.community, c.category): c.gap for c in previous}
    gaps = [c for c in current if c.community in wanted and c.gap > 0]
    found: list[Recommendation] = []
    for cell in gaps:
        key = (cell.community, cell.category)
        previous_gap = before.get(key, 0)
        if previous_gap > 0:
            found.append(_recruit(cell, previous_gap, names))
        already = set(reach.get(key, {}))
        best: dict[str, tuple[int, int, str]] = {}
        for rank, via in enumerate(neighbours.get(cell.community, ())):
            if via == cell.community:
                continue
            for partner, capacity in reach.get((via, cell.category), {}).items():
                if capacity <= 0 or partner in already:
                    continue
                candidate = (-capacity, rank, via)
                if partner not in best or candidate < best[partner]:
                    best[partner] = candidate
        chosen = sorted(best.items(), key=lambda item: (item[1][0], item[1][1], item[0]))
        for partner, (negative, _, via) in chosen[:invites_per_gap]:
            found.append(_invite(cell, previous_gap, partner, via, -negative, names))
    order = {kind: i for i, kind in enumerate(KINDS)}
    # A stable sort keeps each gap's invites best first.
    return sorted(found, key=lambda r: (order[r.kind], -r.gap, r.community, r.category))


def _recruit(cell: CoverageCell, previous_gap: int, names: Names) -> Recommendation:
    place = names.communities.get(cell.community, cell.community)
    what_zh = names.categories_zh.get(cell.category, cell.category)
    what_en = names.categories_en.get(cell.category, cell.category)
    return Recommendation(
        kind=RECRUIT,
        community=cell.community,
        category=cell.category,
        gap=cell.gap,
        previous_gap=previous_gap,
        text_zh=(
            f"为{place}招募{what_zh}合伙人：本季度缺口 {cell.gap} 个单位，"
            f"上季度缺口 {previous_gap} 个"
        ),
        text_en=(
            f"Recruit {what_en} partners for {place}: a gap of {cell.gap} units this "
            f"quarter, {previous_gap} last quarter"
        ),
    )


def _invite(
    cell: CoverageCell, previous_gap: int, partner: str, via: str, capacity: int, names: Names
) -> Recommendation:
    place = names.communities.get(cell.community, cell.community)
    neighbour = names.communities.get(via, via)
    who = names.partners.get(partner, partner)
    what_zh = names.categories_zh.get(cell.category, cell.category)
    what_en = names.categories_en.get(cell.category, cell.category)
    return Recommendation(
        kind=INVITE,
        community=cell.community,
        category=cell.category,
        gap=cell.gap,
        previous_gap=previous_gap,
        partner=partner,
        via=via,
        capacity=capacity,
        text_zh=(
            f"邀请{who}（服务邻近的{neighbour}）参加{place}的联席会：{what_zh}本季度缺口 "
            f"{cell.gap} 个单位，该合伙人尚余容量 {capacity} 个"
        ),
        text_en=(
            f"Invite {who} (serving neighbouring {neighbour}) to {place}'s liaison meeting: "
            f"a {what_en} gap of {cell.gap} units this quarter; the partner has {capacity} "
            "units of capacity left"
        ),
    )
