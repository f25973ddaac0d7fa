"""The iCalendar invite: one event at the meeting's time in Asia/Shanghai, with VTIMEZONE."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from meetings.exports import render
from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


def test_invite_reads_back_with_the_time_zone(generated: Scenario) -> None:
    content = render(
        meeting=generated.meeting, viewer=generated.secretary, document="agenda", fmt="ics"
    )
    calendar = Calendar.from_ical(content)
    zones = [tz["TZID"] for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["Asia/Shanghai"]
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert start == dt.datetime(2026, 10, 15, 14, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert start.utcoffset() == dt.timedelta(hours=8)
    assert end - start == dt.timedelta(minutes=90)
    assert str(event["SUMMARY"]) == "2026年第四季度党建联席会"
    assert str(event["LOCATION"]) == "海裕社区党群服务中心二楼会议室"
    description = str(event["DESCRIPTION"])
    titles = generated.meeting.agenda_items.order_by("position").values_list("title", flat=True)
    for n, title in enumerate(titles, start=1):
        assert f"{n}. {title}" in description
