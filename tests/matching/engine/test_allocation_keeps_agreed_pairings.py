"""Pairings already agreed stay in the plan and count toward their need."""

from matching.engine.allocation import Demand, Pairing, Supply, allocate
from tests.matching.engine.allocation_builders import ranking


def test_kept_pairing_is_in_the_plan_and_only_the_rest_is_allocated() -> None:
    plan = allocate(
        demands=[Demand("N1", 3)],
        supplies=[Supply("O1", "P1", capacity=5, used=2), Supply("O2", "P2", capacity=5)],
        rankings=[ranking("N1", ("O1", "P1", 0.9), ("O2", "P2", 0.5))],
        kept=[Pairing("N1", "O1", 2)],
    )

    kept = [(a.offering, a.quantity, a.score) for a in plan.assignments if a.kept]
    new = [(a.offering, a.quantity) for a in plan.assignments if not a.kept]
    assert kept == [("O1", 2, 0.9)]
    # The kept pairing is never duplicated: the remaining unit comes from another offering.
    assert new == [("O2", 1)]
    assert plan.unfilled == ()


def test_need_fully_covered_by_kept_pairings_gets_nothing_new() -> None:
    plan = allocate(
        demands=[Demand("N1", 2), Demand("N2", 1)],
        supplies=[Supply("O1", "P1", capacity=1, used=2)],
        rankings=[ranking("N1", ("O1", "P1", 0.9)), ranking("N2", ("O1", "P1", 0.4))],
        kept=[Pairing("N1", "O1", 2)],
    )

    assert [(a.need, a.quantity, a.kept) for a in plan.assignments] == [
        ("N1", 2, True),
        ("N2", 1, False),
    ]
