"""The partner network of an area: which partners hold its communities together, where a
community depends on a single partner, and whose capacity nobody uses.

The network is a bipartite graph, partners on one side and the area's communities on
the other. A partner and a community are joined when the partner did projects there in
the window (``projects`` > 0) or when one of its offerings passes the ranking's hard
rules for that community (``reaches``, as :mod:`matching.engine.coverage` decides it).

- **Bridges** are partners linking many communities: how many communities their
  projects served, how many they reach, and their betweenness centrality on the graph of
  projects alone (normalised over the whole network,
  :func:`networkx.betweenness_centrality`; estimated from 300 sources when more nodes
  than that have projects); ranked by served, then betweenness, then reached, then code.
- A **single-partner dependency** is a community and category in demand (open need
  units, or projects in the window) that exactly one partner can reach.
- **Idle capacity** is a partner that reaches a community of the area, has capacity this
  quarter and has none of it used or promised.

The layout places communities deterministically and lets the partners settle between
them (:func:`networkx.spring_layout` with the communities fixed), in a fixed viewBox.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, overload

import networkx as nx
import numpy as np
import numpy.typing as npt

from matching.engine.rows import Listed

# The drawing's viewBox is 0 0 WIDTH HEIGHT; nodes keep MARGIN away from its edges so
# labels fit.
WIDTH = 1000.0
HEIGHT = 720.0
MARGIN = 90.0
# Seed of the spring layout: the same input always gives the same picture.
SEED = 7
# The share of the circle left empty between two streets' communities.
STREET_GAP = 0.5
# Partners stay inside this share of the circle's radius, clear of the labels outside.
INNER = 0.86
# Least distances in the viewBox between two partners' centres and between a partner's
# and a community's; moving partners apart takes at most SEPARATION_ROUNDS rounds.
PARTNER_SPACING = 22.0
COMMUNITY_CLEARANCE = 46.0
SEPARATION_ROUNDS = 200
# The partners drawn: those with projects, those a community depends on alone and this
# many of the top bridges; at most MAX_DRAWN of them, in the bridges' order (a picture
# of thousands of dots says nothing, and laying them out grows with their square).
DRAWN_BRIDGES = 15
MAX_DRAWN = 150
# Betweenness is computed exactly on projects' graphs of up to this many nodes and
# estimated from this many sources on larger ones (see _betweenness).
BETWEENNESS_SOURCES = 300
# Weight of a reach-only edge in the layout, against 1 + projects for an edge of work.
REACH_WEIGHT = 0.2
# Layouts kept for networks drawn again unchanged (:func:`_partner_points`).
LAYOUTS_KEPT = 32


FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class CommunityNode:
    """A community of the area; ``street`` is its parent's code."""

    code: str
    name: str
    street: str
    lat: float | None = None
    lng: float | None = None


@dataclass(frozen=True, slots=True)
class PartnerNode:
    """A partner; ``kind`` is ``unit``, ``social_org`` or ``resident``."""

    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class ProjectLink:
    """A partner's live projects in a community and category over the window."""

    partner: str
    community: str
    category: str
    projects: int
    units: int


@dataclass(frozen=True, slots=True)
class Reach:
    """The partners whose offerings pass the hard rules for the community in the
    category (``CoverageCell.partners``)."""

    community: str
    category: str
    partners: tuple[str, ...]


