"""Recommendations for a community, on a street built with known answers (see
:mod:`tests.insights.recommendations_scenario`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from matching.engine.quarters import Quarter
from matching.index import forget_index
from matching.insights.recommendations import advice_for, recommendations_for
from tests.insights.recommendations_scenario import (
    INVITE_LAW_ZH,
    INVITE_NEAR_ZH,
    INVITE_REHAB_ZH,
    RECRUIT_ZH,
    TODAY,
    Street,
    build_street,
)

pytestmark = pytest.mark.django_db
Q4 = Quarter(2026, 4)
EVERY_TEXT = [RECRUIT_ZH, INVITE_REHAB_ZH, INVITE_NEAR_ZH, INVITE_LAW_ZH]


@pytest.fixture
def street() -> Iterator[Street]:
    with time_machine.travel(TODAY, tick=False):
        yield build_street()
    forget_index()


def test_a_gap_two_quarters_running_asks_to_recruit(street: Street) -> None:
    found = recommendations_for(scope=street.tree["C11"], quarter=Q4)
    recruits = [r for r in found if r.kind == "recruit"]
    assert [(r.community, r.category, r.gap, r.previous_gap) for r in recruits] == [
        ("BA-S1-C1", "rehab", 5, 3)
    ]
    assert recruits[0].text_zh == RECRUIT_ZH


def test_partners_serving_the_neighbours_are_invited_most_capacity_first(street: Street) -> None:
    found = recommendations_for(scope=street.tree["C11"], quarter=Q4)
    invites = [(r.category, r.partner, r.via, r.capacity, r.gap) for r in found[1:]]
    assert invites == [
        ("rehab", "P-JW", "BA-S2-C1", 6, 5),
        ("rehab", "P-LZ", "BA-S1-C2", 3, 5),
        ("legal_aid", "P-LAW", "BA-S1-C2", 4, 1),
    ]
    assert [r.text_zh for r in found] == EVERY_TEXT


def test_a_partner_already_reaching_the_community_is_not_invited(street: Street) -> None:
    # 居家康复队 serves 灵芝 with 4 left, more than 灵芝社康站, but already reaches 海裕.
    partners = {r.partner for r in recommendations_for(scope=street.tree["C11"], quarter=Q4)}
    assert "P-HOME" not in partners
    assert "P-FH" not in partners  # 20 km away on another street: no neighbour


def test_a_gap_this_quarter_only_gives_no_recruit(street: Street) -> None:
    found = recommendations_for(scope=street.tree["C11"], quarter=Q4)
    legal = [r for r in found if r.category == "legal_aid"]
    assert [(r.kind, r.gap, r.previous_gap) for r in legal] == [("invite", 1, 0)]


def test_the_figures_behind_the_advice(street: Street) -> None:
    advice = advice_for(scope=street.tree["C11"], quarter=Q4)
    assert [
        (c.community, c.category, c.need_units, c.reachable_capacity, c.gap) for c in advice.gaps
    ] == [("BA-S1-C1", "rehab", 7, 2, 5), ("BA-S1-C1", "legal_aid", 1, 0, 1)]
    before = {(c.category, c.need_units, c.reachable_capacity) for c in advice.previous_cells}
    assert ("rehab", 5, 2) in before
    # Only the area's own cells are given back, though the neighbours' were computed.
    assert {c.community for c in advice.cells} == {"BA-S1-C1"}


def test_a_street_gets_its_communities_recommendations(street: Street) -> None:
    # 灵芝 has no need: the street's advice is 海裕's.
    found = recommendations_for(scope=street.tree["S1"], quarter=Q4)
    assert [r.text_zh for r in found] == EVERY_TEXT


def test_a_community_without_gaps_gets_nothing(street: Street) -> None:
    assert recommendations_for(scope=street.tree["C12"], quarter=Q4) == []


def test_last_quarter_knows_nothing_of_the_quarter_before(street: Street) -> None:
    # In 2026Q3 the rehab gap (3) is new: invites only.
    found = recommendations_for(scope=street.tree["C11"], quarter=Quarter(2026, 3))
    assert [(r.kind, r.category, r.gap) for r in found] == [
        ("invite", "rehab", 3),
        ("invite", "rehab", 3),
    ]
