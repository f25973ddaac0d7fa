"""Urgent and high-priority needs take scarce capacity before normal ones."""

from matching.engine.allocation import Demand, Supply, allocate
from tests.matching.engine.allocation_builders import ranking


def test_urgent_need_takes_the_last_unit_over_a_better_matching_normal_need() -> None:
    plan = allocate(
        demands=[Demand("N-NORMAL", 1, "normal"), Demand("N-URGENT", 1, "urgent")],
        supplies=[Supply("O1", "P1", capacity=1)],
        rankings=[ranking("N-NORMAL", ("O1", "P1", 0.9)), ranking("N-URGENT", ("O1", "P1", 0.5))],
    )

    assert [(a.need, a.offering, a.quantity) for a in plan.assignments] == [("N-URGENT", "O1", 1)]
    assert [(u.need, u.missing, u.reason) for u in plan.unfilled] == [("N-NORMAL", 1, "capacity")]


def test_high_priority_goes_before_low_when_scores_are_equal() -> None:
    plan = allocate(
        demands=[Demand("N-LOW", 2, "low"), Demand("N-HIGH", 2, "high")],
        supplies=[Supply("O1", "P1", capacity=3)],
        rankings=[ranking("N-LOW", ("O1", "P1", 0.7)), ranking("N-HIGH", ("O1", "P1", 0.7))],
    )

    filled = {a.need: a.quantity for a in plan.assignments}
    assert filled == {"N-HIGH": 2, "N-LOW": 1}


def test_with_plenty_of_capacity_priority_does_not_starve_anyone() -> None:
    plan = allocate(
        demands=[Demand("N-LOW", 1, "low"), Demand("N-URGENT", 1, "urgent")],
        supplies=[Supply("O1", "P1", capacity=5)],
        rankings=[ranking("N-LOW", ("O1", "P1", 0.6)), ranking("N-URGENT", ("O1", "P1", 0.6))],
    )

    assert sorted(a.need for a in plan.assignments) == ["N-LOW", "N-URGENT"]
    assert plan.unfilled == ()
