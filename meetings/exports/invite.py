"""The iCalendar invite (.ics): one event in the Asia/Shanghai time zone, with its
VTIMEZONE so calendars that do not know the zone still place it right."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from meetings.exports.content import MeetingDocument

ZONE = "Asia/Shanghai"
# A meeting with no time given is put in the afternoon for two hours, as they usually run.
DEFAULT_START = dt.time(14, 30)
DEFAULT_LENGTH = dt.timedelta(hours=2)


def render_ics(doc: MeetingDocument) -> bytes:
    zone = ZoneInfo(ZONE)
    start = dt.datetime.combine(doc.date, doc.start_time or DEFAULT_START, tzinfo=zone)
    end = (
        dt.datetime.combine(doc.date, doc.end_time, tzinfo=zone)
        if doc.end_time and doc.start_time
        else start + DEFAULT_LENGTH
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Jinlin 近邻//Liaison meetings//ZH")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-timezone", ZONE)
    event = Event()
    event.add("uid", f"{doc.meeting_code}@jinlin")
    event.add("summary", doc.meeting_title)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    if doc.place:
        event.add("location", doc.place)
    heading = "会议纪要" if doc.document == "minutes" else "议程"
    lines = [f"{doc.community} {doc.title}", f"{heading}："]
    lines += [f"{n}. {title}" for n, title in enumerate(doc.item_titles, start=1)]
    event.add("description", "\n".join(lines))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
