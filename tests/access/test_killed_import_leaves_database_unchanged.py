"""An import killed halfway (SIGKILL while it writes) leaves the database as it was:
the whole import is one transaction, so a crash rolls it back.

Runs ``manage.py import_region`` on a large generated district in a subprocess against
a SQLite file of its own, kills it once rows are being written (the write-ahead log
grows), then counts what is stored."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("partners_community", "partners_partner", "partners_offering", "needs_need")


def _manage(db: Path, *args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", CELERY_BROKER_URL="")
    return subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608 - fixed table names


@pytest.mark.slow
def test_import_killed_mid_write_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "region.sqlite3"
    region = tmp_path / "region.json"
    assert _manage(db, "migrate", "--noinput").wait(timeout=300) == 0
    generate = _manage(
        db,
        "generate_region",
        "--offerings",
        "20000",
        "--needs",
        "3000",
        "--seed",
        "3",
        "--output",
        str(region),
    )
    assert generate.wait(timeout=300) == 0
    before = _counts(db)

    wal = Path(f"{db}-wal")
    start = wal.stat().st_size if wal.exists() else 0
    importing = _manage(db, "import_region", str(region))
    deadline = time.monotonic() + 600
    while importing.poll() is None and time.monotonic() < deadline:
        # Rows are being written once the log has grown by a few megabytes.
        if wal.exists() and wal.stat().st_size > start + 4 * 1024 * 1024:
            break
        time.sleep(0.02)
    assert importing.poll() is None, "the import ended before it could be killed mid-write"
    importing.send_signal(signal.SIGKILL)
    assert importing.wait(timeout=30) == -signal.SIGKILL

    assert _counts(db) == before
