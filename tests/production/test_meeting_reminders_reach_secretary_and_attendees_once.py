"""The day before a liaison meeting its community's secretary and the members of every
attending partner are reminded once, even when the job runs twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from time_machine import TimeMachineFixture

from meetings.tasks import remind_meetings
from needs.models import LiaisonMeeting, MeetingAttendee, Notification
from partners.models import Role
from tests.factories import MeetingFactory, PartnerFactory, make_tree, user_with_role

pytestmark = pytest.mark.django_db


def test_meeting_tomorrow_reminds_secretary_and_attendees_once(
    time_machine: TimeMachineFixture, django_capture_on_commit_callbacks: Any
) -> None:
    time_machine.move_to(dt.datetime(2026, 10, 14, 8, 0, tzinfo=dt.UTC))
    tree = make_tree()
    secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    secretary.email = "secretary@example.org"
    secretary.save()
    other_secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C12"])
    attending = PartnerFactory.create(community=tree["C11"])
    absent = PartnerFactory.create(community=tree["C12"])
    member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=attending)
    outsider = user_with_role(Role.Kind.PARTNER_MEMBER, partner=absent)
    meeting = MeetingFactory.create(
        community=tree["C11"], date=dt.date(2026, 10, 15), place="党群服务中心三楼"
    )
    MeetingAttendee.objects.create(meeting=meeting, partner=attending)
    MeetingFactory.create(community=tree["C12"], date=dt.date(2026, 10, 20))
    MeetingFactory.create(
        community=tree["C11"], date=dt.date(2026, 10, 15), status=LiaisonMeeting.Status.CANCELLED
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert remind_meetings.delay().get() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_meetings.delay().get() == 0

    notices = Notification.objects.filter(kind=Notification.Kind.MEETING_SOON)
    assert sorted(notices.values_list("recipient_id", flat=True)) == sorted(
        [secretary.pk, member.pk]
    )
    assert not notices.filter(recipient__in=[other_secretary, outsider]).exists()
    text = notices.get(recipient=secretary).text
    assert "2026-10-15" in text
    assert "党群服务中心三楼" in text
    assert [m.to for m in mail.outbox] == [["secretary@example.org"]]
