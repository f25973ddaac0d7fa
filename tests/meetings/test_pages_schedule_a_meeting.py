"""The secretary schedules the quarter's meeting from the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from needs.models import LiaisonMeeting
from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_scheduling_creates_the_meeting_with_time_place_and_partners(scenario: Scenario) -> None:
    client = _client(scenario.secretary)
    assert client.get(reverse("meeting-page-create")).status_code == 200
    response = client.post(
        reverse("meeting-page-create"),
        {
            "community": "BA-S1-C1",
            "title": "2027年第一季度党建联席会",
            "date": "2027-01-14",
            "start_time": "15:00",
            "end_time": "17:00",
            "place": "社区议事厅",
            "attendees": ["P-HOS", "P-VET"],
        },
    )
    meeting = LiaisonMeeting.objects.get(title="2027年第一季度党建联席会")
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting-page", kwargs={"code": meeting.code})
    assert (meeting.date, meeting.start_time, meeting.place) == (
        dt.date(2027, 1, 14),
        dt.time(15, 0),
        "社区议事厅",
    )
    assert set(meeting.attendees.values_list("code", flat=True)) == {"P-HOS", "P-VET"}


def test_an_end_before_the_start_is_shown_beside_the_field(scenario: Scenario) -> None:
    response = _client(scenario.secretary).post(
        reverse("meeting-page-create"),
        {
            "community": "BA-S1-C1",
            "title": "时间写反了",
            "date": "2027-01-14",
            "start_time": "17:00",
            "end_time": "15:00",
        },
    )
    assert response.status_code == 200
    assert "must not be before the start" in response.content.decode()
    assert not LiaisonMeeting.objects.filter(title="时间写反了").exists()


def test_the_list_shows_the_meetings_in_scope(
    scenario: Scenario, django_assert_max_num_queries: Any
) -> None:
    client = _client(scenario.secretary)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("meeting-page-list")).content.decode()
    assert "2026年第四季度党建联席会" in page
    assert "2026年第三季度党建联席会" in page
    other = _client(scenario.other_secretary).get(reverse("meeting-page-list")).content.decode()
    assert "2026年第四季度党建联席会" not in other


def test_the_form_prefills_the_title_and_groups_the_partners_by_kind(
    scenario: Scenario,
) -> None:
    from django.utils import timezone

    from matching.engine.quarters import Quarter

    quarter = Quarter.of(timezone.localdate())
    page = _client(scenario.secretary).get(reverse("meeting-page-create")).content.decode()

    numeral = "一二三四"[quarter.number - 1]
    assert f'value="{quarter.year}年第{numeral}季度党建联席会"' in page
    assert 'data-filter-list="invite-list"' in page
    # 共建单位 and 社会组织 each under their own heading, names in order.
    kinds = [k for k in ("共建单位", "社会组织", "社区达人") if f'<h3 class="small">{k}' in page]
    assert kinds
    assert page.index('data-name="社区医院"') > 0
    assert page.index('data-name="老牌志愿队"') > 0


def test_invite_adds_one_partner_on_both_faces(generated: Scenario, api_as: Any) -> None:
    from partners.models import Partner
    from tests.factories import PartnerFactory

    newcomer = PartnerFactory.create(
        code="P-NEW", name="新来的书法社", community=generated.meeting.community
    )
    other = PartnerFactory.create(code="P-NEW2", community=generated.meeting.community)
    assert newcomer.status == Partner.Status.VERIFIED

    api = api_as(generated.secretary).post(
        reverse("meeting-invite", args=[generated.meeting.code]),
        {"partner": "P-NEW"},
        format="json",
    )
    again = api_as(generated.secretary).post(
        reverse("meeting-invite", args=[generated.meeting.code]),
        {"partner": "P-NEW"},
        format="json",
    )
    unknown = api_as(generated.secretary).post(
        reverse("meeting-invite", args=[generated.meeting.code]),
        {"partner": "P-NOPE"},
        format="json",
    )
    _client(generated.secretary).post(
        reverse("meeting-page-invite", args=[generated.meeting.code]), {"partner": other.code}
    )
    refused = _client(generated.member).post(
        reverse("meeting-page-invite", args=[generated.meeting.code]), {"partner": "P-NEW"}
    )

    assert api.status_code == 200
    assert [r["partner"] for r in api.json()][-1] == "P-NEW"
    assert len(again.json()) == len(api.json())
    assert unknown.status_code == 404
    codes = list(
        generated.meeting.attendee_rows.order_by("position").values_list("partner__code", flat=True)
    )
    assert codes[-2:] == ["P-NEW", "P-NEW2"]
    assert refused.status_code in (302, 404)
    assert generated.meeting.attendee_rows.count() == len(codes)