@dataclass(frozen=True)
class ReachTable:
    """Every :class:`Reach` of an area at once, as arrays: the distinct triples of a
    community, a category and a partner that reaches it there, each a position into
    ``communities``, ``categories`` and ``partners``, which are sorted. A district's
    partners reach its communities millions of times; sets of codes that many took
    seconds."""

    communities: tuple[str, ...]
    categories: tuple[str, ...]
    partners: tuple[str, ...]
    community: IntArray
    category: IntArray
    partner: IntArray

    @classmethod
    def build(
        cls,
        *,
        communities: Sequence[str],
        categories: Sequence[str],
        partners: Sequence[str],
        community: IntArray,
        category: IntArray,
        partner: IntArray,
    ) -> ReachTable:
        """The table of the triples (``community[i]``, ``category[i]``, ``partner[i]``),
        positions into the three sequences of codes (each without repeats), in any order
        and with repeats."""
        names = []
        ranks = []
        for codes in (communities, categories, partners):
            order = sorted(range(len(codes)), key=codes.__getitem__)
            rank = np.empty(len(codes), dtype=np.int64)
            rank[order] = np.arange(len(codes))
            names.append(tuple(codes[i] for i in order))
            ranks.append(rank)
        spans = [max(len(codes), 1) for codes in names]
        keys = _distinct(
            (ranks[0][community] * spans[1] + ranks[1][category]) * spans[2] + ranks[2][partner]
        )
        return cls(
            communities=names[0],
            categories=names[1],
            partners=names[2],
            community=keys // (spans[1] * spans[2]),
            category=keys // spans[2] % spans[1],
            partner=keys % spans[2],
        )

    @classmethod
    def of(cls, cells: Iterable[Reach]) -> ReachTable:
        """The table of ``cells``."""
        positions: list[dict[str, int]] = [{}, {}, {}]
        triples: list[tuple[int, int, int]] = []
        for cell in cells:
            c = positions[0].setdefault(cell.community, len(positions[0]))
            k = positions[1].setdefault(cell.category, len(positions[1]))
            for partner in cell.partners:
                triples.append((c, k, positions[2].setdefault(partner, len(positions[2]))))
        columns = np.array(triples, dtype=np.int64).reshape(-1, 3)
        return cls.build(
            communities=list(positions[0]),
            categories=list(positions[1]),
            partners=list(positions[2]),
            community=columns[:, 0],
            category=columns[:, 1],
            partner=columns[:, 2],
        )


def _distinct(keys: IntArray) -> IntArray:
    """The distinct ``keys``, ascending. (numpy's ``unique`` hashes plain integers: on
    millions of keys, tens of times slower than this sort.)"""
    ordered = np.sort(keys)
    kept: IntArray = ordered[np.append(True, ordered[1:] != ordered[:-1])[: ordered.size]]
    return kept


