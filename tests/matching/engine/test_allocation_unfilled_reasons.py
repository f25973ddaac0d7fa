"""Every unfilled need says why: no offering, capacity, or outside every service area."""

from matching.engine.allocation import Demand, Plan, Supply, allocate
from tests.matching.engine.allocation_builders import ranking


def _reasons(plan: Plan) -> dict[str, tuple[int, str]]:
    return {u.need: (u.missing, u.reason) for u in plan.unfilled}


def test_need_without_any_candidate_has_no_offering() -> None:
    plan = allocate(
        demands=[Demand("N1", 2)],
        supplies=[Supply("O1", "P1", capacity=3)],
        rankings=[ranking("N1")],
    )

    assert _reasons(plan) == {"N1": (2, "no_offering")}
    assert plan.unfilled[0].text_zh


def test_need_whose_related_offerings_do_not_cover_it_is_outside_area() -> None:
    plan = allocate(
        demands=[Demand("N1", 1)],
        supplies=[Supply("O1", "P1", capacity=3)],
        rankings=[ranking("N1", excluded=("area", "expired"))],
    )

    assert _reasons(plan) == {"N1": (1, "outside_area")}


def test_need_outbid_for_the_only_offering_lost_it_to_capacity() -> None:
    plan = allocate(
        demands=[Demand("N1", 1, "urgent"), Demand("N2", 1)],
        supplies=[Supply("O1", "P1", capacity=1)],
        rankings=[ranking("N1", ("O1", "P1", 0.8)), ranking("N2", ("O1", "P1", 0.8))],
    )

    assert _reasons(plan) == {"N2": (1, "capacity")}


def test_candidate_with_no_capacity_left_means_capacity_not_no_offering() -> None:
    plan = allocate(
        demands=[Demand("N1", 1)],
        supplies=[Supply("O1", "P1", capacity=0, used=4)],
        rankings=[ranking("N1", ("O1", "P1", 0.8))],
    )

    assert _reasons(plan) == {"N1": (1, "capacity")}


def test_ranking_that_excluded_a_full_offering_first_means_capacity() -> None:
    plan = allocate(
        demands=[Demand("N1", 1)],
        supplies=[],
        rankings=[ranking("N1", excluded=("capacity", "area"))],
    )

    assert _reasons(plan) == {"N1": (1, "capacity")}


def test_best_excluded_offering_out_of_its_period_means_no_offering() -> None:
    plan = allocate(
        demands=[Demand("N1", 1)],
        supplies=[],
        rankings=[ranking("N1", excluded=("expired", "area", "mode"))],
    )

    assert _reasons(plan) == {"N1": (1, "no_offering")}


def test_filled_needs_are_not_listed_as_unfilled() -> None:
    plan = allocate(
        demands=[Demand("N1", 1)],
        supplies=[Supply("O1", "P1", capacity=1)],
        rankings=[ranking("N1", ("O1", "P1", 0.5))],
    )

    assert plan.unfilled == ()
    assert plan.assignments[0].reasons[0].code == "category"
