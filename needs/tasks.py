"""Celery tasks for needs and meetings. Each takes ids and calls one service."""

from __future__ import annotations

from celery import shared_task

from needs.models import MeetingExport


@shared_task(acks_late=True)
def build_meeting_export(export_id: int) -> str:
    """Render a queued meeting document (``needs.meetings.meeting_export_build``)."""
    from needs.meetings import meeting_export_build

    export = MeetingExport.objects.select_related("meeting", "requested_by").get(pk=export_id)
    return meeting_export_build(export=export).status
