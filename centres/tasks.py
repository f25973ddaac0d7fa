"""Celery tasks of the centres: each calls one service."""

from __future__ import annotations

from celery import shared_task

from centres import activities


@shared_task
def remind_activities() -> int:
    """The day before: residents with a place are reminded, with their check-in code."""
    return activities.reminders_send()
