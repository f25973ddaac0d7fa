"""Idle capacity: a partner reaching the area whose capacity this quarter nobody uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matching.engine.network import IdlePartner, PartnerCapacity, Reach, partner_network
from tests.matching.engine.network_builders import AREA, partners

REACH = [
    Reach("C1", "rehab", ("P", "Q")),
    Reach("C3", "rehab", ("P",)),
    Reach("C2", "legal_aid", ("R", "T")),
    Reach("ELSEWHERE", "rehab", ("S",)),
]


def idle(*capacity: PartnerCapacity) -> Sequence[IdlePartner]:
    return partner_network(
        communities=AREA,
        partners=partners("P", "Q", "R", "S", "T"),
        links=[],
        reach=REACH,
        demand=[],
        capacity=capacity,
    ).idle


def test_an_idle_partner_is_reported_with_its_capacity_and_the_communities_it_reaches():
    assert idle(PartnerCapacity("P", capacity=10, used=0)) == (
        IdlePartner("P", capacity=10, communities=("C1", "C3")),
    )


def test_a_partner_with_units_used_or_promised_is_not_idle():
    assert idle(PartnerCapacity("Q", capacity=5, used=2)) == ()


def test_a_partner_without_capacity_is_not_idle():
    assert idle(PartnerCapacity("R", capacity=0, used=0)) == ()


def test_a_partner_reaching_no_community_of_the_area_is_not_idle_here():
    assert idle(PartnerCapacity("S", capacity=8, used=0)) == ()


def test_most_capacity_first():
    assert idle(
        PartnerCapacity("P", capacity=3, used=0),
        PartnerCapacity("T", capacity=6, used=0),
        PartnerCapacity("Q", capacity=5, used=1),
    ) == (
        IdlePartner("T", capacity=6, communities=("C2",)),
        IdlePartner("P", capacity=3, communities=("C1", "C3")),
    )


def test_idle_partners_are_counted_all_and_made_only_when_read(monkeypatch: Any) -> None:
    from matching.engine import network

    made: list[str] = []
    make = network.IdlePartner

    def counted(partner: str, *args: Any) -> IdlePartner:
        made.append(partner)
        return make(partner, *args)

    monkeypatch.setattr(network, "IdlePartner", counted)
    found = idle(
        PartnerCapacity("P", capacity=3, used=0),
        PartnerCapacity("T", capacity=6, used=0),
        PartnerCapacity("Q", capacity=5, used=0),
    )
    assert len(found) == 3
    assert made == []

    assert [i.partner for i in found[:2]] == ["T", "Q"]
    assert found[-1] == IdlePartner("P", capacity=3, communities=("C1", "C3"))
    assert found[0] is found[:1][0]
    assert made == ["T", "Q", "P"]
