"""The partner network read from the database: projects of the window, reach and demand
of the quarter's coverage, capacity nobody uses (data of :mod:`network_data`)."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import InvalidInputError
from matching.engine.network import Bridge, Dependency, Edge, IdlePartner
from matching.engine.quarters import Quarter
from matching.insights.network import partner_network, window_quarters
from tests.insights.network_data import build, fresh_index  # noqa: F401 - a fixture

Q4 = Quarter(2026, 4)
C11, C12, C21 = "BA-S1-C1", "BA-S1-C2", "BA-S2-C1"


@pytest.fixture
def tree(db: None, fresh_index: None) -> dict[str, Any]:  # noqa: F811 - the fixture
    return build()


def test_edges_join_partners_to_the_communities_they_served_in_the_window_or_reach(tree):
    network = partner_network(scope=tree["BA"], quarter=Q4).network
    assert network.edges == (
        # The repair of the station X1 counts for 海裕社区; the declined legal aid and the
        # project of 2025Q4 do not count.
        Edge("P-FIX", C11, projects=1, units=2, reaches=True),
        Edge("P-FIX", C12, projects=0, units=0, reaches=True),
        Edge("P-HUB", C11, projects=1, units=1, reaches=True),
        Edge("P-HUB", C12, projects=1, units=1, reaches=True),
        Edge("P-HUB", C21, projects=1, units=2, reaches=True),
        Edge("P-LAW", C21, projects=0, units=0, reaches=True),
        Edge("P-OLD", C11, projects=0, units=0, reaches=True),
    )
    assert [(c.code, c.street) for c in network.communities] == [
        (C11, "BA-S1"),
        (C12, "BA-S1"),
        (C21, "BA-S2"),
    ]
    assert [(p.code, p.kind) for p in network.partners] == [
        ("P-FIX", "resident"),
        ("P-HUB", "social_org"),
        ("P-LAW", "unit"),
        ("P-OLD", "social_org"),
    ]


def test_the_health_centre_bridges_the_district(tree):
    # Projects' graph: 7 nodes, HUB joined to the three communities, FIX to C11. Through
    # HUB pass C11-C12, C11-C21, C12-C21, FIX-C12 and FIX-C21: 5 of 6 * 5 / 2 = 15 pairs.
    assert partner_network(scope=tree["BA"], quarter=Q4).network.bridges == (
        Bridge("P-HUB", served=3, reached=3, betweenness=0.333333),
        Bridge("P-FIX", served=1, reached=2, betweenness=0.0),
        Bridge("P-LAW", served=0, reached=1, betweenness=0.0),
        Bridge("P-OLD", served=0, reached=1, betweenness=0.0),
    )


def test_communities_depending_on_one_partner_for_a_category(tree):
    # 海裕社区's health checks have two partners (HUB, OLD): no dependency. 灵芝社区's need
    # is served (0 open) but had a project in the window, so it is still in demand.
    assert partner_network(scope=tree["BA"], quarter=Q4).network.dependencies == (
        Dependency(C21, "legal_aid", "P-LAW", need_units=3, projects=0),
        Dependency(C11, "home_repair", "P-FIX", need_units=1, projects=1),
        Dependency(C21, "health_checkup", "P-HUB", need_units=1, projects=1),
        Dependency(C12, "health_checkup", "P-HUB", need_units=0, projects=1),
    )


def test_partners_whose_capacity_nobody_uses_this_quarter(tree):
    # HUB has 1 unit promised (dispatched) and FIX 2 accepted in 2026Q4; the declined
    # project and the one of 2025Q4 use nothing.
    assert partner_network(scope=tree["BA"], quarter=Q4).network.idle == (
        IdlePartner("P-LAW", capacity=6, communities=(C21,)),
        IdlePartner("P-OLD", capacity=3, communities=(C11,)),
    )


def test_a_window_of_one_quarter_keeps_only_its_projects(tree):
    area = partner_network(scope=tree["BA"], quarter=Q4, window=1)
    assert area.quarters == [Q4]
    served = {b.partner: b.served for b in area.network.bridges}
    assert served == {"P-HUB": 1, "P-FIX": 1, "P-LAW": 0, "P-OLD": 0}


def test_a_street_holds_its_own_communities_and_the_partners_reaching_them(tree):
    network = partner_network(scope=tree["S1"], quarter=Q4).network
    assert [c.code for c in network.communities] == [C11, C12]
    assert [p.code for p in network.partners] == ["P-FIX", "P-HUB", "P-OLD"]
    assert [(b.partner, b.served) for b in network.bridges] == [
        ("P-HUB", 2),
        ("P-FIX", 1),
        ("P-OLD", 0),
    ]


def test_the_page_draws_partners_with_projects_sole_partners_and_top_bridges(tree):
    area = partner_network(scope=tree["BA"], quarter=Q4)
    assert area.drawn_partners() == {"P-HUB", "P-FIX", "P-LAW", "P-OLD"}
    laid_out = {code for kind, code in area.network.layout if kind == "partner"}
    assert laid_out == area.drawn_partners()


def test_the_window_is_the_quarters_ending_with_the_quarter():
    assert [str(q) for q in window_quarters(Quarter(2026, 2), 4)] == [
        "2025Q3",
        "2025Q4",
        "2026Q1",
        "2026Q2",
    ]
    with pytest.raises(InvalidInputError):
        window_quarters(Q4, 0)


def test_a_partner_whose_capacity_the_quarter_has_taken_reaches_no_one_in_it(tree):
    """All six units of the legal aid accepted in 2026Q4: in that quarter it reaches no
    community under the hard rules (an edge of its project only), and in 2026Q3 it did."""
    from needs.models import Need
    from partners.models import Offering
    from tests.factories import ProjectFactory

    ProjectFactory.create(
        need=Need.objects.get(code="N-C21-L"),
        offering=Offering.objects.get(code="O-LAW"),
        quantity=6,
        quarter="2026Q4",
        status="accepted",
    )
    law = [
        e
        for e in partner_network(scope=tree["BA"], quarter=Q4).network.edges
        if e.partner == "P-LAW"
    ]
    assert law == [Edge("P-LAW", C21, projects=1, units=6, reaches=False)]
    earlier = partner_network(scope=tree["BA"], quarter=Quarter(2026, 3), window=1).network
    assert Edge("P-LAW", C21, projects=0, units=0, reaches=True) in earlier.edges
