"""Celery tasks of liaison meetings: entry points that take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from meetings.reminders import meeting_reminders_send
from meetings.services import meeting_export_build
from needs.models import MeetingExport


@shared_task(acks_late=True)
def build_meeting_export(export_id: int) -> str:
    """Render a queued meeting document (``meetings.services.meeting_export_build``)."""
    export = MeetingExport.objects.select_related("meeting", "requested_by").get(pk=export_id)
    return meeting_export_build(export=export).status


@shared_task
def remind_meetings() -> int:
    """Remind secretaries and attending partners of tomorrow's liaison meetings."""
    return meeting_reminders_send()
