"""On a real Celery worker (Redis broker, PostgreSQL): a queued allocation run is
computed there and its plan stored, where the API reads it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from matching.models import AllocationJob
from tests.allocation.conftest import QUARTER

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker() -> Iterator[None]:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    process = subprocess.Popen(  # noqa: S603 - our own Celery app
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-l", "warning"],
        env={**os.environ, "DATABASE_URL": url},
        cwd=ROOT,
    )
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_worker_computes_the_queued_run(
    district: Any, district_admin: Any, client_for: Any, worker: None
) -> None:
    client = client_for(district_admin)
    response = client.post(
        reverse("allocation-list"), {"scope": "BA", "quarter": QUARTER}, format="json"
    )
    assert response.status_code == 202
    job_id = response.json()["id"]

    deadline = time.monotonic() + 120
    while AllocationJob.objects.get(pk=job_id).status in ("pending", "running"):
        assert time.monotonic() < deadline, "the worker did not finish the run"
        time.sleep(0.5)

    body = client.get(reverse("allocation-detail", args=[job_id])).json()
    assert body["status"] == "done"
    assert {a["need"] for a in body["plan"]["assignments"]} >= {"N-BP-URGENT", "N-LAW"}