class _Reached:
    """The communities of an area each partner reaches, from a :class:`ReachTable`
    narrowed to the area's communities and the known partners."""

    def __init__(self, table: ReachTable, communities: IntArray, partners: IntArray) -> None:
        self._communities = table.communities
        span = max(len(table.communities), 1)
        pairs = _distinct(partners * span + communities)
        self._community = pairs % span
        counts: list[int] = np.bincount(pairs // span, minlength=len(table.partners)).tolist()
        ends: list[int] = np.cumsum(counts).tolist()
        # Per partner reaching any community: where its communities start and end.
        self._span = {
            code: (end - n, end)
            for code, n, end in zip(table.partners, counts, ends, strict=True)
            if n
        }
        self._sets: dict[str, frozenset[str]] = {}

    def partners(self) -> set[str]:
        """The partners reaching at least one community."""
        return set(self._span)

    def count(self, partner: str) -> int:
        start, end = self._span.get(partner, (0, 0))
        return end - start

    def of(self, partner: str) -> tuple[str, ...]:
        """The communities ``partner`` reaches, by code."""
        start, end = self._span.get(partner, (0, 0))
        return tuple(self._communities[c] for c in self._community[start:end].tolist())

    def reaches(self, partner: str, community: str) -> bool:
        found = self._sets.get(partner)
        if found is None:
            found = self._sets[partner] = frozenset(self.of(partner))
        return community in found


@dataclass(frozen=True, slots=True)
class Demand:
    """Need units still open in the community and category."""

    community: str
    category: str
    need_units: int


@dataclass(frozen=True, slots=True)
class PartnerCapacity:
    """A partner's capacity this quarter and the units of it used or promised."""

    partner: str
    capacity: int
    used: int


@dataclass(frozen=True, slots=True)
class Edge:
    """A partner and a community joined by projects in the window, by reach, or both."""

    partner: str
    community: str
    projects: int
    units: int
    reaches: bool


@dataclass(frozen=True, slots=True)
class Bridge:
    """A partner and the communities it links."""

    partner: str
    served: int
    reached: int
    betweenness: float


@dataclass(frozen=True, slots=True)
class Dependency:
    """A community and category in demand that only ``partner`` can reach; ``projects``
    are that partner's projects there in the window."""

    community: str
    category: str
    partner: str
    need_units: int
    projects: int


@dataclass(frozen=True, slots=True)
class IdlePartner:
    """A partner reaching ``communities`` (by code; listed when first asked: a district
    has thousands of idle partners, and its answers list twenty) whose ``capacity``
    nobody uses this quarter."""

    partner: str
    capacity: int
    communities: Sequence[str]


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class PartnerNetwork:
    """The network of an area (see the module's docstring).

    ``edges`` are the pairs with projects and every pair of a drawn partner (an area's
    partners reach its communities up to millions of times; the bridges and the idle
    partners count them all); ``graph`` has nodes ``("community", code)`` and
    ``("partner", code)`` and those edges, with ``projects`` and ``reaches``;
    ``partners`` are those with at least one project or reach, by code;
    ``drawn`` the partners worth drawing (see :data:`DRAWN_BRIDGES`), in the bridges'
    order; ``layout`` maps every community's and every drawn partner's node key to a
    point in ``0 0 width height``."""

    communities: tuple[CommunityNode, ...]
    partners: tuple[PartnerNode, ...]
    edges: tuple[Edge, ...]
    bridges: tuple[Bridge, ...]
    dependencies: tuple[Dependency, ...]
    idle: Sequence[IdlePartner]
    drawn: tuple[str, ...]
    layout: dict[tuple[str, str], Point]
    graph: Any
    width: float = WIDTH
    height: float = HEIGHT


def community_key(code: str) -> tuple[str, str]:
    return ("community", code)


def partner_key(code: str) -> tuple[str, str]:
    return ("partner", code)


def partner_network(
    *,
    communities: Sequence[CommunityNode],
    partners: Iterable[PartnerNode],
    links: Iterable[ProjectLink],
    reach: Iterable[Reach] | ReachTable,
    demand: Iterable[Demand],
    capacity: Iterable[PartnerCapacity],
    seed: int = SEED,
    drawn_bridges: int = DRAWN_BRIDGES,
    max_drawn: int = MAX_DRAWN,
) -> PartnerNetwork:
    """The network of the area made of ``communities``.

    ``reach`` is given cell by cell or as one :class:`ReachTable`. Links, reach and
    demand of communities not given, and links and reach of partners not given, are left
    out. A pair is in demand when it has open need units (> 0) or a
    project link. Partners without any edge are not in the network. Deterministic: the
    same input (in any order) gives the same network and layout."""
    area = {c.code: c for c in communities}
    known = {p.code: p for p in partners}

    projects: dict[tuple[str, str], int] = defaultdict(int)
    units: dict[tuple[str, str], int] = defaultdict(int)
    by_category: dict[tuple[str, str, str], int] = defaultdict(int)
    wanted: dict[tuple[str, str], int] = defaultdict(int)
    for link in links:
        if link.community not in area or link.partner not in known or link.projects <= 0:
            continue
        projects[(link.partner, link.community)] += link.projects
        units[(link.partner, link.community)] += link.units
        by_category[(link.partner, link.community, link.category)] += link.projects
        wanted[(link.community, link.category)] += 0
    for item in demand:
        if item.community in area and item.need_units > 0:
            wanted[(item.community, item.category)] += item.need_units

    table = reach if isinstance(reach, ReachTable) else ReachTable.of(reach)
    keep = np.array([c in area for c in table.communities], dtype=np.bool_)[table.community]
    keep &= np.array([p in known for p in table.partners], dtype=np.bool_)[table.partner]
    reached = _Reached(table, table.community[keep], table.partner[keep])

    linked = sorted(reached.partners() | {p for p, _ in projects})
    ordered = tuple(sorted(area.values(), key=lambda c: c.code))
    bridges = _bridges(projects, reached, linked, nodes=len(area) + len(linked))
    dependencies = _dependencies(wanted, _single_reachers(table, keep), by_category)
    worth = (
        {p for p, _ in projects}
        | {d.partner for d in dependencies}
        | {b.partner for b in bridges[:drawn_bridges]}
    )
    drawn = tuple(b.partner for b in bridges if b.partner in worth)[:max_drawn]
    # Edges of work, and every edge of a drawn partner: a district's partners reach its
    # communities a million times over, and nobody reads a million lines.
    pairs = sorted(set(projects) | {(p, c) for p in drawn for c in reached.of(p)})
    edges = tuple(
        Edge(
            partner=p,
            community=c,
            projects=projects.get((p, c), 0),
            units=units.get((p, c), 0),
            reaches=reached.reaches(p, c),
        )
        for p, c in pairs
    )

    graph = nx.Graph()
    for community in ordered:
        graph.add_node(community_key(community.code), kind="community")
    for code in linked:
        graph.add_node(partner_key(code), kind="partner")
    for edge in edges:
        graph.add_edge(
            partner_key(edge.partner),
            community_key(edge.community),
            projects=edge.projects,
            reaches=edge.reaches,
        )
    shown = [community_key(c.code) for c in ordered] + [partner_key(p) for p in drawn]
    return PartnerNetwork(
        communities=ordered,
        partners=tuple(known[code] for code in linked),
        edges=edges,
        bridges=bridges,
        dependencies=dependencies,
        idle=_idle(capacity, reached),
        drawn=drawn,
        layout=_layout(graph.subgraph(shown), ordered, seed=seed),
        graph=graph,
    )


def _bridges(
    projects: dict[tuple[str, str], int],
    reached: _Reached,
    linked: Sequence[str],
    *,
    nodes: int,
) -> tuple[Bridge, ...]:
    """Every partner of ``linked``, most communities served first, then the highest
    betweenness on the projects' graph (normalised over ``nodes``), then most communities
    reached, then by code."""
    work = nx.Graph()
    work.add_edges_from((partner_key(p), community_key(c)) for p, c in projects)
    centrality = _betweenness(work, nodes)
    served: dict[str, int] = defaultdict(int)
    for partner, _ in projects:
        served[partner] += 1
    # Sorted as plain tuples, then made: a district links thousands of partners.
    keys = sorted(
        (
            -served[code],
            -round(float(centrality.get(partner_key(code), 0.0)), 6),
            -reached.count(code),
            code,
        )
        for code in linked
    )
    return tuple(
        Bridge(partner=code, served=-s, reached=-r, betweenness=-b) for s, b, r, code in keys
    )


def _betweenness(work: Any, nodes: int) -> dict[tuple[str, str], float]:
    """Betweenness on the projects' graph ``work`` (its nodes are those with a project),
    normalised as over the whole network of ``nodes`` nodes: a node without a project lies
    on no shortest path and changes nothing but the normalisation. Exact up to
    :data:`BETWEENNESS_SOURCES` nodes with a project; beyond, estimated from that many
    sources picked with :data:`SEED` (networkx's ``k``): the same network always ranks
    the same way. networkx's algorithm walks every node from each source, so a
    district's thousands of partners without projects took minutes."""
    if nodes <= 2 or not work.number_of_nodes():
        return {}
    sources = work.number_of_nodes()
    sample = sources if sources <= BETWEENNESS_SOURCES else BETWEENNESS_SOURCES
    found: dict[tuple[str, str], float] = nx.betweenness_centrality(
        work,
        k=None if sample == sources else sample,
        normalized=False,
        seed=SEED if sample < sources else None,
    )
    # networkx halves an undirected graph's sums when not normalising; normalised, it
    # divides the sums by (n - 1)(n - 2) for n nodes.
    scale = 2 / ((nodes - 1) * (nodes - 2))
    return {node: value * scale for node, value in found.items()}


def _single_reachers(table: ReachTable, keep: npt.NDArray[np.bool_]) -> dict[tuple[str, str], str]:
    """The (community, category) pairs of ``table``'s kept triples that exactly one
    partner reaches, with that partner."""
    span = max(len(table.categories), 1)
    # The table's triples are in order, so each pair's are a run.
    cells = table.community[keep] * span + table.category[keep]
    partner = table.partner[keep]
    starts = np.flatnonzero(np.append(True, cells[1:] != cells[:-1])[: cells.size])
    counts = np.diff(np.append(starts, cells.size))
    alone = starts[counts == 1]
    return {
        (table.communities[cell // span], table.categories[cell % span]): table.partners[p]
        for cell, p in zip(cells[alone].tolist(), partner[alone].tolist(), strict=True)
    }


def _dependencies(
    wanted: dict[tuple[str, str], int],
    single: dict[tuple[str, str], str],
    by_category: dict[tuple[str, str, str], int],
) -> tuple[Dependency, ...]:
    """Pairs in demand that exactly one partner reaches (``single``), most open units
    first, then by community and category."""
    found = []
    for (community, category), need_units in wanted.items():
        partner = single.get((community, category))
        if partner is None:
            continue
        found.append(
            Dependency(
                community=community,
                category=category,
                partner=partner,
                need_units=need_units,
                projects=by_category.get((partner, community, category), 0),
            )
        )
    return tuple(sorted(found, key=lambda d: (-d.need_units, d.community, d.category)))


def _idle(capacity: Iterable[PartnerCapacity], reached: _Reached) -> IdlePartners:
    """Partners reaching a community, with capacity and nothing used or promised; most
    capacity first, then by code (see :class:`IdlePartners`)."""
    count = reached.count
    found = []
    for item in capacity:
        if item.capacity > 0 and item.used <= 0:
            communities = count(item.partner)
            if communities:
                found.append((-item.capacity, item.partner, communities))
    found.sort()
    return IdlePartners(found, reached.of)


class IdlePartners(Sequence[IdlePartner]):
    """Idle partners in order, each made when first read: a district has thousands, and
    its answers count them all but list twenty. Equal to any sequence of the same
    partners in the same order."""

    __slots__ = ("_made", "_of", "_order")

    def __init__(
        self, order: list[tuple[int, str, int]], of: Callable[[str], tuple[str, ...]]
    ) -> None:
        """``order``: (minus the capacity, partner, communities reached), sorted; ``of``
        lists a partner's communities."""
        self._order = order
        self._of = of
        self._made: dict[int, IdlePartner] = {}

    def _at(self, k: int) -> IdlePartner:
        made = self._made.get(k)
        if made is None:
            negative, partner, n = self._order[k]
            made = self._made[k] = IdlePartner(
                partner, -negative, Listed(n, partial(self._of, partner))
            )
        return made

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> IdlePartner: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[IdlePartner, ...]: ...

    def __getitem__(self, index: int | slice) -> IdlePartner | tuple[IdlePartner, ...]:
        if isinstance(index, slice):
            return tuple(self._at(k) for k in range(*index.indices(len(self._order))))
        if index < 0:
            index += len(self._order)
        if not 0 <= index < len(self._order):
            raise IndexError(index)
        return self._at(index)

    def __iter__(self) -> Iterator[IdlePartner]:
        return (self._at(k) for k in range(len(self._order)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"IdlePartners({len(self)} partners)"


def community_positions(communities: Sequence[CommunityNode]) -> dict[str, tuple[float, float]]:
    """Communities on the unit circle, clockwise from the top, each street's together
    with a gap between streets. When every community has a position, streets and their
    communities go round in the order of their bearing from the area's centre, turned so
    the first sits at its bearing: the ring follows the map (north at the top);
    otherwise they go by code from the top. A lone community sits at
    the centre."""
    if len(communities) == 1:
        return {communities[0].code: (0.0, 0.0)}
    order = _map_order(communities)
    ordered = sorted(communities, key=lambda c: order[c.code])
    streets = len({c.street for c in ordered})
    gaps = STREET_GAP if streets > 1 else 0.0
    slots = len(ordered) + gaps * streets
    # Turned so that the first community sits at its own bearing.
    turn = order[ordered[0].code][2]
    positions: dict[str, tuple[float, float]] = {}
    step = 0.0
    previous: str | None = None
    for community in ordered:
        if previous is not None and community.street != previous:
            step += gaps
        angle = turn + 2 * math.pi * step / slots
        positions[community.code] = (math.sin(angle), -math.cos(angle))
        previous = community.street
        step += 1
    return positions


def _map_order(communities: Sequence[CommunityNode]) -> dict[str, tuple[float, str, float, str]]:
    """A sort key per community: its street's bearing and code, then its own bearing and
    code (bearings clockwise from north around the area's centre; all 0 unless every
    community has a position)."""
    located = [(c, c.lat, c.lng) for c in communities]
    bearings: dict[str, float] = {c.code: 0.0 for c in communities}
    street_bearings: dict[str, float] = {c.street: 0.0 for c in communities}
    if all(lat is not None and lng is not None for _, lat, lng in located):
        points = {c.code: (float(c.lng or 0.0), float(c.lat or 0.0)) for c in communities}
        by_street: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for c in communities:
            by_street[c.street].append(points[c.code])
        centre = _centre(list(points.values()))
        bearings = {code: _bearing(centre, xy) for code, xy in points.items()}
        street_bearings = {s: _bearing(centre, _centre(xys)) for s, xys in by_street.items()}
    return {
        c.code: (street_bearings[c.street], c.street, bearings[c.code], c.code) for c in communities
    }


def _centre(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    return (
        sum(x for x, _ in points) / len(points),
        sum(y for _, y in points) / len(points),
    )


def _bearing(centre: tuple[float, float], point: tuple[float, float]) -> float:
    """Clockwise angle from north, in [0, 2π); the centre itself has bearing 0."""
    east, north = point[0] - centre[0], point[1] - centre[1]
    if east == 0 and north == 0:
        return 0.0
    return math.atan2(east, north) % (2 * math.pi)


def _separate(partners: FloatArray, communities: FloatArray) -> FloatArray:
    """Partners (rows of unit-circle points) moved apart until no two are closer than
    :data:`PARTNER_SPACING` and none is closer to a community than
    :data:`COMMUNITY_CLEARANCE`, kept within :data:`INNER` of the centre. Partners the
    spring layout put on the same spot (the same communities reached) leave it in
    directions fixed by their order, so the result is deterministic."""
    scale = min(WIDTH, HEIGHT) / 2 - MARGIN
    spacing, clearance = PARTNER_SPACING / scale, COMMUNITY_CLEARANCE / scale
    n = len(partners)
    # Golden-angle directions: distinct for every partner, the same every time.
    angles = np.arange(n) * math.pi * (3 - math.sqrt(5))
    spread = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    points = _within(partners.astype(float).copy())
    for _ in range(SEPARATION_ROUNDS):
        apart = points[:, None, :] - points[None, :, :]
        distance = np.linalg.norm(apart, axis=2)
        np.fill_diagonal(distance, np.inf)
        same = distance < 1e-9
        if same.any():
            # Of two partners on one spot, each leaves along its own golden direction.
            apart = np.where(same[:, :, None], spread[:, None, :] * 1e-3, apart)
            distance = np.where(same, 1e-3, distance)
        overlap = np.clip(spacing - distance, 0.0, None)
        push = (apart / distance[:, :, None] * (overlap / 2)[:, :, None]).sum(axis=1)
        if len(communities):
            towards = points[:, None, :] - communities[None, :, :]
            gap = np.maximum(np.linalg.norm(towards, axis=2), 1e-9)
            towards = np.where((gap <= 1e-9)[:, :, None], spread[:, None, :], towards)
            inside = np.clip(clearance - gap, 0.0, None)
            push += (towards / gap[:, :, None] * inside[:, :, None]).sum(axis=1)
        if not push.any():
            break
        points = _within(points + push)
    result: FloatArray = points
    return result


def _within(points: FloatArray) -> FloatArray:
    """Points beyond :data:`INNER` of the centre brought back onto that circle (the spring
    layout, with the communities fixed, may leave a partner anywhere)."""
    norm = np.linalg.norm(points, axis=1)
    outside = norm > INNER
    points[outside] *= (INNER / norm[outside])[:, None]
    return points


@lru_cache(maxsize=LAYOUTS_KEPT)
def _partner_points(
    nodes: tuple[tuple[str, str], ...],
    fixed: tuple[tuple[tuple[str, str], tuple[float, float]], ...],
    edges: tuple[tuple[tuple[str, str], tuple[str, str], float], ...],
    seed: int,
) -> tuple[tuple[float, float], ...]:
    """The partners' unit-circle points (in the order of ``nodes``) by the spring layout
    of the weighted ``edges`` with the communities ``fixed``, then :func:`_separate`d.

    A function of what it is given alone, so its answers are kept
    (:data:`LAYOUTS_KEPT`): the page and the API of an area draw the same network, and
    it changes only when a partner's reach or work does."""
    weighted = nx.Graph()
    weighted.add_nodes_from(nodes)
    weighted.add_weighted_edges_from(edges)
    places = dict(fixed)
    partners = [n for n in nodes if n[0] == "partner"]
    spring = nx.spring_layout(
        weighted,
        pos={n: list(xy) for n, xy in fixed},
        fixed=list(places),
        seed=seed,
        weight="weight",
        k=0.9 / math.sqrt(max(len(partners), 1)),
    )
    placed = _separate(
        np.array([[float(v) for v in spring[node]] for node in partners]),
        np.array(list(places.values())),
    )
    return tuple((x, y) for x, y in placed.tolist())


def _layout(
    graph: Any, communities: Sequence[CommunityNode], *, seed: int
) -> dict[tuple[str, str], Point]:
    """Node -> point in the viewBox: communities on a circle (:func:`community_positions`),
    partners by a spring layout with the communities fixed, then moved apart and inside
    the circle (:func:`_separate`)."""
    fixed = {community_key(c): xy for c, xy in community_positions(communities).items()}
    unit: dict[tuple[str, str], tuple[float, float]] = dict(fixed)
    # Nodes and edges in order: a subgraph iterates them in its set's order, which
    # differs from process to process (string hashing), and so would the picture.
    nodes = sorted(graph.nodes)
    partners = [n for n in nodes if n[0] == "partner"]
    if partners:
        edges = tuple(
            sorted(
                (min(a, b), max(a, b), 1.0 + d["projects"] if d["projects"] else REACH_WEIGHT)
                for a, b, d in graph.edges(data=True)
            )
        )
        placed = _partner_points(tuple(nodes), tuple(fixed.items()), edges, seed)
        unit.update(zip(partners, placed, strict=True))
    radius = min(WIDTH, HEIGHT) / 2 - MARGIN
    cx, cy = WIDTH / 2, HEIGHT / 2
    return {
        node: Point(x=round(cx + radius * x, 1), y=round(cy + radius * y, 1))
        for node, (x, y) in sorted(unit.items())
    }
