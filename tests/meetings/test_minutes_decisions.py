"""Decisions recorded in the minutes create the right projects and needs."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import ConflictError, InvalidInputError
from meetings.services import (
    agenda_item_decide,
    meeting_close,
    meeting_raise_need,
    meeting_record_attendance,
)
from needs.models import MeetingAttendee, Need, Project
from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


def test_a_partner_taking_a_need_creates_an_accepted_project(generated: Scenario) -> None:
    item = generated.meeting.agenda_items.get(need=generated.blood_pressure)
    agenda_item_decide(
        actor=generated.secretary,
        item=item,
        decision="taken",
        offering="O-BP",
        minutes="老牌志愿队每月上门一次",
    )
    project = Project.objects.get(need=generated.blood_pressure)
    assert project.status == Project.Status.ACCEPTED
    assert project.offering == generated.clinic
    assert project.quantity == 2  # the need's quantity
    assert project.quarter == "2026Q4"
    item.refresh_from_db()
    assert (item.decision, item.project_id, item.minutes) == (
        "taken",
        project.pk,
        "老牌志愿队每月上门一次",
    )


def test_taking_more_than_the_offering_has_left_is_refused(generated: Scenario) -> None:
    item = generated.meeting.agenda_items.get(need=generated.blood_pressure)
    with pytest.raises(ConflictError):
        agenda_item_decide(
            actor=generated.secretary, item=item, decision="taken", offering="O-BP", quantity=5
        )
    assert not Project.objects.filter(need=generated.blood_pressure).exists()
    item.refresh_from_db()
    assert item.decision == "pending"


def test_taking_needs_an_offering(generated: Scenario) -> None:
    item = generated.meeting.agenda_items.get(need=generated.blood_pressure)
    with pytest.raises(InvalidInputError) as error:
        agenda_item_decide(actor=generated.secretary, item=item, decision="taken")
    assert "offering" in error.value.fields


def test_deferring_keeps_the_need_open_for_next_time(generated: Scenario) -> None:
    item = generated.meeting.agenda_items.get(need=generated.lights)
    agenda_item_decide(actor=generated.secretary, item=item, decision="deferred")
    generated.lights.refresh_from_db()
    assert generated.lights.status == Need.Status.OPEN
    assert not Project.objects.filter(need=generated.lights).exists()


def test_closing_cancels_the_need(generated: Scenario) -> None:
    item = generated.meeting.agenda_items.get(need=generated.online_law)
    agenda_item_decide(actor=generated.secretary, item=item, decision="closed")
    generated.online_law.refresh_from_db()
    assert generated.online_law.status == Need.Status.CANCELLED


def test_an_item_is_decided_once(generated: Scenario) -> None:
    item = generated.meeting.agenda_items.get(need=generated.lights)
    agenda_item_decide(actor=generated.secretary, item=item, decision="deferred")
    with pytest.raises(ConflictError):
        agenda_item_decide(actor=generated.secretary, item=item, decision="closed")


def test_a_need_raised_at_the_meeting_is_posted_with_source_meeting(generated: Scenario) -> None:
    item = meeting_raise_need(
        actor=generated.secretary,
        meeting=generated.meeting,
        data={
            "title": "小区健身器材老化",
            "category": "sports",
            "window_start": dt.date(2026, 11, 1),
            "window_end": dt.date(2027, 3, 31),
        },
        minutes="物业与社区共同排查",
    )
    need = item.need
    assert need is not None
    assert (need.source, need.meeting, need.community) == (
        "meeting",
        generated.meeting,
        generated.tree["C11"],
    )
    assert need.created_by == generated.secretary
    assert item.decision == "raised"
    assert item.position == generated.meeting.agenda_items.count() - 1


def test_attendance_is_recorded_per_invited_partner(generated: Scenario) -> None:
    meeting_record_attendance(
        actor=generated.secretary,
        meeting=generated.meeting,
        present={"P-VET": True, "P-HOS": False},
    )
    rows = dict(
        MeetingAttendee.objects.filter(meeting=generated.meeting).values_list(
            "partner__code", "present"
        )
    )
    assert rows == {"P-VET": True, "P-HOS": False}


def test_attendance_of_an_uninvited_partner_names_it(generated: Scenario) -> None:
    with pytest.raises(InvalidInputError) as error:
        meeting_record_attendance(
            actor=generated.secretary, meeting=generated.meeting, present={"P-NOBODY": True}
        )
    assert "present.P-NOBODY" in error.value.fields


def test_closing_the_meeting_marks_it_held_with_the_summary(generated: Scenario) -> None:
    meeting_close(actor=generated.secretary, meeting=generated.meeting, summary="议定 3 项")
    generated.meeting.refresh_from_db()
    assert (generated.meeting.status, generated.meeting.minutes_summary) == ("held", "议定 3 项")
