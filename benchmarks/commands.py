"""Benchmark: a district's batch commands whole, beside the peers they are judged by.

    .venv/bin/python benchmarks/commands.py [--offerings 27000] [--needs 5000] [--postgres]

Generates a district (``generate_region``, seed 7), imports it into a fresh SQLite
database (and, with ``--postgres``, a fresh PostgreSQL one when reachable) and saves its
index snapshot (``manage.py index_snapshot``, timed apart), in production settings
(``DEBUG`` off). Then, each a process of its own timed from start to exit (wall and CPU,
with its peak memory):

- ``manage.py match --all --limit 10 --format jsonl``: every open need's top 10;
- ``manage.py allocate --scope DISTRICT --quarter Q --format json``: the quarter's plan;

each in one process (``--processes 1``), then as it runs by default, over the machine's
cores (``BATCH_PROCESSES``).

Their peers, measured in the same run on the same district:

- rank_bm25 (``matching.engine.baselines.Bm25Baseline``) ranking the same needs against
  the same offerings: per need over a sample, times the number of open needs, timed
  just before each ``match`` run (the machine's speed drifts);
- networkx's ``network_simplex`` solving the flow graph of the very plan the command
  makes (the same needs, candidates and capacity), the solve alone.

Each command runs ``--repeat`` times (3), each run beside the peer timed just before it,
and the median of the runs' ratios is printed with the lowest and highest: a single run
of the two-process ``match`` moved between 2.1 and 2.9 s within an hour on one machine.
Prints figures and the ratios only; nothing here passes or fails on time. Targets: the
engine 200 times BM25 and the allocation 10 times the networkx solve, whole commands.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.children import (  # noqa: E402 - after making the checkout importable
    Child,
    fresh_postgres,
    generate_argv,
    postgres_available,
    run_child,
)

BM25_SAMPLE = 40
# The networkx peer: the plan's inputs read and its graph solved by network simplex, in
# a process of its own with the same database.
NETWORKX = """
import time
from unittest import mock
from matching import allocation as planning
from matching.engine import allocation as engine
from matching.engine.quarters import Quarter
from synthetic import DEFAULT_START
from partners.models import Community

scope = Community.objects.get(level="district", parent=None)
quarter = Quarter.of(DEFAULT_START)
inputs = planning.allocation_inputs(scope=scope, quarter=quarter, reasons=False)
timed = []
solve = engine.solve

def timed_solve(*args, **kwargs):
    start, cpu = time.perf_counter(), time.process_time()
    try:
        return solve(*args, **kwargs)
    finally:
        timed.append((time.perf_counter() - start, time.process_time() - cpu))

with mock.patch.object(engine, "solve", timed_solve):
    for solver in ("ortools", "networkx"):
        engine.allocate(
            demands=inputs.demands,
            supplies=inputs.supplies,
            rankings=inputs.candidates,
            kept=inputs.kept,
            excluded=inputs.excluded,
            settings=engine.AllocationSettings(solver=solver),
        )
