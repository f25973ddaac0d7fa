"""Through Celery on Redis: a worker (its own process, with its own index) computes the
matching-based work it is given, and a change committed after it built its index
reaches that index before its next task."""

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
from matching.allocation import allocation_job_start
from matching.models import AllocationJob
from partners.models import Partner
from partners.services import partner_set_status
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


def planned_partners(actor: Any) -> set[str]:
    """Queue an allocation run over the district, wait for the worker to compute it, and
    return the partners its plan hands work to."""
    job = allocation_job_start(actor=actor, scope_code="BA", quarter="2026Q4")
    deadline = time.monotonic() + 90
    while AllocationJob.objects.get(pk=job.pk).status in ("pending", "running"):
        assert time.monotonic() < deadline, "the worker did not finish the run"
        time.sleep(0.5)
    job.refresh_from_db()
    assert job.status == AllocationJob.Status.DONE, job.error
    assert job.plan is not None
    return {a["partner"] for a in job.plan["assignments"]}


def test_worker_sees_a_partner_suspended_after_its_index_was_built(
    district: Any, worker: None
) -> None:
    admin = UserFactory.create(username="root", is_superuser=True)
    assert "P-CLINIC" in planned_partners(admin)

    partner_set_status(
        actor=admin, partner=Partner.objects.get(code="P-CLINIC"), status="suspended"
    )

    partners = planned_partners(admin)
    assert partners, "the other partners still receive work"
    assert "P-CLINIC" not in partners
