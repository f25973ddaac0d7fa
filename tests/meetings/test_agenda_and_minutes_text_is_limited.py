"""Agenda item bodies, an item's minutes and the meeting's summary hold at most
``TEXT_MAX_LENGTH`` (5,000) characters, like every free text; 100,000 were accepted."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from needs.models import AgendaItem, LiaisonMeeting
from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db

TOO_LONG = "长" * (settings.TEXT_MAX_LENGTH + 1)


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"meeting-{name}", kwargs={"code": "M-Q4", **kwargs})


def test_an_added_item_with_a_long_body_is_refused(generated: Scenario, api_as: Callable) -> None:
    before = AgendaItem.objects.count()
    response = api_as(generated.secretary).post(
        _url("agenda-item-add"), {"title": "年末走访", "body": TOO_LONG}, format="json"
    )
    assert response.status_code == 400
    assert "body" in response.json()["error"]["fields"]
    assert AgendaItem.objects.count() == before


@pytest.mark.parametrize("field", ["body", "minutes"])
def test_an_item_edited_to_a_long_text_is_refused(
    generated: Scenario, api_as: Callable, field: str
) -> None:
    item = generated.meeting.agenda_items.get(need=generated.blood_pressure)
    response = api_as(generated.secretary).patch(
        _url("agenda-item", item_id=item.pk), {field: TOO_LONG}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    item.refresh_from_db()
    assert getattr(item, field) != TOO_LONG


def test_a_decision_with_long_minutes_is_refused(generated: Scenario, api_as: Callable) -> None:
    item = generated.meeting.agenda_items.get(need=generated.blood_pressure)
    response = api_as(generated.secretary).post(
        _url("agenda-item-decide", item_id=item.pk),
        {"decision": "noted", "minutes": TOO_LONG},
        format="json",
    )
    assert response.status_code == 400
    assert "minutes" in response.json()["error"]["fields"]


def test_closing_with_a_long_summary_is_refused(generated: Scenario, api_as: Callable) -> None:
    response = api_as(generated.secretary).post(_url("close"), {"summary": TOO_LONG}, format="json")
    assert response.status_code == 400
    assert "summary" in response.json()["error"]["fields"]
    assert LiaisonMeeting.objects.get(code="M-Q4").status == "scheduled"


def test_the_page_refuses_a_long_summary_and_keeps_the_meeting_open(generated: Scenario) -> None:
    client = Client()
    client.force_login(generated.secretary)
    response = client.post(
        reverse("meeting-page-close", args=["M-Q4"]), {"summary": TOO_LONG}, follow=True
    )
    assert "at most" in response.content.decode()
    meeting = LiaisonMeeting.objects.get(code="M-Q4")
    assert (meeting.status, meeting.minutes_summary) == ("scheduled", "")


def test_the_page_refuses_an_item_with_a_long_body(generated: Scenario) -> None:
    client = Client()
    client.force_login(generated.secretary)
    before = AgendaItem.objects.count()
    client.post(
        reverse("meeting-page-item-add", args=["M-Q4"]), {"title": "年末走访", "body": TOO_LONG}
    )
    assert AgendaItem.objects.count() == before
