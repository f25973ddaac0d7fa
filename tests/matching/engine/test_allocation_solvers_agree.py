"""networkx's network simplex and OR-Tools solve the same graph to the same optimum."""

import numpy as np
import pytest

from matching.engine.allocation import (
    AllocationSettings,
    Demand,
    FlowGraph,
    Supply,
    allocate,
    solve_networkx,
    solve_ortools,
)
from matching.engine.types import Ranking
from tests.matching.engine.allocation_builders import ranking

PRIORITIES = ("low", "normal", "high", "urgent")


def _random_inputs(seed: int) -> tuple[list[Demand], list[Supply], list[Ranking]]:
    rng = np.random.default_rng(seed)
    n_needs, n_offerings, n_partners = 40, 30, 8
    demands = [
        Demand(f"N{i}", int(rng.integers(1, 5)), PRIORITIES[int(rng.integers(0, 4))])
        for i in range(n_needs)
    ]
    supplies = [
        Supply(
            f"O{j}",
            f"P{int(rng.integers(0, n_partners))}",
            capacity=int(rng.integers(0, 6)),
            used=int(rng.integers(0, 3)),
        )
        for j in range(n_offerings)
    ]
    partner_of = {s.offering: s.partner for s in supplies}
    rankings = []
    for d in demands:
        chosen = rng.choice(n_offerings, size=int(rng.integers(0, 8)), replace=False)
        scores = np.sort(rng.random(len(chosen)))[::-1]
        rankings.append(
            ranking(
                d.need,
                *(
                    (f"O{j}", partner_of[f"O{j}"], float(s))
                    for j, s in zip(chosen, scores, strict=True)
                ),
            )
        )
    return demands, supplies, rankings


def _conserves_flow(graph: FlowGraph, flows: np.ndarray) -> bool:
    net = np.zeros(graph.num_nodes, dtype=np.int64)
    np.add.at(net, graph.tails, flows)
    np.add.at(net, graph.heads, -flows)
    return bool((net == graph.supplies).all() and (flows <= graph.capacities).all())


@pytest.mark.parametrize("seed", range(12))
def test_both_solvers_reach_the_same_objective_on_random_districts(seed: int) -> None:
    demands, supplies, rankings = _random_inputs(seed)
    by_networkx = allocate(
        demands=demands,
        supplies=supplies,
        rankings=rankings,
        settings=AllocationSettings(solver="networkx", load_weight=0.3),
    )
    by_ortools = allocate(
        demands=demands,
        supplies=supplies,
        rankings=rankings,
        settings=AllocationSettings(solver="ortools", load_weight=0.3),
    )

    assert (by_networkx.solver, by_ortools.solver) == ("networkx", "ortools")
    assert by_networkx.cost == by_ortools.cost
    assert by_networkx.objective == by_ortools.objective > 0


@pytest.mark.parametrize("seed", range(12))
def test_random_flow_graphs_have_one_optimal_cost_and_feasible_flows(seed: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    n_nodes, n_arcs = 30, 150
    tails = rng.integers(2, n_nodes, n_arcs)
    heads = (tails + rng.integers(1, n_nodes - 2, n_arcs) - 2) % (n_nodes - 2) + 2
    supply = int(rng.integers(5, 30))
    # Source and sink joined through the random middle and by one dear direct arc, so
    # every instance is feasible.
    tails = np.concatenate([tails, np.zeros(5, np.int64), rng.integers(2, n_nodes, 5), [0]])
    heads = np.concatenate([heads, rng.integers(2, n_nodes, 5), np.ones(5, np.int64), [1]])
    capacities = np.append(rng.integers(1, 20, tails.shape[0] - 1), supply)
    costs = np.append(rng.integers(-50, 50, tails.shape[0] - 1), 10_000)
    supplies = np.zeros(n_nodes, dtype=np.int64)
    supplies[0], supplies[1] = supply, -supply
    graph = FlowGraph(
        tails=tails.astype(np.int64),
        heads=heads.astype(np.int64),
        capacities=capacities.astype(np.int64),
        costs=costs.astype(np.int64),
        supplies=supplies,
    )

    simplex = solve_networkx(graph)
    cost_scaling = solve_ortools(graph)

    assert simplex.cost == cost_scaling.cost
    assert _conserves_flow(graph, simplex.flows)
    assert _conserves_flow(graph, cost_scaling.flows)
    assert int(simplex.flows @ graph.costs) == simplex.cost
