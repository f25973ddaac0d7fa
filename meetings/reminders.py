"""Reminders of liaison meetings, to the community's secretaries and the members of every
invited partner; one notice each, however often the job runs (see ``needs.reminders``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from needs.models import LiaisonMeeting, MeetingAttendee, Notification
from needs.reminders import members_of, notify_once, secretaries_of

# Meetings are announced this many days ahead.
MEETING_NOTICE_DAYS = 1


def meeting_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind the secretaries of the community and the members of every attending partner
    of each scheduled liaison meeting held :data:`MEETING_NOTICE_DAYS` days from ``today``
    (or sooner and not yet announced). Returns how many notifications were created."""
    today = today or timezone.localdate()
    meetings = list(
        LiaisonMeeting.objects.filter(
            status=LiaisonMeeting.Status.SCHEDULED,
            date__gte=today,
            date__lte=today + dt.timedelta(days=MEETING_NOTICE_DAYS),
        ).select_related("community")
    )
    attending: dict[int, list[int]] = {}
    for meeting_id, partner_id in MeetingAttendee.objects.filter(meeting__in=meetings).values_list(
        "meeting_id", "partner_id"
    ):
        attending.setdefault(meeting_id, []).append(partner_id)
    members = members_of(p for ids in attending.values() for p in ids)
    secretaries = secretaries_of(m.community_id for m in meetings)
    created = 0
    for meeting in meetings:
        when = f"{meeting.date:%Y-%m-%d}"
        if meeting.start_time is not None:
            when += f" {meeting.start_time:%H:%M}"
        where = f"，地点：{meeting.place}" if meeting.place else ""
        recipients = list(secretaries.get(meeting.community_id, []))
        for partner_id in attending.get(meeting.pk, []):
            recipients += members.get(partner_id, [])
        created += notify_once(
            recipient_ids=recipients,
            kind=Notification.Kind.MEETING_SOON,
            text=f"会议提醒：{meeting.community.name}「{meeting.title}」将于 {when} 召开{where}",
            key=f"meeting:{meeting.code}:{meeting.date:%Y%m%d}",
        )
    return created
