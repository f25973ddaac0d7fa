"""A plan never pairs a need with an offering below the ranking's relevance floor, even
with no minimum score of its own, and the need left unfilled says none fits well enough."""

from dataclasses import replace

from matching.engine.allocation import AllocationSettings, Demand, Supply, allocate
from matching.engine.ranking import MIN_SCORE
from tests.matching.engine.allocation_builders import ranking


def test_below_floor_pair_is_not_assigned_and_the_need_says_nothing_fits() -> None:
    plan = allocate(
        demands=[Demand("N1", 1)],
        supplies=[Supply("O1", "P1", capacity=3)],
        rankings=[ranking("N1", ("O1", "P1", MIN_SCORE / 2))],
        settings=AllocationSettings(min_score=0.0),
    )

    assert plan.assignments == ()
    assert [(u.need, u.reason) for u in plan.unfilled] == [("N1", "not_relevant")]
    assert "相关" in plan.unfilled[0].text_zh


def test_need_whose_ranking_found_only_weak_offerings_says_nothing_fits() -> None:
    weak_only = ranking("N1")

    plan = allocate(
        demands=[Demand("N1", 1)],
        supplies=[Supply("O1", "P1", capacity=3)],
        rankings=[replace(weak_only, weak=4)],
    )

    assert [(u.need, u.reason) for u in plan.unfilled] == [("N1", "not_relevant")]


def test_pair_at_the_floor_is_assigned() -> None:
    plan = allocate(
        demands=[Demand("N1", 1)],
        supplies=[Supply("O1", "P1", capacity=3)],
        rankings=[ranking("N1", ("O1", "P1", MIN_SCORE))],
        settings=AllocationSettings(min_score=0.0),
    )

    assert [(a.need, a.offering) for a in plan.assignments] == [("N1", "O1")]
