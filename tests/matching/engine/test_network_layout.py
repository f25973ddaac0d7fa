"""The network's drawing: communities on a ring that follows the map, partners between
them, inside the viewBox, the same every time."""

from __future__ import annotations

import random
from typing import Any

from matching.engine.network import (
    HEIGHT,
    MARGIN,
    WIDTH,
    CommunityNode,
    Point,
    ProjectLink,
    Reach,
    partner_network,
)
from tests.fresh import run_fresh
from tests.matching.engine.network_builders import AREA, partners

LINKS = [
    ProjectLink("P", "C1", "rehab", projects=3, units=3),
    ProjectLink("P", "C2", "rehab", projects=1, units=1),
    ProjectLink("Q", "C3", "rehab", projects=1, units=1),
]
REACH = [Reach(c, "rehab", ("P", "Q", "R", "S")) for c in ("C1", "C2", "C3")]


def layout(*, shuffle: int | None = None) -> dict[tuple[str, str], Point]:
    communities, links, reach = list(AREA), list(LINKS), list(REACH)
    if shuffle is not None:
        for items in (communities, links, reach):
            random.Random(shuffle).shuffle(items)
    return partner_network(
        communities=communities,
        partners=partners("S", "R", "Q", "P"),
        links=links,
        reach=reach,
        demand=[],
        capacity=[],
    ).layout


def test_the_same_input_in_any_order_draws_the_same_picture():
    first = layout()
    assert layout() == first
    assert layout(shuffle=1) == first
    assert layout(shuffle=2) == first


def test_every_node_is_drawn_inside_the_viewbox_clear_of_the_margin():
    points = layout()
    assert len(points) == 3 + 4
    for point in points.values():
        assert MARGIN <= point.x <= WIDTH - MARGIN
        assert MARGIN <= point.y <= HEIGHT - MARGIN


def test_partners_sit_inside_the_ring_of_communities():
    points = layout()
    radius = HEIGHT / 2 - MARGIN  # 270
    for (kind, _), point in points.items():
        distance = ((point.x - WIDTH / 2) ** 2 + (point.y - HEIGHT / 2) ** 2) ** 0.5
        if kind == "community":
            assert abs(distance - radius) < 0.1
        else:
            assert distance < radius


def test_communities_go_round_as_on_the_map_grouped_by_street():
    # Around the centre (0, 0): street A holds north and east, street B south and west.
    # A's bearing is 45°, B's 225°; five slots (four communities, two half gaps): north
    # at 0°, east at 72°, then half a slot's gap, south at 180° and west at 252°.
    # Ring radius 360 - 90 = 270 around (500, 360).
    net = partner_network(
        communities=[
            CommunityNode("W", "西", "B", lat=0.0, lng=-1.0),
            CommunityNode("N", "北", "A", lat=1.0, lng=0.0),
            CommunityNode("S", "南", "B", lat=-1.0, lng=0.0),
            CommunityNode("E", "东", "A", lat=0.0, lng=1.0),
        ],
        partners=[],
        links=[],
        reach=[],
        demand=[],
        capacity=[],
    )
    assert net.layout == {
        ("community", "E"): Point(756.8, 276.6),
        ("community", "N"): Point(500.0, 90.0),
        ("community", "S"): Point(500.0, 630.0),
        ("community", "W"): Point(243.2, 443.4),
    }


def test_without_positions_communities_go_round_by_street_and_code_from_the_top():
    net = partner_network(communities=AREA, partners=[], links=[], reach=[], demand=[], capacity=[])
    # One street, three slots of 120°.
    assert net.layout[("community", "C1")] == Point(500.0, 90.0)
    assert net.layout[("community", "C2")] == Point(733.8, 495.0)
    assert net.layout[("community", "C3")] == Point(266.2, 495.0)


def test_importing_the_network_engine_does_not_import_django():
    code = "import sys, matching.engine.network\nprint('django' in sys.modules)\n"
    assert run_fresh(code).stdout.strip() == "False"


