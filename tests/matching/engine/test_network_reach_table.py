"""An area's reach given at once as a table of positions: the same network as cell by
cell, whatever the order, repeats and codes outside the area."""

from __future__ import annotations

import numpy as np

from matching.engine.network import (
    Demand,
    PartnerCapacity,
    PartnerNetwork,
    Reach,
    ReachTable,
    partner_network,
)
from tests.matching.engine.network_builders import AREA, partners


def test_a_table_keeps_each_triple_once_in_the_order_of_the_codes() -> None:
    table = ReachTable.build(
        communities=["C2", "C1"],
        categories=["rehab", "legal_aid"],
        partners=["Q", "P"],
        community=np.array([0, 0, 1, 0], dtype=np.int64),
        category=np.array([0, 0, 1, 1], dtype=np.int64),
        partner=np.array([1, 1, 0, 0], dtype=np.int64),
    )
    assert (table.communities, table.categories, table.partners) == (
        ("C1", "C2"),
        ("legal_aid", "rehab"),
        ("P", "Q"),
    )
    triples = [
        (table.communities[c], table.categories[k], table.partners[p])
        for c, k, p in zip(table.community, table.category, table.partner, strict=True)
    ]
    assert triples == [("C1", "legal_aid", "Q"), ("C2", "legal_aid", "Q"), ("C2", "rehab", "P")]


def test_the_network_of_a_table_is_the_network_of_its_cells() -> None:
    cells = [
        Reach("C3", "rehab", ("P",)),
        Reach("C1", "rehab", ("Q", "P", "Q")),
        Reach("C2", "legal_aid", ("R",)),
        Reach("C1", "rehab", ("P",)),
        Reach("C1", "legal_aid", ("P",)),
        Reach("ELSEWHERE", "rehab", ("S",)),
        Reach("C2", "rehab", ("UNKNOWN",)),
    ]

    def network(reach: list[Reach] | ReachTable) -> PartnerNetwork:
        return partner_network(
            communities=AREA,
            partners=partners("P", "Q", "R", "S"),
            links=[],
            reach=reach,
            demand=[
                Demand("C3", "rehab", 2),
                Demand("C2", "legal_aid", 1),
                Demand("C1", "rehab", 4),
            ],
            capacity=[PartnerCapacity(code, capacity=5, used=0) for code in "PQRS"],
        )

    by_cells, by_table = network(cells), network(ReachTable.of(reversed(cells)))
    assert by_table.bridges == by_cells.bridges
    assert by_table.dependencies == by_cells.dependencies
    assert by_table.idle == by_cells.idle
    assert by_table.edges == by_cells.edges
    # P alone reaches rehab in C3 and R legal aid in C2 (P and Q both reach rehab in C1);
    # S reaches nothing in the area.
    assert [(d.community, d.partner) for d in by_table.dependencies] == [
        ("C3", "P"),
        ("C2", "R"),
    ]
    assert {i.partner: tuple(i.communities) for i in by_table.idle} == {
        "P": ("C1", "C3"),
        "Q": ("C1",),
        "R": ("C2",),
    }
    assert {b.partner: b.reached for b in by_table.bridges} == {"P": 2, "Q": 1, "R": 1}
