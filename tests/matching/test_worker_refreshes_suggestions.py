"""Through Celery on Redis: a committed change enqueues the refresh, and a worker (its
own process, with its own index) stores the affected needs' suggestions."""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from config.celery import app
from matching.models import Suggestion
from partners.services import offering_create
from tests.factories import UserFactory

from .test_index_follows_other_processes import database_url

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker() -> Iterator[None]:
    """A worker of our own on a queue of its own, so no other worker takes the task."""
    queue = f"matching-test-{uuid.uuid4().hex[:8]}"
    before = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    env = {**os.environ, "DATABASE_URL": database_url()}
    env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    proc = subprocess.Popen(  # noqa: S603 - our own Celery app
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "-l",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    try:
        yield
    finally:
        app.conf.task_default_queue = before
        proc.terminate()
        proc.wait(timeout=30)


def test_worker_stores_suggestions_after_the_change_commits(district: Any, worker: None) -> None:
    admin = UserFactory.create(username="root", is_superuser=True)
    offering_create(
        actor=admin,
        data={
            "code": "O-VIA-WORKER",
            "partner": "P-CLINIC",
            "title": "社区测血压",
            "description": "为老人测血压",
            "category": "health_checkup",
            "modes": ["at_center"],
            "service_area": {"communities": ["BA-S1-C1"]},
            "beneficiaries": ["elderly"],
            "capacity": 5,
        },
    )
    deadline = time.monotonic() + 90
    stored: list[str] = []
    while time.monotonic() < deadline and "O-VIA-WORKER" not in stored:
        time.sleep(0.5)
        stored = list(
            Suggestion.objects.filter(need__code="N-BP").values_list("offering__code", flat=True)
        )
    assert "O-VIA-WORKER" in stored
