"""Single-partner dependencies: a community and category in demand that one partner alone
can reach."""

from __future__ import annotations

from matching.engine.network import Demand, Dependency, ProjectLink, Reach, partner_network
from tests.matching.engine.network_builders import AREA, partners


def dependencies(*, links=(), reach=(), demand=()):
    return partner_network(
        communities=AREA,
        partners=partners("P", "Q", "R"),
        links=links,
        reach=reach,
        demand=demand,
        capacity=[],
    ).dependencies


def test_a_community_only_one_partner_can_reach_for_rehab_depends_on_it():
    assert dependencies(
        reach=[Reach("C1", "rehab", ("Q",))],
        demand=[Demand("C1", "rehab", 3)],
        links=[
            ProjectLink("Q", "C1", "rehab", projects=2, units=2),
            ProjectLink("Q", "C1", "health_checkup", projects=1, units=1),
        ],
    ) == (Dependency("C1", "rehab", "Q", need_units=3, projects=2),)


def test_two_partners_reaching_is_no_dependency():
    assert (
        dependencies(reach=[Reach("C1", "rehab", ("P", "Q"))], demand=[Demand("C1", "rehab", 3)])
        == ()
    )


def test_without_demand_a_single_reach_is_no_dependency():
    assert (
        dependencies(reach=[Reach("C1", "rehab", ("Q",))], demand=[Demand("C1", "rehab", 0)]) == ()
    )


def test_demand_nobody_reaches_is_a_gap_not_a_dependency():
    assert dependencies(reach=[Reach("C1", "rehab", ())], demand=[Demand("C1", "rehab", 5)]) == ()


def test_projects_in_the_window_count_as_demand_even_with_no_units_open():
    assert dependencies(
        reach=[Reach("C2", "health_checkup", ("P",))],
        links=[ProjectLink("P", "C2", "health_checkup", projects=2, units=4)],
    ) == (Dependency("C2", "health_checkup", "P", need_units=0, projects=2),)


def test_most_open_units_first_and_other_areas_left_out():
    assert dependencies(
        reach=[
            Reach("C1", "rehab", ("Q",)),
            Reach("C3", "legal_aid", ("R",)),
            Reach("ELSEWHERE", "rehab", ("P",)),
        ],
        demand=[
            Demand("C1", "rehab", 2),
            Demand("C3", "legal_aid", 7),
            Demand("ELSEWHERE", "rehab", 9),
        ],
    ) == (
        Dependency("C3", "legal_aid", "R", need_units=7, projects=0),
        Dependency("C1", "rehab", "Q", need_units=2, projects=0),
    )
