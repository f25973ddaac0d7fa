"""What the database benchmarks share: timing a child process with its peak memory, and
a fresh PostgreSQL database to import into when the machine has one."""

from __future__ import annotations

import os
import subprocess
import sys
import time

PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432"


def run(argv: list[str], env: dict[str, str], *, quiet: bool = True) -> tuple[float, float]:
    """Run ``python ARGV`` as a child; return (seconds, its peak resident memory in MiB).
    ``SystemExit`` naming the command when it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(  # noqa: S603 - fixed argv of our own scripts
        [sys.executable, *argv], env=env, stdout=subprocess.DEVNULL if quiet else None
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024


def postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_ADMIN_URL}/postgres", connect_timeout=2).close()
    except Exception:  # any failure to connect means "not here"
        return False
    return True


def fresh_postgres(name: str) -> str:
    """The URL of an empty PostgreSQL database ``name`` (dropped and created)."""
    import psycopg

    with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_ADMIN_URL}/{name}"
