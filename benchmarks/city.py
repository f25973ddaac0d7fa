"""Benchmark: a generated city end to end on the production parts.

    .venv/bin/python benchmarks/city.py [--offerings 300000] [--needs 50000]

On PostgreSQL (a fresh database ``jinlin_bench_city``) with Redis and two Celery worker
processes sharing one index snapshot folder, in production settings (``DEBUG`` off),
each step a process of its own, timed with its peak memory:

1. ``manage.py import_region`` of the generated city;
2. ``manage.py index_snapshot``: the city's index built once and saved;
3. ``manage.py match --all --limit 10``: every open need's suggestions in one process,
   opening the snapshot (the peer of the next steps), then over two processes forked
   from it (``--processes 2``);
4. the same with ``--spread``: street by street on the two workers, each opening the
   snapshot;
5. the quarter's allocation spread over the two workers by street and reconciled across
   streets (``matching.batches.city_allocation``);
6. ``manage.py coverage`` of the whole city.

``--existing`` skips generating and importing: it measures the later steps again on
the database the last run imported; ``--allocation-only`` then measures the snapshot
and the allocation alone.

Prints figures only; nothing here passes or fails on time. Targets: import 150 s and
2 GB, suggestions 60 s, allocation 60 s, coverage 5 s.
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
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.children import (  # noqa: E402 - after making the checkout importable
    fresh_postgres,
    generate_argv,
    run,
)

# A Redis database of its own: the street plans go on the default queue, which only this
# run's workers read here.
REDIS = "redis://127.0.0.1:6379/7"

ALLOCATE = """
import time
from config.celery import app
from matching.batches import city_allocation
from matching.engine.quarters import Quarter
from synthetic import DEFAULT_START
start = time.perf_counter()
plans = city_allocation(quarter=str(Quarter.of(DEFAULT_START))).get(timeout=1800)
assigned = sum(len(p.get("assignments", [])) for p in plans.values() if isinstance(p, dict))
print(f"allocation over the workers        {time.perf_counter() - start:.1f} s "
      f"({len(plans)} street plans, {assigned} assignments)")
"""


def _step(label: str, argv: list[str], env: dict[str, str], *, quiet: bool = True) -> None:
    secs, peak = run(argv, env, quiet=quiet)
    print(f"{label:<35}{secs:6.1f} s, peak {peak:6.0f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--offerings", type=int, default=300_000)
    parser.add_argument("--needs", type=int, default=50_000)
    parser.add_argument(
        "--existing", action="store_true", help="reuse the database the last run imported"
    )
    parser.add_argument(
        "--allocation-only", action="store_true", help="only the snapshot and the allocation"
    )
    args = parser.parse_args()
    manage = str(ROOT / "manage.py")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1", CELERY_BROKER_URL=REDIS)
    # Production settings: with DEBUG on, Django keeps the text of its last 9,000
    # queries, and an import's bulk inserts are hundreds of KB each.
    env.update(DEBUG="false", SECRET_KEY="city-benchmark-only-" + "x" * 40)
    with tempfile.TemporaryDirectory() as tmp:
        env["INDEX_SNAPSHOT_DIR"] = str(Path(tmp) / "index")
        if args.existing:
            env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/jinlin_bench_city"
        else:
            _import(manage, args.offerings, args.needs, Path(tmp), env)
        _later_steps(manage, env, allocation_only=args.allocation_only)


def _import(manage: str, offerings: int, needs: int, tmp: Path, env: dict[str, str]) -> None:
    doc = tmp / "city.json"
    _step("generating the city", generate_argv(manage, doc, offerings=offerings, needs=needs), env)
    env["DATABASE_URL"] = fresh_postgres("jinlin_bench_city")
    run([manage, "migrate", "-v", "0"], env)
    print(f"load before the import: {os.getloadavg()[0]:.2f}")
    _step("import_region", [manage, "import_region", str(doc)], env)


def _later_steps(manage: str, env: dict[str, str], *, allocation_only: bool) -> None:
    print(f"load before: {os.getloadavg()[0]:.2f}")
    _step("index_snapshot (build and save)", [manage, "index_snapshot"], env)
    if not allocation_only:
        match = [manage, "match", "--all", "--limit", "10", "--format", "jsonl"]
        _step("match --all --limit 10 (one process)", [*match, "--processes", "1"], env)
        _step("match --all --limit 10 (2 processes)", [*match, "--processes", "2"], env)

    subprocess.run(  # noqa: S603 - our own celery, fixed arguments
        [str(Path(sys.executable).parent / "celery"), "-A", "config", "purge", "-f"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    workers = [
        subprocess.Popen(  # noqa: S603 - our own celery, fixed arguments
            [
                str(Path(sys.executable).parent / "celery"),
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-n",
                f"city{n}@%h",
                "-l",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(2)
    ]
    try:
        time.sleep(5)
        if not allocation_only:
            _step(
                "match --all --spread (2 workers)",
                [manage, "match", "--all", "--limit", "10", "--format", "jsonl", "--spread"],
                env,
            )
        secs, peak = run([manage, "shell", "-v", "0", "-c", ALLOCATE], env, quiet=False)
        print(f"{'  (whole command)':<35}{secs:6.1f} s, peak {peak:6.0f} MiB", flush=True)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
    if not allocation_only:
        _step("coverage of the city", [manage, "coverage", "--format", "json"], env)
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
