"""Activities through the API and the pages alike: the same sign-up rule (a waiting
list once full), the same views of who signed up (names for the community, first
characters for the organising partner, nothing for others); and the community's
calendar feed, reached by its link until revoked."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from centres import activities
from centres.models import Activity, CalendarFeed
from partners.models import Partner, Role
from tests.centres.conftest import at
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic_day(tree: Any, studio: Partner, member: Any) -> Activity:
    return activities.activity_publish(
        actor=member,
        centre=tree["C11"],
        partner=studio,
        data=activities.ActivityData(
            title="长者义诊", start=at(10, 9), end=at(10, 11), capacity=1, place="社区卫生站"
        ),
    )


def test_the_page_and_the_api_sign_up_alike(
    clinic_day: Activity, tree: Any, client_for: Any
) -> None:
    first, second = (user_with_role(Role.Kind.RESIDENT, community=tree["C11"]) for _ in range(2))
    body = client_for(first).post(reverse("activity-signup", args=[clinic_day.pk])).json()
    assert body["status"] == "confirmed"
    assert body["code"]
    page = Client()
    page.login(username=second.username, password=PASSWORD)
    answer = page.post(f"/activities/{clinic_day.pk}/signup/", follow=True).content.decode()
    assert "候补第 1 位" in answer
    listed = client_for(second).get(reverse("activity-detail", args=[clinic_day.pk])).json()
    assert listed["my_status"] == "waitlisted"
    assert listed["waiting"] == 1


def test_who_sees_the_names(
    clinic_day: Activity, tree: Any, member: Any, secretary: Any, resident: Any, client_for: Any
) -> None:
    resident.first_name = "陈阿姨"
    resident.save()
    activities.signup_join(actor=resident, activity=clinic_day)
    url = reverse("activity-signups", args=[clinic_day.pk])
    assert client_for(secretary).get(url).json()[0]["name"] == "陈阿姨"
    assert client_for(member).get(url).json()[0]["name"] == "陈**"
    neighbour = user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
    assert client_for(neighbour).get(url).status_code == 403
    page = Client()
    page.login(username=member.username, password=PASSWORD)
    html = page.get(f"/activities/{clinic_day.pk}/").content.decode()
    assert "陈**" in html
    assert "陈阿姨" not in html


def test_the_calendar_feed_lists_the_activities_until_revoked(
    clinic_day: Activity, tree: Any, secretary: Any
) -> None:
    page = Client()
    page.login(username=secretary.username, password=PASSWORD)
    page.post("/activities/feeds/", {"community": tree["C11"].code, "action": "new"})
    feed = CalendarFeed.objects.get(community=tree["C11"], revoked_at=None)
    outside = Client()
    answer = outside.get(f"/feeds/activities/{feed.token}.ics")
    assert answer["Content-Type"].startswith("text/calendar")
    events = list(Calendar.from_ical(answer.content).walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["长者义诊"]
    page.post("/activities/feeds/", {"community": tree["C11"].code, "action": "revoke"})
    assert outside.get(f"/feeds/activities/{feed.token}.ics").status_code == 404
    other = user_with_role(Role.Kind.SECRETARY, community=tree["C21"])
    page.login(username=other.username, password=PASSWORD)
    assert (
        page.post(
            "/activities/feeds/", {"community": tree["C11"].code, "action": "new"}
        ).status_code
        == 404
    )
