"""The graded value of a plan, and the best value the same capacities allow."""

from matching.engine.allocation import (
    Demand,
    Supply,
    allocate,
    best_plan_by_grades,
    graded_value,
)
from tests.matching.engine.allocation_builders import ranking

# Two needs, two offerings of one unit each. Giving each need its own best offering
# (N1←O1) leaves N2 with an offering graded 0; the best plan swaps: N1←O2, N2←O1.
DEMANDS = [Demand("N1", 1), Demand("N2", 1)]
SUPPLIES = [Supply("O1", "P1", capacity=1), Supply("O2", "P2", capacity=1)]
GRADES = {"N1": {"O1": 3, "O2": 2}, "N2": {"O1": 3}}
BEST = 2 + 3


def test_best_plan_by_grades_reaches_the_known_optimum() -> None:
    best = best_plan_by_grades(demands=DEMANDS, supplies=SUPPLIES, grades=GRADES)

    assert graded_value(best.assignments, GRADES) == BEST
    assert {(a.need, a.offering) for a in best.assignments} == {("N1", "O2"), ("N2", "O1")}


def test_flow_plan_trades_one_need_s_first_choice_for_the_total() -> None:
    plan = allocate(
        demands=DEMANDS,
        supplies=SUPPLIES,
        rankings=[
            ranking("N1", ("O1", "P1", 0.9), ("O2", "P2", 0.7)),
            ranking("N2", ("O1", "P1", 0.8), ("O2", "P2", 0.1)),
        ],
    )

    assert graded_value(plan.assignments, GRADES) == BEST


def test_misleading_scores_give_a_lower_graded_value_than_the_optimum() -> None:
    plan = allocate(
        demands=DEMANDS,
        supplies=SUPPLIES,
        rankings=[
            ranking("N1", ("O1", "P1", 0.9), ("O2", "P2", 0.2)),
            ranking("N2", ("O2", "P2", 0.8), ("O1", "P1", 0.1)),
        ],
    )

    assert graded_value(plan.assignments, GRADES) == 3
    assert graded_value(plan.assignments, GRADES) < BEST


def test_pairs_without_a_grade_count_zero() -> None:
    plan = allocate(
        demands=[Demand("N9", 2)],
        supplies=SUPPLIES,
        rankings=[ranking("N9", ("O1", "P1", 0.9))],
    )

    assert sum(a.quantity for a in plan.assignments) == 1
    assert graded_value(plan.assignments, GRADES) == 0
