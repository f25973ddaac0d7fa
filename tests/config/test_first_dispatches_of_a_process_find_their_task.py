"""A web process's threads dispatching together on its first requests each find the
notification task: Celery's discovery of the task modules, run by two threads at once,
left some of them a half-loaded registry ("no task named … is registered", a 500 for
the dispatch). Each run is a fresh interpreter, as a new web process is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THREADS = 8
SCRIPT = f"""
import os, threading
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from core.tasks import _task
barrier = threading.Barrier({THREADS})
found = []
def first_dispatch():
    barrier.wait()
    found.append(_task("needs.tasks.send_notification_email") is not None)
threads = [threading.Thread(target=first_dispatch) for _ in range({THREADS})]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sum(found))
"""


def test_threads_enqueueing_at_once_in_a_new_process_all_find_the_task() -> None:
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    for _ in range(4):
        done = subprocess.run(  # noqa: S603 - this interpreter, our own script
            [sys.executable, "-c", SCRIPT],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        assert done.stdout.split()[-1] == str(THREADS), done.stderr[-2000:]