arcs = int(inputs.candidates.starts[-1])
(ow, oc), (nw, nc) = timed
print(f"SOLVES {ow:.3f} {oc:.3f} {nw:.3f} {nc:.3f} {arcs}")
"""


class _Bm25Peer:
    """rank_bm25 (``Bm25Baseline``) on the district, timed on a repeatable sample of its
    needs whenever asked: the machine's speed drifts over minutes (the same sample took
    50 to 97 ms a need in runs of one afternoon), so each command is set beside the peer
    timed just before it."""

    def __init__(self, doc_path: Path) -> None:
        import json

        from matching.engine.baselines import Bm25Baseline
        from matching.engine.interchange import facts_from_document, load_standard

        facts = facts_from_document(json.loads(doc_path.read_text(encoding="utf-8")))
        self._bm25 = Bm25Baseline(facts.offerings, load_standard())
        self.needs = len(facts.needs)  # all open: an import opens every new need
        self._sample = random.Random(7).sample(list(facts.needs), min(BM25_SAMPLE, self.needs))  # noqa: S311 - a repeatable sample

    def per_need(self) -> float:
        """Seconds a need, the median over the sample."""
        times = []
        for need in self._sample:
            start = time.perf_counter()
            self._bm25.rank(need, limit=10)
            times.append(time.perf_counter() - start)
        return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--offerings", type=int, default=27_000)
    parser.add_argument("--needs", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each command, each beside its peer timed just before it (default 3)",
    )
    args = parser.parse_args()

    from matching.engine.quarters import Quarter
    from synthetic import DEFAULT_START

    manage = str(ROOT / "manage.py")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        CELERY_BROKER_URL="memory://",
        CELERY_RESULT_BACKEND="cache+memory://",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        DEBUG="false",
        SECRET_KEY="commands-benchmark-only-" + "x" * 40,
    )
    quarter = str(Quarter.of(DEFAULT_START))
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "district.json"
        made = run_child(
            generate_argv(manage, doc, offerings=args.offerings, needs=args.needs, seed=args.seed),
            env,
            stdout=subprocess.DEVNULL,
        )
        print(f"generated {args.offerings} offerings, {args.needs} needs in {made.seconds:.1f} s")
        bm25 = _Bm25Peer(doc)
        targets = [("SQLite", f"sqlite:///{tmp}/bench.sqlite3")]
        if args.postgres and postgres_available():
            targets.append(("PostgreSQL", fresh_postgres("jinlin_bench_commands")))
        for label, url in targets:
            run_env = {**env, "DATABASE_URL": url, "INDEX_SNAPSHOT_DIR": f"{tmp}/index-{label}"}

            def timed(*argv: str, env: dict[str, str] = run_env) -> Child:
                return run_child([manage, *argv], env, stdout=subprocess.DEVNULL)

            timed("migrate", "-v", "0")
            imported = timed("import_region", str(doc))
            print(
                f"\n== {label}: imported in {imported.seconds:.1f} s; load {os.getloadavg()[0]:.2f}"
            )
            print(_line("index_snapshot (built and saved)", timed("index_snapshot")))
            plan = ["allocate", "--scope", _district_code(doc), "--quarter", quarter]
            plan += ["--format", "json"]
            peer = run_child(
                [manage, "shell", "-v", "0", "-c", NETWORKX], run_env, stdout=subprocess.PIPE
            )
            ow, oc, nw, nc, arcs = peer.output.split("SOLVES ")[-1].split()
            # Each command in one process, then as it runs by default: over the
            # machine's cores (BATCH_PROCESSES).
            for processes, label in (("1", "one process"), (None, f"{_cores()} processes")):
                chosen = [] if processes is None else ["--processes", processes]
                ratios = []
                for _ in range(args.repeat):
                    bm25_need = bm25.per_need()
                    matched = timed("match", "--all", "--limit", "10", "--format", "jsonl", *chosen)
                    ratios.append(bm25_need * bm25.needs / matched.seconds)
                    print(
                        f"rank_bm25 just before: {bm25_need * 1000:.1f} ms a need (median of"
                        f" {BM25_SAMPLE}), {bm25_need * bm25.needs:.0f} s for the"
                        f" {bm25.needs} needs"
                    )
                    print(
                        _line(f"match --all --limit 10, {label}", matched)
                        + f"  -> x{ratios[-1]:.0f} rank_bm25"
                    )
                _median_line(f"match, {label}", ratios, "rank_bm25", digits=0)
                ratios = []
                for _ in range(args.repeat):
                    planned = timed(*plan, *chosen)
                    ratios.append(float(nw) / planned.seconds)
                    print(
                        _line(f"allocate, {label}", planned)
                        + f"  -> x{ratios[-1]:.1f} networkx's solve alone"
                    )
                _median_line(f"allocate, {label}", ratios, "networkx's solve alone", digits=1)
            print(
                f"  the plan's graph ({int(arcs):,} candidate arcs) solved alone: OR-Tools"
                f" {float(ow):.2f} s, networkx network_simplex {float(nw):.2f} s"
                f" (CPU {float(oc):.2f} s and {float(nc):.2f} s)"
            )


def _cores() -> int:
    """The processes a batch command ranks on by default (``BATCH_PROCESSES``)."""
    return int(os.environ.get("BATCH_PROCESSES") or min(os.cpu_count() or 1, 8))


def _median_line(label: str, ratios: list[float], peer: str, *, digits: int) -> None:
    """The median of a command's runs' ratios to its peer, with the lowest and highest."""
    if len(ratios) > 1:
        low, mid, high = min(ratios), statistics.median(ratios), max(ratios)
        print(
            f"  {label}, median of {len(ratios)} runs: x{mid:.{digits}f} {peer}"
            f" (x{low:.{digits}f} to x{high:.{digits}f})"
        )


def _line(label: str, child: Child) -> str:
    return f"{label:<35}{child.seconds:6.2f} s, CPU {child.cpu:6.2f} s, {child.peak_mib:5.0f} MiB"


def _district_code(doc: Path) -> str:
    import json

    communities = json.loads(doc.read_text(encoding="utf-8"))["communities"]
    return next(c["code"] for c in communities if c["level"] == "district")


if __name__ == "__main__":
    main()
