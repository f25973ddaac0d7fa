"""Quarterly allocation: assign an area's offerings to its open needs within capacity.

The plan maximises total match quality, weighted by need priority, within each
offering's remaining capacity and each need's quantity, while spreading work over
partners. It is a min-cost flow:

```
source ──q_i──▶ need i ──min(q_i, c_j), −w_i·s_ij──▶ offering j ──c_j──▶ partner p ──▶ sink
                   └──────────── q_i, 0 (unfilled bypass) ────────────────────────────▲
```

- ``source → need``: the need's quantity still to fill (kept pairings already count);
- ``need → offering``: one arc per candidate the ranking proposed, costing the negated
  score times the priority weight, scaled to integers;
- ``offering → partner``: the offering's capacity left this quarter;
- ``partner → sink``: a few parallel arcs of rising unit cost, so the marginal cost of a
  partner's next unit grows with how full it is (convex, so the cheap arcs fill first);
- ``need → sink``: the bypass that lets a need stay partly or wholly unfilled.

The source supplies every need's quantity and the sink takes it all, so the cheapest
flow fills needs exactly where a candidate's weighted score beats the partner's load
cost. Small graphs are solved with networkx's ``network_simplex``; large ones hand the
same arrays to OR-Tools' ``SimpleMinCostFlow``. Both give the same optimal cost.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from matching.engine.ranking import MIN_SCORE
from matching.engine.types import Candidates, Exclusion, Match, Ranking, Reason

if TYPE_CHECKING:
    # Imported where a small graph is solved: loading it takes an eighth of a second,
    # which every process importing the allocation (a coverage command) would pay.
    import networkx as nx

Solver = Literal["auto", "networkx", "ortools"]
IntArray = npt.NDArray[np.int64]

DEFAULT_PRIORITY_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"low": 0.5, "normal": 1.0, "high": 2.0, "urgent": 4.0}
)

# Exclusion codes of the ranking's explanation (``MatchIndex.rank(explain=True)``):
# "the offering does not serve this community" and "it would, but has no capacity left".
AREA_EXCLUSION = "area"
CAPACITY_EXCLUSION = "capacity"


@dataclass(frozen=True, slots=True)
class AllocationSettings:
    """How the plan trades quality, priority and spread.

    ``load_weight`` is the marginal cost, in score units, of a partner's last unit of
    capacity (its first unit costs nothing; in between it rises linearly with how full
    the partner is), so 0 disables spreading. ``priority_weights`` multiply a need's
    scores. Candidates scoring below ``min_score`` are not assigned, nor ever below the
    ranking's relevance floor (:data:`~matching.engine.ranking.MIN_SCORE`). The partner's
    rising cost is cut into ``load_steps`` pieces. Scores are scaled by ``scale`` to
    integer costs. ``solver="auto"`` uses networkx up to ``networkx_max_arcs`` arcs
    and OR-Tools beyond.
    """

    load_weight: float = 0.2
    priority_weights: Mapping[str, float] = field(
        default_factory=lambda: dict(DEFAULT_PRIORITY_WEIGHTS)
    )
    min_score: float = 0.0
    load_steps: int = 4
    scale: int = 10_000
    solver: Solver = "auto"
    networkx_max_arcs: int = 20_000

    def __post_init__(self) -> None:
        if self.load_weight < 0:
            raise ValueError(f"load_weight must be >= 0, got {self.load_weight}")
        if self.load_steps < 1:
            raise ValueError(f"load_steps must be >= 1, got {self.load_steps}")
        if self.scale < 1:
            raise ValueError(f"scale must be >= 1, got {self.scale}")
        if self.solver not in ("auto", "networkx", "ortools"):
            raise ValueError(f"solver must be auto, networkx or ortools, got {self.solver!r}")
        for priority, weight in self.priority_weights.items():
            if weight <= 0:
                raise ValueError(f"priority weight of {priority!r} must be > 0, got {weight}")


@dataclass(frozen=True, slots=True)
class Demand:
    """A need to fill: its quantity and priority (low | normal | high | urgent)."""

    need: str
    quantity: int
    priority: str = "normal"


@dataclass(frozen=True, slots=True)
class Supply:
    """An offering's capacity for this plan: ``capacity`` units may still be assigned;
    ``used`` units are already taken this quarter (they load the partner)."""

    offering: str
    partner: str
    capacity: int
    used: int = 0


@dataclass(frozen=True, slots=True)
class Pairing:
    """A pairing already agreed (a need, an offering, a quantity). Kept pairings stay in
    the plan as they are; their units are already counted in ``Supply.used``."""

    need: str
    offering: str
    quantity: int


@dataclass(frozen=True, slots=True)
class Assignment:
    """Part of the plan: ``quantity`` units of ``offering`` for ``need``, with the
    ranking's score and reasons; ``kept`` marks a pairing that was already agreed."""

    need: str
    offering: str
    partner: str
    quantity: int
    score: float
    reasons: tuple[Reason, ...] = ()
    kept: bool = False


