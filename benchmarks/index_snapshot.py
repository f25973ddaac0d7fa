"""Benchmark: how soon a new process has a ready matching index, and what it costs it.

Generates a district (``generate_region``: 30,000 offerings, 5,000 needs, seed 7),
imports it into a fresh SQLite database (and, with ``--postgres``, a fresh PostgreSQL
one when reachable), then starts processes that each ask for the current index
(``matching.index.current_index``), as a web or Celery worker does on its first request:

- the peer: a process building its own index from the database, snapshots off (how
  every process got its index before snapshots);
- the first process with snapshots on: it builds and saves the snapshot;
- two more processes started together: each opens the snapshot.

For each it prints the seconds to a ready index (the segmenter's dictionary loaded
beforehand, and apart), its private memory grown for the index (anonymous pages: the
heap), and the snapshot's pages it maps (file pages, shared by every process mapping
them), read from ``/proc/self/smaps_rollup``.

    .venv/bin/python benchmarks/index_snapshot.py [--offerings 30000] [--needs 5000] [--postgres]

Prints figures only; nothing here passes or fails on time. Target: a ready index in
0.5 s or less at district scale.
"""

from __future__ import annotations

import json
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
    database_benchmark_main,
)


def _memory() -> dict[str, int]:
    """This process's memory in KiB by kind (Rss, Anonymous, Shared_Clean, ...)."""
    fields = {}
    with open("/proc/self/smaps_rollup", encoding="ascii") as rollup:
        for line in rollup:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    return fields


def open_index() -> None:
    """In a grandchild: load the segmenter, then time ``current_index()``; print JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from matching.engine import text
    from matching.index import current_index

    start = time.perf_counter()
    text.words("社区")  # the segmenter's dictionary, loaded by any process that reads text
    segmenter = time.perf_counter() - start
    before = _memory()
    start = time.perf_counter()
    index = current_index()
    ready = time.perf_counter() - start
    after = _memory()
    file_pages = (after["Rss"] - after["Anonymous"]) - (before["Rss"] - before["Anonymous"])
    print(
        json.dumps(
            {
                "ready": ready,
                "segmenter": segmenter,
                "offerings": len(index.offering_codes),
                "private_mib": (after["Anonymous"] - before["Anonymous"]) / 1024,
                "mapped_mib": file_pages / 1024,
            }
        )
    )


def _start(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--open"], env=env, stdout=subprocess.PIPE, text=True
    )


def _figures(proc: subprocess.Popen[str]) -> dict[str, float]:
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"a process opening the index failed with status {proc.returncode}")
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return figures


def _line(label: str, f: dict[str, float]) -> str:
    return (
        f"{label:<34}{f['ready']:6.2f} s to a ready index ({int(f['offerings'])} offerings), "
        f"{f['private_mib']:6.0f} MiB private, {f['mapped_mib']:5.0f} MiB of snapshot mapped "
        f"(segmenter {f['segmenter']:.2f} s before)"
    )


def measure() -> None:
    """In the child: the database is imported; start the processes and print figures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import transaction

    from changes.log import record_change

    with transaction.atomic():
        record_change(everything=True)
    with tempfile.TemporaryDirectory() as tmp:
        off = {**os.environ, "INDEX_SNAPSHOT_DIR": ""}
        on = {**os.environ, "INDEX_SNAPSHOT_DIR": tmp}
        peer = _figures(_start(off))
        print(_line("peer: building in the process", peer))
        first = _figures(_start(on))
        print(_line("first process: build and save", first))
        size = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file())
        print(f"snapshot on disk                  {size / 2**20:.0f} MiB")
        together = [_start(on), _start(on)]
        for n, proc in enumerate(together, 1):
            opened = _figures(proc)
            print(_line(f"process {n} of 2 started together", opened))
            print(
                f"  ratio against the peer          {peer['ready'] / opened['ready']:.1f}x "
                "faster to a ready index, "
                f"{peer['private_mib'] / max(opened['private_mib'], 1):.1f}x less private memory"
            )


if __name__ == "__main__":
    if "--open" in sys.argv[1:]:
        open_index()
    else:
        database_benchmark_main(
            __file__,
            __doc__ or "",
            measure,
            offerings=30_000,
            needs=5_000,
            pg_name="jinlin_bench_snapshot",
        )
