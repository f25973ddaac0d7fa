"""On a real Celery worker (Redis broker, PostgreSQL): the notification email task runs
there, and the same task delivered twice sends one email."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from needs.models import Notification
from needs.tasks import send_notification_email

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Path]:
    """A worker on this test database whose email goes to files under the returned dir."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = {**os.environ, "DATABASE_URL": url, "EMAIL_URL": f"filemail:///{outbox}"}
    process = subprocess.Popen(  # noqa: S603 - our own Celery app
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-l", "warning"],
        env=env,
        cwd=ROOT,
    )
    try:
        yield outbox
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_worker_sends_once_though_the_task_comes_twice(worker: Path) -> None:
    user = get_user_model().objects.create_user(username="member", email="member@example.cn")
    note = Notification.objects.create(recipient=user, kind="dispatched", text="新派单：测血压")
    first = send_notification_email.delay(note.pk)
    second = send_notification_email.delay(note.pk)
    assert sorted([first.get(timeout=60), second.get(timeout=60)]) == [False, True]
    note.refresh_from_db()
    assert note.emailed_at is not None
    sent = list(worker.iterdir())
    assert len(sent) == 1
    assert "member@example.cn" in sent[0].read_text()
