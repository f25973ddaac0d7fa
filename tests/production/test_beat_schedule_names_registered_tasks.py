"""Every job celery beat is told to enqueue names a task the workers know, and beat's
database scheduler takes the schedule in."""

from __future__ import annotations

import pytest
from django.conf import settings
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from config.celery import app


def test_every_scheduled_job_is_a_registered_task() -> None:
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)
    assert {
        "matching.tasks.matching_nightly",
        "meetings.tasks.remind_meetings",
        "needs.tasks.remind_expiring_offerings",
        "needs.tasks.send_weekly_digests",
    } <= scheduled


@pytest.mark.django_db(transaction=True)  # the scheduler closes the connection it finds
def test_database_scheduler_stores_the_schedule() -> None:
    DatabaseScheduler(app=app)
    stored = dict(PeriodicTask.objects.values_list("name", "task"))
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert stored[name] == entry["task"]
    assert PeriodicTask.objects.get(name="secretary-weekly-digest").crontab.day_of_week == "mon"
