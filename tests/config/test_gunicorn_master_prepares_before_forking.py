"""Before gunicorn forks its workers, the master imports every view module (a worker's
first request otherwise waits 0.8 s for them, and so do the requests behind it) and
freezes what it holds out of the garbage collector's sweeps."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CODE = """
import gc, runpy, sys
import django
django.setup()
settings = runpy.run_path("config/gunicorn.conf.py")
before = ("frontend.views.needs" in sys.modules, gc.get_freeze_count())
settings["when_ready"](None)
after = ("frontend.views.needs" in sys.modules, gc.get_freeze_count() > 0)
print(before[0], before[1], *after)
"""


def test_the_master_imports_the_views_and_freezes_them_before_forking() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GUNICORN_PRELOAD_INDEX": "false",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", CODE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "0", "True", "True"]
