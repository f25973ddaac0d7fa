"""Every process importing the configuration (commands, web and Celery workers) has the
cyclic garbage collector sweep its youngest objects every 5,000 allocations rather than
Python's 700, unless ``GC_FIRST_GENERATION`` says otherwise; the older generations keep
Python's own thresholds."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = "import gc, config; print(*gc.get_threshold())"


def _thresholds(**env: str) -> list[int]:
    environment = {k: v for k, v in os.environ.items() if k != "GC_FIRST_GENERATION"}
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", CODE],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return [int(v) for v in result.stdout.split()]


def test_a_process_sweeps_its_youngest_objects_every_5000_allocations() -> None:
    python = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", "import gc; print(*gc.get_threshold())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert _thresholds() == [5000, *map(int, python[1:])]


def test_the_environment_may_set_it() -> None:
    assert _thresholds(GC_FIRST_GENERATION="2000")[0] == 2000


def test_this_test_process_runs_with_it_too() -> None:
    assert gc.get_threshold()[0] == int(os.environ.get("GC_FIRST_GENERATION", "5000"))
