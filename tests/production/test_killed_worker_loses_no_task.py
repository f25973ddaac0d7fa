"""A worker killed (SIGKILL) in the middle of a task loses nothing: the unacknowledged
task goes back to Redis after the visibility timeout, the next worker to start runs it,
and the notification is emailed exactly once."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from needs.models import Notification
from needs.tasks import send_notification_email
from tests.factories import UserFactory
from tests.production.conftest import purge_queue, wait_until

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(180),
]

VISIBILITY = 4  # seconds; production uses two hours


def test_task_of_a_killed_worker_completes_once_on_another(
    start_worker: Callable[..., subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox.txt"
    begun = outbox.with_suffix(".begun")
    env = {
        "EMAIL_BACKEND": "tests.production.slow_email.SlowEmailBackend",
        "SLOW_EMAIL_OUTBOX": str(outbox),
        "SLOW_EMAIL_SECONDS": "6",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
    }
    user = UserFactory.create(email="partner@example.org")
    notice = Notification.objects.create(
        recipient=user, kind=Notification.Kind.DISPATCHED, text="新派单：测试"
    )
    purge_queue()

    doomed = start_worker("doomed", **env)
    send_notification_email.delay(notice.pk)
    wait_until(lambda: begun.exists(), seconds=60, what="the first worker to start sending")
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=10)
    assert not outbox.exists()
    notice.refresh_from_db()
    assert notice.emailed_at is None

    # A worker starting up takes back the tasks left unacknowledged past the timeout
    # (a running one looks every 100 s).
    time.sleep(VISIBILITY + 1)
    start_worker("rescuer", **env)
    wait_until(
        lambda: Notification.objects.filter(pk=notice.pk, emailed_at__isnull=False).exists(),
        seconds=90,
        what="the second worker to finish the task",
    )
    time.sleep(VISIBILITY * 2)  # long enough for any second delivery to show
    assert outbox.read_text().splitlines() == ["partner@example.org"]
    assert len(begun.read_text().splitlines()) == 2
