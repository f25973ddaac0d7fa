"""Bridges: a partner whose projects join three communities links the area most."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from matching.engine.network import (
    BETWEENNESS_SOURCES,
    Bridge,
    Edge,
    PartnerCapacity,
    ProjectLink,
    Reach,
    _betweenness,
    partner_network,
)
from tests.matching.engine.network_builders import AREA, partners

# P works in all three communities, Q only in C1; R reaches C2 but did no project.
LINKS = [
    ProjectLink("P", "C1", "rehab", projects=1, units=2),
    ProjectLink("P", "C2", "rehab", projects=1, units=1),
    ProjectLink("P", "C2", "health_checkup", projects=1, units=3),
    ProjectLink("P", "C3", "health_checkup", projects=1, units=1),
    ProjectLink("Q", "C1", "rehab", projects=1, units=1),
]
REACH = [
    Reach("C1", "rehab", ("P", "Q")),
    Reach("C2", "rehab", ("P", "R")),
    Reach("C3", "health_checkup", ("P",)),
]


def network():
    return partner_network(
        communities=AREA,
        partners=partners("P", "Q", "R"),
        links=LINKS,
        reach=REACH,
        demand=[],
        capacity=[],
    )


def test_the_star_partner_serves_three_communities_and_lies_between_them():
    # Project graph: C1, C2, C3, P, Q, R (R alone). Through P pass C1-C2, C1-C3, C2-C3,
    # Q-C2 and Q-C3: 5 of the (6-1)(6-2)/2 = 10 pairs.
    assert network().bridges == (
        Bridge("P", served=3, reached=3, betweenness=0.5),
        Bridge("Q", served=1, reached=1, betweenness=0.0),
        Bridge("R", served=0, reached=1, betweenness=0.0),
    )


def test_between_partners_serving_as_many_the_one_lying_between_more_comes_first():
    # A chain C1 - A - C2 - B - C3 - D: the node at position i of six lies on i * (5 - i)
    # of the 10 pairs' paths, so A (1) on 4 and B (3) on 6.
    net = partner_network(
        communities=AREA,
        partners=partners("A", "B", "D"),
        links=[
            ProjectLink("A", "C1", "rehab", projects=1, units=1),
            ProjectLink("A", "C2", "rehab", projects=1, units=1),
            ProjectLink("B", "C2", "rehab", projects=1, units=1),
            ProjectLink("B", "C3", "rehab", projects=1, units=1),
            ProjectLink("D", "C3", "rehab", projects=1, units=1),
        ],
        reach=[],
        demand=[],
        capacity=[],
    )
    assert net.bridges == (
        Bridge("B", served=2, reached=0, betweenness=0.6),
        Bridge("A", served=2, reached=0, betweenness=0.4),
        Bridge("D", served=1, reached=0, betweenness=0.0),
    )


def test_edges_count_projects_across_categories_and_say_whether_the_partner_reaches():
    net = network()
    assert net.edges == (
        Edge("P", "C1", projects=1, units=2, reaches=True),
        Edge("P", "C2", projects=2, units=4, reaches=True),
        Edge("P", "C3", projects=1, units=1, reaches=True),
        Edge("Q", "C1", projects=1, units=1, reaches=True),
        Edge("R", "C2", projects=0, units=0, reaches=True),
    )
    assert net.graph.edges[("partner", "P"), ("community", "C2")] == {
        "projects": 2,
        "reaches": True,
    }


def test_links_outside_the_area_and_partners_without_edges_are_left_out():
    net = partner_network(
        communities=AREA,
        partners=partners("P", "Z"),
        links=[*LINKS, ProjectLink("P", "ELSEWHERE", "rehab", projects=5, units=5)],
        reach=[Reach("ELSEWHERE", "rehab", ("Z",))],
        demand=[],
        capacity=[],
    )
    assert [p.code for p in net.partners] == ["P"]
    assert [b.partner for b in net.bridges] == ["P"]
    assert net.bridges[0].served == 3
    # C1, C2 and C3 pairwise through P: 3 of (4-1)(4-2)/2 = 3 pairs.
    assert net.bridges[0].betweenness == pytest.approx(1.0)


def test_among_partners_without_projects_the_one_reaching_more_communities_comes_first():
    net = partner_network(
        communities=AREA,
        partners=partners("A", "B"),
        links=[],
        reach=[Reach("C1", "rehab", ("A", "B")), Reach("C2", "rehab", ("B",))],
        demand=[],
        capacity=[],
    )
    assert [(b.partner, b.reached) for b in net.bridges] == [("B", 2), ("A", 1)]


def test_betweenness_skips_partners_without_projects_and_agrees_with_networkx() -> None:
    """Computed on the projects' graph alone (a district's thousands of partners without
    projects took minutes), normalised over the whole network: networkx's own figures."""
    rng = random.Random(4)
    whole = nx.Graph()
    whole.add_nodes_from(("p", n) for n in range(400))  # most partners: no project
    whole.add_nodes_from(("c", n) for n in range(30))
    for _ in range(60):
        whole.add_edge(("p", rng.randrange(40)), ("c", rng.randrange(30)))
    work = whole.edge_subgraph(whole.edges).copy()
    exact = nx.betweenness_centrality(whole, normalized=True)
    found = _betweenness(work, whole.number_of_nodes())
    assert set(found) == set(work.nodes)
    assert max(exact.values()) > 0
    for node, value in exact.items():
        assert found.get(node, 0.0) == pytest.approx(value, abs=1e-12)


def test_betweenness_of_a_large_projects_graph_is_estimated_the_same_way_each_time() -> None:
    rng = random.Random(5)
    work = nx.Graph()
    for _ in range(900):
        work.add_edge(("p", rng.randrange(400)), ("c", rng.randrange(60)))
    assert work.number_of_nodes() > BETWEENNESS_SOURCES
    first, again = _betweenness(work, 2000), _betweenness(work, 2000)
    assert first == again
    exact = nx.betweenness_centrality(work, normalized=False)
    hubs = sorted(exact, key=lambda n: -exact[n])[:5]
    estimated = sorted(first, key=lambda n: -first[n])[:20]
    assert set(hubs) <= set(estimated)


def test_reach_only_edges_are_listed_for_drawn_partners_and_counted_for_all() -> None:
    """An area's partners reach its communities up to millions of times: the edges list
    work and the drawn partners' reach; bridges and idle partners still count every
    reach."""
    net = partner_network(
        communities=AREA,
        partners=partners("P", "Q", "R", "S"),
        links=LINKS,
        reach=[*REACH, Reach("C1", "rehab", ("S",)), Reach("C3", "rehab", ("S",))],
        demand=[],
        capacity=[PartnerCapacity("S", capacity=4, used=0)],
        drawn_bridges=1,
    )
    assert net.drawn == ("P", "Q")  # P is the top bridge; Q has projects
    assert [(e.partner, e.community) for e in net.edges if e.partner in ("R", "S")] == []
    assert ("partner", "S") in net.graph.nodes
    bridges = {b.partner: b for b in net.bridges}
    assert (bridges["S"].reached, bridges["R"].reached) == (2, 1)
    assert [(i.partner, i.communities) for i in net.idle] == [("S", ("C1", "C3"))]
    assert {(e.partner, e.community) for e in net.edges} == {
        ("P", "C1"),
        ("P", "C2"),
        ("P", "C3"),
        ("Q", "C1"),
    }
