"""The agenda lists the community's service gaps in the meeting's quarter, with the
recommendations, as they stood when it was drawn up (data of
:mod:`tests.insights.recommendations_scenario`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from matching.index import forget_index
from needs.models import AgendaItem
from partners.models import Offering
from tests.insights.recommendations_scenario import (
    INVITE_LAW_ZH,
    INVITE_NEAR_ZH,
    INVITE_REHAB_ZH,
    RECRUIT_ZH,
    TODAY,
    Street,
    build_street,
    meeting_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def street() -> Iterator[Street]:
    with time_machine.travel(TODAY, tick=False):
        yield build_street()
    forget_index()


def test_the_gaps_come_after_the_unserved_needs_and_before_the_decisions(
    street: Street,
) -> None:
    meeting = meeting_of(street)
    kinds = [
        (i.kind, i.need.code if i.need else None) for i in meeting.agenda_items.order_by("position")
    ]
    assert kinds == [
        ("review", None),
        ("need", "N-R2"),
        ("new_partners", None),
        ("unserved", "N-L"),
        ("gaps", None),
        ("decision", "N-R1"),
    ]


def test_the_item_holds_the_figures_and_the_recommendations(street: Street) -> None:
    item = meeting_of(street).agenda_items.get(kind=AgendaItem.Kind.GAPS)
    assert item.title == "2026Q4服务缺口与建议"
    assert item.body == "2026Q4有 2 个服务类别的需求超出可及容量，共缺 6 个单位；建议 4 条。"
    assert item.details["quarter"] == "2026Q4"
    assert [
        (r["category"], r["category_name"], r["need_units"], r["reachable_capacity"], r["gap"])
        for r in item.details["gaps"]
    ] == [("rehab", "康复服务", 7, 2, 5), ("legal_aid", "法律服务", 1, 0, 1)]
    assert [r["text_zh"] for r in item.details["recommendations"]] == [
        RECRUIT_ZH,
        INVITE_REHAB_ZH,
        INVITE_NEAR_ZH,
        INVITE_LAW_ZH,
    ]
    assert item.details["recommendations"][1]["partner"] == "P-JW"


def test_the_item_reads_the_same_after_the_data_changes(street: Street) -> None:
    meeting = meeting_of(street)
    Offering.objects.filter(code="O-HOME").update(capacity=50)
    forget_index()
    item = meeting.agenda_items.get(kind=AgendaItem.Kind.GAPS)
    assert item.details["gaps"][0]["reachable_capacity"] == 2


def test_a_community_without_gaps_gets_no_such_item(street: Street) -> None:
    meeting = meeting_of(street, "C12")
    assert not meeting.agenda_items.filter(kind=AgendaItem.Kind.GAPS).exists()
    assert meeting.agenda_items.filter(kind=AgendaItem.Kind.REVIEW).exists()
