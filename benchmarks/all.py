"""Every benchmark in one run: import, ranking, snapshots, the need page, insights,
allocation, exports and load.

    .venv/bin/python benchmarks/all.py [--only import,ranking,...] [--offerings N] [--needs N]

Calls the individual scripts one after the other (never two at once, so each has the
machine to itself) and prints their figures as they come, each script setting its
figures beside their peer measured in the same run: SQLite beside PostgreSQL for the
import, the engine beside BM25 for the ranking and the district's batch commands
whole beside BM25 and networkx, a process opening the index snapshot
beside one building its own (district and city), live ranking beside stored rows for the
need page, a district's insights pages beside their 1 s target, OR-Tools beside networkx
for the allocation, accepting a plan in bulk beside project by project, Word beside PDF
for the agenda export, and the load test's p95 beside its target. A script that is not there is
reported "not available". Ends with a table of what ran, how long it took and how it
ended. Figures only: nothing passes or fails.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def plan(args: argparse.Namespace) -> list[tuple[str, str, list[str]]]:
    """(section, script, arguments) in the order they run."""
    size = ["--offerings", str(args.offerings), "--needs", str(args.needs)]
    return [
        ("import", "import_region.py", size),
        ("ranking", "matching.py", [*size, "--postgres"]),
        ("commands", "commands.py", [*size, "--postgres"]),
        ("snapshot", "index_snapshot.py", [*size, "--postgres"]),
        ("city-snapshot", "index_snapshot.py", ["--city", str(args.city_offerings)]),
        ("opportunities", "opportunities.py", [*size, "--postgres"]),
        ("page", "need_page.py", []),
        ("insights", "insights.py", size),
        ("allocation", "allocation.py", ["--case", "all"]),
        ("accepting", "accept_plan.py", [*size, "--postgres"]),
        ("exports", "agenda_export.py", []),
        ("city", "city.py", ["--offerings", str(args.city_offerings)]),
        ("load", "load/run.py", [*size, "--users", str(args.users), "--run-time", "60"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated sections: import,ranking,allocation,…")
    parser.add_argument("--offerings", type=int, default=30000)
    parser.add_argument("--needs", type=int, default=5000)
    parser.add_argument("--users", type=int, default=200, help="load test: concurrent users")
    parser.add_argument(
        "--city-offerings", type=int, default=300_000, help="the city's index snapshot: offerings"
    )
    args = parser.parse_args()
    wanted = set(args.only.split(",")) if args.only else None

    summary: list[tuple[str, str, str]] = []
    for section, script, extra in plan(args):
        if wanted is not None and section not in wanted:
            continue
        path = HERE / script
        print(f"\n===== {section}: benchmarks/{script} {' '.join(extra)}", flush=True)
        if not path.exists():
            print("not available")
            summary.append((section, "-", "not available"))
            continue
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(path), *extra], cwd=ROOT, check=False)  # noqa: S603
        took = f"{time.perf_counter() - started:.0f} s"
        summary.append(
            (section, took, "done" if done.returncode == 0 else f"exit {done.returncode}")
        )

    print("\n===== summary")
    print(f"{'section':12} {'wall time':>10}  result")
    for section, took, result in summary:
        print(f"{section:12} {took:>10}  {result}")


if __name__ == "__main__":
    main()
