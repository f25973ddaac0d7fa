"""Benchmark: importing a generated district into an empty database.

Generates a district (default 30,000 offerings and 5,000 needs), then, for SQLite and
(when reachable) PostgreSQL, migrates a fresh database and times
``manage.py import_region`` in a child process, printing wall time and the child's
peak memory. A second import of the same file (nothing to change) is timed too.

    .venv/bin/python benchmarks/import_region.py [--offerings 30000] [--needs 5000]

Prints figures only; nothing here passes or fails on time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432"


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a manage.py command; return (seconds, peak resident memory in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(  # noqa: S603 - fixed argv of our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *argv],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"manage.py {' '.join(argv)} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024


def postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_ADMIN_URL}/postgres", connect_timeout=2).close()
    except Exception:  # any failure to connect means "not here"
        return False
    return True


def fresh_postgres(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_ADMIN_URL}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offerings", type=int, default=30_000)
    parser.add_argument("--needs", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    base_env.pop("CELERY_BROKER_URL", None)
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "district.json"
        secs, _ = run(
            [
                "generate_region",
                f"--offerings={args.offerings}",
                f"--needs={args.needs}",
                f"--seed={args.seed}",
                f"--output={doc}",
            ],
            base_env,
        )
        print(f"generated {args.offerings} offerings, {args.needs} needs in {secs:.1f} s")
        targets = [("SQLite", f"sqlite:///{tmp}/bench.sqlite3")]
        if postgres_available():
            targets.append(("PostgreSQL", fresh_postgres("jinlin_bench_import")))
        else:
            print("PostgreSQL not reachable on 127.0.0.1:5432: measured on SQLite only")
        header = ("database", "import s", "peak MiB", "re-import s", "of 60 s")
        print("{:<11} {:>9} {:>9} {:>12} {:>8}".format(*header))
        for label, url in targets:
            env = {**base_env, "DATABASE_URL": url}
            run(["migrate", "-v", "0"], env)
            first, peak = run(["import_region", str(doc)], env)
            again, _ = run(["import_region", str(doc)], env)
            print(f"{label:<11} {first:>9.1f} {peak:>9.0f} {again:>12.1f} {first / 60:>8.0%}")


if __name__ == "__main__":
    main()
