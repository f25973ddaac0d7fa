"""The quarter's review item counts what partners gave at activities beside their
projects: per partner, the activities held last quarter and the residents checked in
(each once), on the meeting page and in its documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from centres.models import Activity, SignUp
from meetings.exports import render
from meetings.services import agenda_generate
from needs.models import AgendaItem
from partners.models import Role
from tests.factories import user_with_role
from tests.meetings.conftest import Scenario, docx_text

pytestmark = pytest.mark.django_db


def test_the_review_lists_each_partners_activities(scenario: Scenario) -> None:
    quarter = scenario.meeting.quarter.previous()
    tz = timezone.get_current_timezone()
    people = [user_with_role(Role.Kind.RESIDENT, community=scenario.tree["C11"]) for _ in range(2)]
    for week in range(2):
        day = quarter.start + dt.timedelta(days=10 + 7 * week)
        activity = Activity.objects.create(
            centre=scenario.tree["C11"],
            partner=scenario.veteran,
            title="长者健身操",
            start=dt.datetime.combine(day, dt.time(9), tz),
            end=dt.datetime.combine(day, dt.time(10), tz),
            place="广场",
            capacity=20,
            signup_opens=dt.datetime.combine(day, dt.time(0), tz) - dt.timedelta(days=7),
            signup_closes=dt.datetime.combine(day, dt.time(8), tz),
        )
        for k, person in enumerate(people):
            SignUp.objects.create(
                activity=activity,
                resident=person,
                code=f"C{week}{k}",
                checked_in_at=activity.start,
                rating=5 if k == 0 else None,
            )
    agenda_generate(actor=scenario.secretary, meeting=scenario.meeting)
    review = scenario.meeting.agenda_items.get(kind=AgendaItem.Kind.REVIEW)
    assert review.details["activities"] == [
        {
            "partner": "P-VET",
            "partner_name": "老牌志愿队",
            "held": 2,
            "residents": 2,
            "average_rating": 5.0,
        }
    ]
    assert "合伙人举办活动 2 场" in review.body
    text = docx_text(
        render(meeting=scenario.meeting, viewer=scenario.secretary, document="agenda", fmt="docx")
    )
    assert "举办活动（场）" in text
    assert "老牌志愿队" in text