def test_every_process_draws_the_same_picture_whatever_its_string_hashing() -> None:
    # Drawing a few of many partners takes a subgraph, which iterates its nodes in the
    # order of a set of strings: the order that differs between processes.
    code = (
        "from matching.engine.network import Reach, partner_network\n"
        "from tests.matching.engine.network_builders import AREA, partners\n"
        "crowd = [f'P{n:02d}' for n in range(40)]\n"
        "net = partner_network(communities=AREA, partners=partners(*crowd), links=[],\n"
        "    reach=[Reach(c, 'rehab', tuple(crowd)) for c in ('C1', 'C2', 'C3')],\n"
        "    demand=[], capacity=[])\n"
        "print(len(net.drawn), sorted(net.layout.items()))\n"
    )
    drawn = {run_fresh(code, env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(drawn) == 1
    assert drawn.pop().startswith("15 ")


def test_partners_reaching_the_same_communities_are_drawn_apart_and_off_the_communities():
    crowd = [f"P{n:02d}" for n in range(40)]
    net = partner_network(
        communities=AREA,
        partners=partners(*crowd),
        links=[],
        reach=[Reach(c, "rehab", tuple(crowd)) for c in ("C1", "C2", "C3")],
        demand=[],
        capacity=[],
        drawn_bridges=40,
    )
    points = [net.layout[("partner", code)] for code in crowd]
    towns = [net.layout[("community", c.code)] for c in AREA]
    closest = min(
        ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5
        for i, a in enumerate(points)
        for b in points[i + 1 :]
    )
    nearest_town = min(((a.x - t.x) ** 2 + (a.y - t.y) ** 2) ** 0.5 for a in points for t in towns)
    # PARTNER_SPACING 22 and COMMUNITY_CLEARANCE 46, less the rounding to 0.1.
    assert closest >= 21.8
    assert nearest_town >= 45.8


def test_with_two_communities_partners_reaching_one_each_stay_inside_the_ring():
    # The spring layout, with only two fixed points, throws partners far off; they are
    # brought back inside the ring even when none of them overlaps another.
    points = partner_network(
        communities=list(AREA)[:2],
        partners=partners("P", "Q", "R"),
        links=[],
        reach=[Reach("C1", "rehab", ("P", "Q")), Reach("C2", "rehab", ("R",))],
        demand=[],
        capacity=[],
    ).layout
    radius = HEIGHT / 2 - MARGIN
    drawn = [p for (kind, _), p in points.items() if kind == "partner"]
    assert len(drawn) == 3
    for point in drawn:
        assert ((point.x - WIDTH / 2) ** 2 + (point.y - HEIGHT / 2) ** 2) ** 0.5 < radius


def test_only_partners_worth_drawing_are_laid_out_and_never_more_than_the_cap():
    crowd = [f"P{n:02d}" for n in range(40)]
    common: dict[str, Any] = {
        "communities": AREA,
        "partners": partners(*crowd),
        "links": [ProjectLink("P39", "C1", "rehab", projects=1, units=1)],
        "reach": [Reach(c, "rehab", tuple(crowd)) for c in ("C1", "C2", "C3")],
        "demand": [],
        "capacity": [],
    }
    # Without bridges to add: only the partner with a project (no one is relied on alone).
    net = partner_network(**common, drawn_bridges=0)
    assert net.drawn == ("P39",)
    assert {code for kind, code in net.layout if kind == "partner"} == {"P39"}
    # The top five bridges: P39 (it served a community) first, then by code.
    net = partner_network(**common, drawn_bridges=5)
    assert net.drawn == ("P39", "P00", "P01", "P02", "P03")
    capped = partner_network(**common, drawn_bridges=40, max_drawn=3)
    assert capped.drawn == ("P39", "P00", "P01")
    assert len(capped.layout) == 3 + 3
    assert len(capped.bridges) == 40  # the tables still hold everyone


def test_a_network_drawn_again_unchanged_is_laid_out_once(monkeypatch: Any) -> None:
    import networkx as nx

    from matching.engine import network

    network._partner_points.cache_clear()
    calls: list[int] = []
    spring = nx.spring_layout

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return spring(*args, **kwargs)

    monkeypatch.setattr(nx, "spring_layout", counted)
    first = layout()
    assert layout(shuffle=3) == first
    assert len(calls) == 1

    # One more project on an edge weighs it more: the picture is laid out anew.
    more = [
        ProjectLink("P", "C1", "rehab", projects=4, units=4) if link.community == "C1" else link
        for link in LINKS
    ]
    moved = partner_network(
        communities=list(AREA),
        partners=partners("S", "R", "Q", "P"),
        links=more,
        reach=list(REACH),
        demand=[],
        capacity=[],
    ).layout
    assert len(calls) == 2
    assert moved != first