UnfilledReason = Literal[
    "no_offering", "not_relevant", "capacity", "outside_area", "taken_elsewhere"
]

UNFILLED_TEXTS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "no_offering": ("没有能提供这项服务的资源", "no offering can serve it"),
        "not_relevant": (
            "没有足够相关的资源：能服务该社区的资源都与这项需求关系不大",
            "no offering fits it well enough: those that could serve it are another kind",
        ),
        "capacity": (
            "相关资源的名额已被更优先或更匹配的需求用完",
            "capacity exhausted by higher-value needs",
        ),
        "outside_area": (
            "相关资源都不在该社区的服务范围内",
            "outside every service area",
        ),
        "taken_elsewhere": (
            "资源名额已被其他街道的计划占用；该计划接受后可重新计算本街道的计划",
            "the capacity went to another street's plan; plan this street again once that"
            " plan is accepted",
        ),
    }
)


@dataclass(frozen=True, slots=True)
class Unfilled:
    """A need the plan leaves ``missing`` units short of, and why."""

    need: str
    missing: int
    reason: UnfilledReason
    text_zh: str
    text_en: str


@dataclass(frozen=True, slots=True)
class Plan:
    """The allocation. ``objective`` is what the plan maximises, in score units: the sum
    over new assignments of priority weight × score × quantity, less the partners' load
    cost; ``cost`` is the solver's integer optimum (``-objective × scale``, rounded)."""

    assignments: tuple[Assignment, ...]
    unfilled: tuple[Unfilled, ...]
    objective: float
    cost: int
    solver: str


@dataclass(frozen=True, slots=True)
class FlowGraph:
    """A min-cost flow problem as parallel arrays: arc ``a`` runs from ``tails[a]`` to
    ``heads[a]`` with ``capacities[a]`` and integer ``costs[a]``; ``supplies[n]`` is
    positive at the source, negative at the sink. Both solvers read these arrays."""

    tails: IntArray
    heads: IntArray
    capacities: IntArray
    costs: IntArray
    supplies: IntArray

    @property
    def num_arcs(self) -> int:
        return int(self.tails.shape[0])

    @property
    def num_nodes(self) -> int:
        return int(self.supplies.shape[0])

    def to_networkx(self) -> nx.MultiDiGraph:
        """The same problem as a networkx multigraph (arc index as edge key)."""
        import networkx as nx

        graph = nx.MultiDiGraph()
        # networkx's demand is the negated supply.
        graph.add_nodes_from((n, {"demand": -s}) for n, s in enumerate(self.supplies.tolist()))
        graph.add_edges_from(
            (t, h, a, {"capacity": c, "weight": w})
            for a, (t, h, c, w) in enumerate(
                zip(
                    self.tails.tolist(),
                    self.heads.tolist(),
                    self.capacities.tolist(),
                    self.costs.tolist(),
                    strict=True,
                )
            )
        )
        return graph


@dataclass(frozen=True, slots=True)
class FlowSolution:
    cost: int
    flows: IntArray
    solver: str


def solve_networkx(graph: FlowGraph) -> FlowSolution:
    """Solve with networkx's network simplex; flows are indexed like the arcs."""
    import networkx as nx

    cost, flow_dict = nx.network_simplex(graph.to_networkx())
    flows = np.fromiter(
        (
            flow_dict[t][h][a]
            for a, (t, h) in enumerate(zip(graph.tails.tolist(), graph.heads.tolist(), strict=True))
        ),
        dtype=np.int64,
        count=graph.num_arcs,
    )
    return FlowSolution(cost=int(cost), flows=flows, solver="networkx")


