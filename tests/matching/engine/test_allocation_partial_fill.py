"""A need may be partly filled, from one offering or several."""

from matching.engine.allocation import Demand, Supply, allocate
from tests.matching.engine.allocation_builders import quantities, ranking


def test_need_larger_than_capacity_is_partly_filled_and_says_what_is_missing() -> None:
    plan = allocate(
        demands=[Demand("N1", 5)],
        supplies=[Supply("O1", "P1", capacity=3)],
        rankings=[ranking("N1", ("O1", "P1", 0.8))],
    )

    assert quantities(plan.assignments, "N1") == {"O1": 3}
    assert [(u.need, u.missing, u.reason) for u in plan.unfilled] == [("N1", 2, "capacity")]


def test_need_is_filled_from_several_offerings_when_one_is_not_enough() -> None:
    plan = allocate(
        demands=[Demand("N1", 4)],
        supplies=[Supply("O1", "P1", capacity=2), Supply("O2", "P2", capacity=5)],
        rankings=[ranking("N1", ("O1", "P1", 0.9), ("O2", "P2", 0.6))],
    )

    assert quantities(plan.assignments, "N1") == {"O1": 2, "O2": 2}
    assert plan.unfilled == ()


def test_no_offering_gives_more_than_its_capacity_across_needs() -> None:
    plan = allocate(
        demands=[Demand("N1", 3), Demand("N2", 3)],
        supplies=[Supply("O1", "P1", capacity=4)],
        rankings=[ranking("N1", ("O1", "P1", 0.8)), ranking("N2", ("O1", "P1", 0.7))],
    )

    assert sum(a.quantity for a in plan.assignments) == 4
    assert quantities(plan.assignments, "N1") == {"O1": 3}
    assert [(u.need, u.missing) for u in plan.unfilled] == [("N2", 2)]
