"""Excluded (need, offering) pairs are never assigned."""

from matching.engine.allocation import Demand, Supply, allocate
from tests.matching.engine.allocation_builders import ranking


def test_excluded_pair_is_skipped_for_the_next_best_offering() -> None:
    plan = allocate(
        demands=[Demand("N1", 1)],
        supplies=[Supply("O1", "P1", capacity=3), Supply("O2", "P2", capacity=3)],
        rankings=[ranking("N1", ("O1", "P1", 0.9), ("O2", "P2", 0.4))],
        excluded=[("N1", "O1")],
    )

    assert [a.offering for a in plan.assignments] == ["O2"]


def test_excluding_a_pair_leaves_the_offering_to_other_needs() -> None:
    plan = allocate(
        demands=[Demand("N1", 1), Demand("N2", 1)],
        supplies=[Supply("O1", "P1", capacity=3)],
        rankings=[ranking("N1", ("O1", "P1", 0.9)), ranking("N2", ("O1", "P1", 0.4))],
        excluded=[("N1", "O1")],
    )

    assert [(a.need, a.offering) for a in plan.assignments] == [("N2", "O1")]
    assert [(u.need, u.reason) for u in plan.unfilled] == [("N1", "no_offering")]
