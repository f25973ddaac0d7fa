"""An urgent request (水管爆了, 老人摔倒) is promised the district's shorter answer time:
by default one working day instead of two, counted across the National Day holiday.
Posted on the page or through the API, the same service marks it."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from core.errors import InvalidInputError
from core.workdays import add_workdays
from needs import services
from needs.deadlines import validate_rules
from needs.models import ResidentRequest
from tests.deadlines.conftest import BEFORE_HOLIDAY, SHANGHAI
from tests.factories import PASSWORD


def test_an_urgent_request_is_due_a_working_day_sooner(secretary: Any, tree: Any) -> None:
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        plain = services.request_post(actor=secretary, community=tree["C11"].code, text="路灯不亮")
        urgent = services.request_post(
            actor=secretary, community=tree["C11"].code, text="楼上水管爆了", urgent=True
        )
    # Tuesday 30 September 2025: 1 to 8 October are holidays, 28 September and
    # 11 October make-up working days.
    assert urgent.respond_by is not None
    assert plain.respond_by is not None
    assert urgent.respond_by.astimezone(SHANGHAI).date() == dt.date(2025, 10, 9)
    assert plain.respond_by.astimezone(SHANGHAI).date() == dt.date(2025, 10, 10)
    assert urgent.urgent
    assert not plain.urgent


def test_a_request_rule_may_name_urgent_but_no_other_priority_or_source() -> None:
    general = {"applies_to": "need", "respond_days": 10, "complete_days": 40}
    clean = validate_rules(
        [
            {"applies_to": "request", "respond_days": 2, "complete_days": 15},
            {"applies_to": "request", "priority": "urgent", "respond_days": 1, "complete_days": 5},
            general,
        ]
    )
    assert clean[1]["priority"] == "urgent"
    with pytest.raises(InvalidInputError) as refused:
        validate_rules(
            [
                {"applies_to": "request", "respond_days": 2, "complete_days": 15},
                {
                    "applies_to": "request",
                    "priority": "high",
                    "respond_days": 1,
                    "complete_days": 5,
                },
                {
                    "applies_to": "request",
                    "source": "meeting",
                    "respond_days": 1,
                    "complete_days": 5,
                },
                general,
            ]
        )
    fields = refused.value.fields
    assert "rules[1]" in fields
    assert "rules[2]" in fields


def test_the_page_and_the_api_mark_a_request_urgent(
    resident: Any, client_for: Any, tree: Any
) -> None:
    page = Client()
    page.login(username=resident.username, password=PASSWORD)
    page.post(
        reverse("request-new"),
        {
            "community": tree["C11"].pk,
            "text": "老人在家摔倒了，起不来",
            "urgent": "on",
            "consent": "on",
        },
    )
    on_page = ResidentRequest.objects.get(text="老人在家摔倒了，起不来")
    assert on_page.urgent
    response = client_for(resident).post(
        reverse("request-list"),
        {"community": tree["C11"].code, "text": "家里停电了", "urgent": True, "consent": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["urgent"] is True
    via_api = ResidentRequest.objects.get(text="家里停电了")
    for posted in (on_page, via_api):
        assert posted.respond_by == add_workdays(posted.created_at, 1)
