"""Evaluations run on a scratch database, never the configured one.

An evaluation command re-runs itself as a child process whose ``DATABASE_URL`` points at
a temporary SQLite file; the child, seeing ``SCRATCH_ENV`` set, loads the labelled region
there and measures. Labels are ``{need code: {offering code: grade 0..3}}``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Set (to the scratch file's path) only for the child process that does the work.
SCRATCH_ENV = "JINLIN_EVALUATION_SCRATCH"


def read_labels(path: Path) -> dict[str, dict[str, int]]:
    """The graded labels in ``path``; ``CommandError`` naming the need at fault otherwise."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"--labels {path}: cannot read: {exc}") from None
    if not isinstance(raw, dict):
        raise CommandError(f"--labels {path}: expected an object of need code → grades")
    labels: dict[str, dict[str, int]] = {}
    for need, grades in raw.items():
        if not isinstance(grades, dict) or not all(
            isinstance(g, int) and not isinstance(g, bool) and 0 <= g <= 3 for g in grades.values()
        ):
            raise CommandError(
                f"--labels {path}: {need}: expected an object of offering code → grade 0..3"
            )
        labels[need] = {str(k): int(v) for k, v in grades.items()}
    return labels


def in_scratch() -> bool:
    """Whether this process is the child that works on the scratch database."""
    return bool(os.environ.get(SCRATCH_ENV))


def require_scratch() -> None:
    """Refuse to go on unless the configured database is the scratch file."""
    if str(settings.DATABASES["default"]["NAME"]) != os.environ.get(SCRATCH_ENV):
        raise CommandError("the evaluation runs only on its own scratch database")


def rerun_in_scratch(command: BaseCommand, name: str, arguments: list[str]) -> None:
    """Run ``manage.py NAME ARGUMENTS`` on a fresh scratch database (tasks in-process) and
    pass on what it prints; ``CommandError`` when it fails."""
    with tempfile.TemporaryDirectory(prefix="jinlin-evaluation-") as tmp:
        scratch = Path(tmp) / "scratch.sqlite3"
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
        }
        env.update({"DATABASE_URL": f"sqlite:///{scratch}", SCRATCH_ENV: str(scratch)})
        argv = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), name, *arguments]
        done = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            argv, env=env, capture_output=True, text=True, check=False
        )
        command.stdout.write(done.stdout, ending="")
        if done.returncode != 0:
            command.stderr.write(done.stderr, ending="")
            raise CommandError(f"evaluation failed (status {done.returncode})")
