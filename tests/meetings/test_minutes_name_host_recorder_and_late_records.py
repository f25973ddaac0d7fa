"""The minutes name who chaired and who recorded the meeting, its place and attendance,
through the API, the page and the documents; a meeting past its day that nobody
recorded shows as 待补记录; the home's next meeting is the next one still to be held."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings import services as meetings
from meetings.exports import render
from needs.models import LiaisonMeeting
from tests.factories import MeetingFactory
from tests.meetings.conftest import Scenario, docx_text

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_minutes_carry_host_recorder_place_and_attendance(
    generated: Scenario, api_as: Any
) -> None:
    s = generated
    meetings.meeting_record_attendance(
        actor=s.secretary, meeting=s.meeting, present={"P-VET": True, "P-HOS": False}
    )
    response = api_as(s.secretary).post(
        reverse("meeting-close", args=[s.meeting.code]),
        {"summary": "议定两项", "host": "王书记", "recorder": "李社工"},
        format="json",
    )
    minutes = api_as(s.secretary).get(reverse("meeting-minutes", args=[s.meeting.code])).json()
    text = docx_text(render(meeting=s.meeting, viewer=s.secretary, document="minutes", fmt="docx"))

    assert response.status_code == 200, response.json()
    assert (minutes["host"], minutes["recorder"]) == ("王书记", "李社工")
    assert minutes["place"] == s.meeting.place
    for phrase in ("主持人：王书记", "记录人：李社工", "应到 2 家，实到 1 家。"):
        assert phrase in text, phrase


def test_the_page_records_them_too(generated: Scenario) -> None:
    client = _client(generated.secretary)
    client.post(
        reverse("meeting-page-close", args=[generated.meeting.code]),
        {"summary": "", "host": "王书记", "recorder": "李社工"},
    )
    generated.meeting.refresh_from_db()
    assert (generated.meeting.host, generated.meeting.recorder) == ("王书记", "李社工")
    assert generated.meeting.status == LiaisonMeeting.Status.HELD


def test_a_past_meeting_nobody_recorded_awaits_its_minutes(generated: Scenario) -> None:
    today = timezone.localdate()
    past = MeetingFactory.create(
        code="M-PAST", community=generated.meeting.community, date=today - dt.timedelta(days=3)
    )
    cancelled = MeetingFactory.create(
        code="M-OFF",
        community=generated.meeting.community,
        date=today + dt.timedelta(days=1),
        status="cancelled",
        title="取消的会",
    )
    upcoming = MeetingFactory.create(
        code="M-NEXT",
        community=generated.meeting.community,
        date=today + dt.timedelta(days=5),
        title="下次的会",
    )
    client = _client(generated.secretary)

    listing = client.get(reverse("meeting-page-list")).content.decode()
    page = client.get(reverse("meeting-page", args=[past.code])).content.decode()
    home = client.get("/").content.decode()

    assert past.awaits_minutes
    assert not upcoming.awaits_minutes
    assert "待补记录" in listing
    assert "待补记录" in page
    assert "待补记录" in home
    nearest = min([upcoming, generated.meeting], key=lambda m: (m.date < today, m.date))
    assert cancelled.title not in home.split("下一次联席会")[1].split("</section>")[0]
    assert nearest.title in home.split("下一次联席会")[1].split("</section>")[0]
