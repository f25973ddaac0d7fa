"""Exporting a liaison meeting's documents writes an audit event: who, when, what and
the community; marked as holding personal data when the exporter sees some attendee's
contact unmasked."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import NotAllowedError
from meetings.services import agenda_export
from partners.models import AuditEvent, Partner
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(tree: Any, partner_a: Partner) -> Any:
    meeting = MeetingFactory.create(code="M-A", community=tree["C11"])
    meeting.attendees.add(partner_a)
    return meeting


def test_secretary_export_is_recorded_with_personal_data(meeting: Any, secretary_a: Any) -> None:
    agenda_export(actor=secretary_a, meeting=meeting, document="agenda", fmt="html")
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == secretary_a
    assert event.scope == meeting.community
    assert event.personal_data
    assert "M-A" in event.what


def test_attending_member_export_is_recorded(meeting: Any, member_a: Any) -> None:
    agenda_export(actor=member_a, meeting=meeting, document="minutes", fmt="html")
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == member_a
    assert event.personal_data  # a member sees her own partner's contact unmasked


def test_refused_export_records_nothing(meeting: Any, secretary_b: Any) -> None:
    with pytest.raises(NotAllowedError):
        agenda_export(actor=secretary_b, meeting=meeting, document="agenda", fmt="html")
    assert not AuditEvent.objects.exists()
