"""Liaison meetings are scheduled by administrators, attendees kept in the order given."""

from typing import Any

import pytest
from django.urls import reverse

from needs.models import LiaisonMeeting
from tests.factories import MeetingFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def attendee_codes(meeting: LiaisonMeeting) -> list[str]:
    return [row.partner.code for row in meeting.attendee_rows.order_by("position")]


def test_secretary_schedules_a_meeting_with_attendees_in_order(
    tree: Any, client_for: Any, secretary_a: Any
) -> None:
    PartnerFactory.create(code="P-1", community=tree["C11"])
    PartnerFactory.create(code="P-2", community=tree["C21"])
    response = client_for(secretary_a).post(
        reverse("meeting-list"),
        {
            "code": "M-Q4",
            "community": "BA-S1-C1",
            "date": "2026-10-15",
            "title": "第四季度党建联席会",
            "attendees": ["P-2", "P-1"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["attendees"] == ["P-2", "P-1"]
    assert attendee_codes(LiaisonMeeting.objects.get(code="M-Q4")) == ["P-2", "P-1"]


def test_secretary_replaces_the_attendee_list(tree: Any, client_for: Any, secretary_a: Any) -> None:
    meeting = MeetingFactory.create(code="M-Q4", community=tree["C11"])
    meeting.attendees.add(PartnerFactory.create(code="P-1", community=tree["C11"]))
    PartnerFactory.create(code="P-3", community=tree["C11"])
    response = client_for(secretary_a).patch(
        reverse("meeting-detail", args=["M-Q4"]), {"attendees": ["P-3"]}, format="json"
    )
    assert response.status_code == 200
    assert attendee_codes(meeting) == ["P-3"]


def test_secretary_cannot_schedule_a_meeting_elsewhere(
    tree: Any, client_for: Any, secretary_a: Any
) -> None:
    response = client_for(secretary_a).post(
        reverse("meeting-list"),
        {"community": "BA-S2-C1", "date": "2026-10-15", "title": "联席会"},
        format="json",
    )
    assert response.status_code == 403
    assert not LiaisonMeeting.objects.exists()


def test_unknown_attendee_is_named(tree: Any, client_for: Any, secretary_a: Any) -> None:
    response = client_for(secretary_a).post(
        reverse("meeting-list"),
        {"community": "BA-S1-C1", "date": "2026-10-15", "title": "联席会", "attendees": ["NOPE"]},
        format="json",
    )
    assert response.status_code == 400
    assert "attendees[0]" in response.json()["error"]["fields"]