def solve_ortools(graph: FlowGraph) -> FlowSolution:
    """Solve with OR-Tools' cost-scaling ``SimpleMinCostFlow`` on the same arrays.
    Imported here, as networkx is above: it costs 27 ms, and the processes that never
    plan a quarter (web workers, ``match``) need not pay it."""
    from ortools.graph.python import min_cost_flow

    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(
        graph.tails.astype(np.int32),
        graph.heads.astype(np.int32),
        graph.capacities,
        graph.costs,
    )
    smcf.set_nodes_supplies(np.arange(graph.num_nodes, dtype=np.int32), graph.supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow did not reach an optimum: status {status}")
    flows = np.asarray(smcf.flows(arcs), dtype=np.int64)
    return FlowSolution(cost=int(smcf.optimal_cost()), flows=flows, solver="ortools")


def solve(
    graph: FlowGraph, solver: Solver = "auto", *, networkx_max_arcs: int = 20_000
) -> FlowSolution:
    """Solve ``graph`` with the named solver (``auto``: networkx when small)."""
    if solver == "networkx" or (solver == "auto" and graph.num_arcs <= networkx_max_arcs):
        return solve_networkx(graph)
    return solve_ortools(graph)


# --- Building the graph ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AllocationProblem:
    """The allocation as arrays. Needs are numbered ``0..N-1``, offerings ``0..M-1``,
    partners ``0..P-1``; candidate ``k`` pairs ``cand_need[k]`` with ``cand_offering[k]``
    at ``cand_score[k]``."""

    need_quantity: IntArray  # units still to fill, per need
    need_weight: npt.NDArray[np.float64]  # priority weight, per need
    offering_capacity: IntArray  # units left, per offering
    offering_partner: IntArray  # partner index, per offering
    partner_used: IntArray  # units already taken this quarter, per partner
    partner_total: IntArray  # used + left over all the partner's offerings
    cand_need: IntArray
    cand_offering: IntArray
    cand_score: npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class FlowLayout:
    """Where each kind of arc sits in a :class:`FlowGraph` built by :func:`build_flow`."""

    graph: FlowGraph
    candidate_arcs: slice  # one arc per candidate, in candidate order


def build_flow(problem: AllocationProblem, settings: AllocationSettings) -> FlowLayout:
    """Lay the problem out as a flow graph, vectorised (no per-arc Python objects).

    Nodes: 0 source, 1 sink, then needs, then the offerings and partners that some
    candidate reaches (the others cannot carry flow and are left out). Arcs: candidates
    first, then source→need, need→sink (bypass), offering→partner, partner→sink pieces.
    """
    n_needs = int(problem.need_quantity.shape[0])
    source, sink = 0, 1
    need_node = 2 + np.arange(n_needs, dtype=np.int64)

    offering_on = np.zeros(problem.offering_capacity.shape[0], dtype=bool)
    offering_on[problem.cand_offering] = True
    partner_on = np.zeros(problem.partner_total.shape[0], dtype=bool)
    partner_on[problem.offering_partner[offering_on]] = True
    n_offerings, n_partners = int(offering_on.sum()), int(partner_on.sum())
    offering_node = np.full(offering_on.shape[0], -1, dtype=np.int64)
    offering_node[offering_on] = 2 + n_needs + np.arange(n_offerings, dtype=np.int64)
    partner_node = np.full(partner_on.shape[0], -1, dtype=np.int64)
    partner_node[partner_on] = 2 + n_needs + n_offerings + np.arange(n_partners, dtype=np.int64)
    n_nodes = 2 + n_needs + n_offerings + n_partners

    quantity = problem.need_quantity.astype(np.int64)
    cand_cost = -np.rint(
        problem.need_weight[problem.cand_need] * problem.cand_score * settings.scale
    ).astype(np.int64)
    cand_cap = np.minimum(
        quantity[problem.cand_need], problem.offering_capacity[problem.cand_offering]
    ).astype(np.int64)

    # The partner's rising cost: its remaining units cut into up to ``load_steps``
    # pieces; unit u (0-based over the partner's whole quarter) costs load_weight·u/total,
    # and each piece carries the mean over its units, so pieces fill cheapest first.
    used = problem.partner_used[partner_on].astype(np.int64)
    total = problem.partner_total[partner_on].astype(np.int64)
    left = np.maximum(total - used, 0)
    k = np.arange(settings.load_steps, dtype=np.int64)
    starts = (k[None, :] * left[:, None]) // settings.load_steps
    sizes = ((k[None, :] + 1) * left[:, None]) // settings.load_steps - starts
    mean_unit = used[:, None] + starts + (sizes - 1) / 2.0
    piece_cost = np.rint(
        settings.load_weight * settings.scale * mean_unit / np.maximum(total, 1)[:, None]
    ).astype(np.int64)
    keep = sizes > 0
    piece_tail = np.broadcast_to(partner_node[partner_on][:, None], sizes.shape)[keep]

    tails = np.concatenate(
        [
            need_node[problem.cand_need],
            np.full(n_needs, source, dtype=np.int64),
            need_node,
            offering_node[offering_on],
            piece_tail,
        ]
    )
    heads = np.concatenate(
        [
            offering_node[problem.cand_offering],
            need_node,
            np.full(n_needs, sink, dtype=np.int64),
            partner_node[problem.offering_partner[offering_on]],
            np.full(int(piece_tail.shape[0]), sink, dtype=np.int64),
        ]
    )
    capacities = np.concatenate(
        [cand_cap, quantity, quantity, problem.offering_capacity[offering_on], sizes[keep]]
    )
    costs = np.concatenate(
        [cand_cost, np.zeros(2 * n_needs + n_offerings, dtype=np.int64), piece_cost[keep]]
    )
    supplies = np.zeros(n_nodes, dtype=np.int64)
    demand = int(quantity.sum())
    supplies[source] = demand
    supplies[sink] = -demand
    graph = FlowGraph(
        tails=tails.astype(np.int64),
        heads=heads.astype(np.int64),
        capacities=capacities.astype(np.int64),
        costs=costs.astype(np.int64),
        supplies=supplies,
    )
    return FlowLayout(graph=graph, candidate_arcs=slice(0, int(problem.cand_need.shape[0])))


# --- The plan -------------------------------------------------------------------------------


def allocate(
    *,
    demands: Sequence[Demand],
    supplies: Sequence[Supply],
    rankings: Iterable[Ranking] | Candidates,
    kept: Sequence[Pairing] = (),
    excluded: Collection[tuple[str, str]] = (),
    settings: AllocationSettings | None = None,
) -> Plan:
    """Plan which offerings serve which needs this quarter.

    ``demands`` are the open needs with their full quantity; ``supplies`` the offerings'
    capacity left and partners (an offering missing from them has no capacity);
    ``rankings`` the ranking's candidates per need (best first, with reasons; a ranking
    made with ``explain`` lets the plan say why a need without candidates is unfilled),
    or the same as columns (:class:`~matching.engine.types.Candidates`, as a batch
    ranks them without reasons);
    ``kept`` pairings stay as they are and count toward their need's quantity;
    ``excluded`` ``(need, offering)`` pairs are never assigned. Codes must be unique.

    Every need short of its quantity appears in ``unfilled`` with the units missing and
    a reason: ``no_offering`` (no candidate can serve it), ``capacity`` (candidates
    exist but their capacity went to higher-value needs or is used up) or
    ``outside_area`` (the related offerings do not cover its community).
    """
    settings = settings or AllocationSettings()
    need_index = _index((d.need for d in demands), "need")
    offering_index = _index((s.offering for s in supplies), "offering")

    kept_by_need: dict[str, int] = {}
    for pairing in kept:
        if pairing.quantity < 1:
            raise ValueError(f"kept pairing {pairing.need}/{pairing.offering}: quantity < 1")
        kept_by_need[pairing.need] = kept_by_need.get(pairing.need, 0) + pairing.quantity

    for demand in demands:
        if demand.quantity < 0:
            raise ValueError(f"need {demand.need}: quantity must be >= 0")
        if demand.priority not in settings.priority_weights:
            raise ValueError(f"need {demand.need}: unknown priority {demand.priority!r}")
    remaining = np.asarray(
        [max(d.quantity - kept_by_need.get(d.need, 0), 0) for d in demands], dtype=np.int64
    )
    weights = np.asarray([settings.priority_weights[d.priority] for d in demands], dtype=np.float64)

    partner_index: dict[str, int] = {}
    offering_partner = np.empty(len(supplies), dtype=np.int64)
    for j, supply in enumerate(supplies):
        if supply.capacity < 0 or supply.used < 0:
            raise ValueError(f"offering {supply.offering}: capacity and used must be >= 0")
        offering_partner[j] = partner_index.setdefault(supply.partner, len(partner_index))
    capacity = np.asarray([s.capacity for s in supplies], dtype=np.int64)
    used = np.asarray([s.used for s in supplies], dtype=np.int64)
    partner_used = np.bincount(offering_partner, weights=used, minlength=len(partner_index))
    partner_left = np.bincount(offering_partner, weights=capacity, minlength=len(partner_index))

    # Candidates: the ranking's matches that may carry flow, worked out as columns.
    listed = rankings if isinstance(rankings, Candidates) else Candidates.of(rankings)
    floor = max(settings.min_score, MIN_SCORE)
    counts = np.diff(listed.starts)
    ranking_need = np.asarray([need_index.get(code, -1) for code in listed.needs], np.int64)
    need_of = np.repeat(ranking_need, counts)  # per entry, its demand (-1: not planned)
    entry_supply = np.fromiter(
        (offering_index.get(code, -1) for code in listed.offerings),
        dtype=np.int64,
        count=len(listed.offerings),
    )
    pair_entries: dict[tuple[str, str], list[int]] = {}
    if kept or excluded:
        wanted = {p.need for p in kept} | {need for need, _ in excluded}
        bounds = listed.starts.tolist()
        for k, code in enumerate(listed.needs):
            if code in wanted:
                for e in range(bounds[k], bounds[k + 1]):
                    pair_entries.setdefault((code, listed.offerings[e]), []).append(e)
    kept_pairs = {(p.need, p.offering) for p in kept}
    is_kept = np.zeros(need_of.size, dtype=bool)
    is_kept[[e for pair in kept_pairs for e in pair_entries.get(pair, ())]] = True
    is_excluded = np.zeros(need_of.size, dtype=bool)
    is_excluded[[e for pair in set(excluded) for e in pair_entries.get(pair, ())]] = True
    planned = need_of >= 0
    open_need = np.zeros(need_of.size, dtype=bool)
    open_need[planned] = remaining[need_of[planned]] > 0
    considered = planned & ~is_kept & open_need & ~is_excluded
    below = considered & (listed.scores < floor)
    fitting = considered & ~below
    has_supply = entry_supply >= 0
    supplied = np.zeros(need_of.size, dtype=bool)
    supplied[has_supply] = capacity[entry_supply[has_supply]] > 0
    no_capacity = fitting & ~supplied
    chosen = fitting & ~no_capacity

    blocked_by_capacity = np.zeros(len(demands), dtype=bool)
    blocked_by_capacity[need_of[no_capacity]] = True
    # Offerings the ranking (or this plan's floor) found too weak a fit, per need: as the
    # need's last ranking says.
    too_weak = np.zeros(len(demands), dtype=bool)
    last = {int(i): k for k, i in enumerate(ranking_need.tolist()) if i >= 0}
    ranking_of = np.repeat(np.arange(len(listed.needs)), counts)  # per entry, its ranking
    weak_entries = np.zeros(len(listed.needs), dtype=bool)
    weak_entries[ranking_of[below]] = True
    explained: dict[int, tuple[Exclusion, ...]] = {}
    for i, k in last.items():
        too_weak[i] = listed.weak[k] > 0 or bool(weak_entries[k])
        explained[i] = listed.excluded[k]
    entry_reasons = listed.reasons
    scores: dict[tuple[str, str], tuple[float, tuple[Reason, ...]]] = {}
    for e in np.flatnonzero(is_kept & planned).tolist():
        scores[(listed.needs[int(ranking_of[e])], listed.offerings[e])] = (
            float(listed.scores[e]),
            entry_reasons[e] if entry_reasons is not None else (),
        )
    entries = np.flatnonzero(chosen)
    cand_need = need_of[entries]
    cand_offering = entry_supply[entries]

    problem = AllocationProblem(
        need_quantity=remaining,
        need_weight=weights,
        offering_capacity=capacity,
        offering_partner=offering_partner,
        partner_used=partner_used.astype(np.int64),
        partner_total=(partner_used + partner_left).astype(np.int64),
        cand_need=cand_need,
        cand_offering=cand_offering,
        cand_score=listed.scores[entries],
    )
    layout = build_flow(problem, settings)
    solution = solve(layout.graph, settings.solver, networkx_max_arcs=settings.networkx_max_arcs)
    cand_flow = solution.flows[layout.candidate_arcs]

    assignments: list[Assignment] = []
    for pairing in kept:
        score, reasons = scores.get((pairing.need, pairing.offering), (0.0, ()))
        held = offering_index.get(pairing.offering, -1)
        partner = supplies[held].partner if held >= 0 else ""
        assignments.append(
            Assignment(
                need=pairing.need,
                offering=pairing.offering,
                partner=partner,
                quantity=pairing.quantity,
                score=score,
                reasons=reasons,
                kept=True,
            )
        )
    filled = np.zeros(len(demands), dtype=np.int64)
    has_candidate = np.zeros(len(demands), dtype=bool)
    has_candidate[cand_need] = True
    for k in np.flatnonzero(cand_flow).tolist():
        e = int(entries[k])
        quantity = int(cand_flow[k])
        i = int(cand_need[k])
        filled[i] += quantity
        assignments.append(
            Assignment(
                need=demands[i].need,
                offering=listed.offerings[e],
                partner=supplies[int(cand_offering[k])].partner,
                quantity=quantity,
                score=float(listed.scores[e]),
                reasons=entry_reasons[e] if entry_reasons is not None else (),
            )
        )
    need_order = {code: i for i, code in enumerate(need_index)}
    assignments.sort(key=lambda a: (need_order.get(a.need, -1), not a.kept, -a.score, a.offering))

    unfilled: list[Unfilled] = []
    for i, demand in enumerate(demands):
        missing = int(remaining[i] - filled[i])
        if missing <= 0:
            continue
        reason = _unfilled_reason(
            has_candidate=bool(has_candidate[i] or blocked_by_capacity[i]),
            exclusions=explained.get(i, ()),
            too_weak=bool(too_weak[i]),
        )
        text_zh, text_en = UNFILLED_TEXTS[reason]
        unfilled.append(Unfilled(demand.need, missing, reason, text_zh, text_en))

    return Plan(
        assignments=tuple(assignments),
        unfilled=tuple(unfilled),
        objective=-solution.cost / settings.scale,
        cost=solution.cost,
        solver=solution.solver,
    )


def _unfilled_reason(
    *, has_candidate: bool, exclusions: Sequence[Exclusion], too_weak: bool = False
) -> UnfilledReason:
    """A need with candidates lost out on capacity. Without any, the ranking's
    explanation decides: its exclusions come best-scoring first, so the first says why
    the offerings most like what the need asks for are out of reach. Otherwise, when
    offerings could serve it but fit too weakly (below the floor), it says so."""
    if has_candidate:
        return "capacity"
    first = exclusions[0].code if exclusions else None
    if first == CAPACITY_EXCLUSION:
        return "capacity"
    if first == AREA_EXCLUSION:
        return "outside_area"
    if too_weak:
        return "not_relevant"
    return "no_offering"


def _index(codes: Iterable[str], what: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for code in codes:
        if code in index:
            raise ValueError(f"{what} {code} is listed twice")
        index[code] = len(index)
    return index


# --- Measuring a plan against labelled grades ----------------------------------------------


def graded_value(assignments: Iterable[Assignment], grades: Mapping[str, Mapping[str, int]]) -> int:
    """The plan's graded value: the sum over assignments of grade × quantity, where
    ``grades[need][offering]`` is the labelled grade (0..3; unlisted pairs grade 0)."""
    return sum(a.quantity * grades.get(a.need, {}).get(a.offering, 0) for a in assignments)


def best_plan_by_grades(
    *,
    demands: Sequence[Demand],
    supplies: Sequence[Supply],
    grades: Mapping[str, Mapping[str, int]],
    kept: Sequence[Pairing] = (),
    excluded: Collection[tuple[str, str]] = (),
    priority_weights: Mapping[str, float] | None = None,
    solver: Solver = "auto",
) -> Plan:
    """The plan a perfect ranking would allow: the same flow within the same capacities,
    every graded pair a candidate weighted by its grade, no load spreading. With
    ``priority_weights`` left out all needs weigh the same, so the plan maximises
    :func:`graded_value` exactly."""
    partner_of = {s.offering: s.partner for s in supplies}
    rankings = [
        Ranking(
            need=d.need,
            matches=tuple(
                Match(offering=o, partner=partner_of[o], score=float(g))
                for o, g in sorted(grades.get(d.need, {}).items(), key=lambda og: -og[1])
                if g > 0 and o in partner_of
            ),
        )
        for d in demands
    ]
    weights = priority_weights or dict.fromkeys(DEFAULT_PRIORITY_WEIGHTS, 1.0)
    return allocate(
        demands=demands,
        supplies=supplies,
        rankings=rankings,
        kept=kept,
        excluded=excluded,
        settings=AllocationSettings(load_weight=0.0, priority_weights=weights, solver=solver),
    )
