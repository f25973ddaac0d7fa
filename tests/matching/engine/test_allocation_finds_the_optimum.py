"""The flow's plan is the best plan: checked against exhaustive search on small cases."""

import itertools

import numpy as np
import pytest

from matching.engine.allocation import AllocationSettings, Demand, Supply, allocate
from matching.engine.ranking import MIN_SCORE
from tests.matching.engine.allocation_builders import ranking

SCALE = 10_000
WEIGHTS = {"low": 0.5, "normal": 1.0, "high": 2.0, "urgent": 4.0}


def _exhaustive_best(
    demands: list[Demand],
    supplies: list[Supply],
    arcs: list[tuple[str, str, float]],
    load_weight: float,
) -> int:
    """Best integer cost over every way of putting units on the candidate arcs, with each
    partner's u-th unit (counted over the quarter) costing load_weight·u/total."""
    quantity = {d.need: d.quantity for d in demands}
    weight = {d.need: WEIGHTS[d.priority] for d in demands}
    supply = {s.offering: s for s in supplies}
    totals: dict[str, int] = {}
    used: dict[str, int] = {}
    for s in supplies:
        totals[s.partner] = totals.get(s.partner, 0) + s.capacity + s.used
        used[s.partner] = used.get(s.partner, 0) + s.used
    best = 0
    ranges = [range(min(quantity[n], supply[o].capacity) + 1) for n, o, _ in arcs]
    for units in itertools.product(*ranges):
        per_need: dict[str, int] = {}
        per_offering: dict[str, int] = {}
        per_partner: dict[str, int] = {}
        cost = 0
        for (need, offering, score), x in zip(arcs, units, strict=True):
            per_need[need] = per_need.get(need, 0) + x
            per_offering[offering] = per_offering.get(offering, 0) + x
            partner = supply[offering].partner
            per_partner[partner] = per_partner.get(partner, 0) + x
            cost -= x * round(weight[need] * score * SCALE)
        if any(per_need[n] > quantity[n] for n in per_need):
            continue
        if any(per_offering[o] > supply[o].capacity for o in per_offering):
            continue
        for partner, n_units in per_partner.items():
            cost += sum(
                round(load_weight * SCALE * (used[partner] + u) / totals[partner])
                for u in range(n_units)
            )
        best = min(best, cost)
    return best


@pytest.mark.parametrize("seed", range(15))
@pytest.mark.parametrize("load_weight", [0.0, 0.4])
def test_plan_cost_equals_exhaustive_search(seed: int, load_weight: float) -> None:
    rng = np.random.default_rng(seed)
    demands = [
        Demand(f"N{i}", int(rng.integers(1, 3)), ("low", "normal", "urgent")[int(rng.integers(3))])
        for i in range(3)
    ]
    supplies = [
        Supply(f"O{j}", f"P{j % 2}", capacity=int(rng.integers(0, 3)), used=int(rng.integers(0, 2)))
        for j in range(3)
    ]
    arcs = []
    for d in demands:
        for j in rng.choice(3, size=2, replace=False):
            # Candidates the ranking proposes, so above its relevance floor.
            score = MIN_SCORE + (1 - MIN_SCORE) * float(rng.random())
            arcs.append((d.need, f"O{j}", round(score, 3)))
    rankings = [
        ranking(d.need, *((o, f"P{int(o[1:]) % 2}", s) for n, o, s in arcs if n == d.need))
        for d in demands
    ]

    # One piece per unit, so the partner's rising cost is exactly the per-unit cost above.
    plan = allocate(
        demands=demands,
        supplies=supplies,
        rankings=rankings,
        settings=AllocationSettings(load_weight=load_weight, load_steps=100),
    )

    assert plan.cost == _exhaustive_best(demands, supplies, arcs, load_weight)
