"""What the database benchmarks share: timing a child process with its peak memory, and
a fresh PostgreSQL database to import into when the machine has one."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432"


@dataclass(frozen=True)
class Child:
    """How a child process ran: wall and CPU seconds, peak resident memory (MiB), and
    its standard output when it was captured."""

    seconds: float
    cpu: float
    peak_mib: float
    output: str = ""


def run_child(argv: list[str], env: dict[str, str], *, stdout: int | None) -> Child:
    """Run ``python ARGV`` as a child, its output to ``stdout`` (``subprocess.PIPE``:
    captured); ``SystemExit`` naming the command when it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(  # noqa: S603 - fixed argv of our own scripts
        [sys.executable, *argv], env=env, stdout=stdout, text=True
    )
    output = proc.stdout.read() if proc.stdout is not None else ""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {status}")
    return Child(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def run(argv: list[str], env: dict[str, str], *, quiet: bool = True) -> tuple[float, float]:
    """Run ``python ARGV`` as a child; return (seconds, its peak resident memory in MiB).
    ``SystemExit`` naming the command when it fails."""
    child = run_child(argv, env, stdout=subprocess.DEVNULL if quiet else None)
    return child.seconds, child.peak_mib


def generate_argv(
    manage: str, output: str | Path, *, offerings: int, needs: int, seed: int = 7
) -> list[str]:
    """``manage.py generate_region`` writing a district (or a city) of this size, from
    this seed, to ``output``."""
    return [
        manage,
        "generate_region",
        f"--offerings={offerings}",
        f"--needs={needs}",
        f"--seed={seed}",
        f"--output={output}",
    ]


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


def measure_each_database(
    script: str,
    *,
    offerings: int,
    needs: int,
    seed: int,
    postgres: bool,
    pg_name: str,
) -> None:
    """Generate a district, import it into a fresh SQLite database (and, with
    ``postgres``, a fresh PostgreSQL one when reachable), then run ``script --measure``
    as a child on each, printing its figures and peak memory. No broker and no eager
    tasks: nothing an import enqueues runs behind the figures."""
    import tempfile

    root = Path(__file__).resolve().parent.parent
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    base_env["CELERY_BROKER_URL"] = "memory://"
    base_env["CELERY_RESULT_BACKEND"] = "cache+memory://"
    base_env["LOG_LEVEL"] = "WARNING"
    base_env["PYTHONUNBUFFERED"] = "1"
    manage = str(root / "manage.py")
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "district.json"
        secs, _ = run(
            generate_argv(manage, doc, offerings=offerings, needs=needs, seed=seed), base_env
        )
        print(f"generated {offerings} offerings, {needs} needs in {secs:.1f} s")
        targets = [("SQLite", f"sqlite:///{tmp}/bench.sqlite3")]
        if postgres and postgres_available():
            targets.append(("PostgreSQL", fresh_postgres(pg_name)))
        for label, url in targets:
            env = {**base_env, "DATABASE_URL": url}
            run([manage, "migrate", "-v", "0"], env)
            secs, _ = run([manage, "import_region", str(doc)], env)
            print(f"\n== {label}: imported in {secs:.1f} s")
            _, peak = run([script, "--measure"], env, quiet=False)
            print(f"peak memory of the measuring process {peak:.0f} MiB (ru_maxrss)")


def database_benchmark_main(
    script: str,
    description: str,
    measure: Callable[[], None],
    *,
    offerings: int,
    needs: int,
    pg_name: str,
) -> None:
    """The command line of a benchmark measured on each database (``--offerings``,
    ``--needs``, ``--seed``, ``--postgres``): in the parent, :func:`measure_each_database`;
    in each child (``--measure``), ``measure``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--offerings", type=int, default=offerings)
    parser.add_argument("--needs", type=int, default=needs)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure()
        return
    measure_each_database(
        script,
        offerings=args.offerings,
        needs=args.needs,
        seed=args.seed,
        postgres=args.postgres,
        pg_name=pg_name,
    )
