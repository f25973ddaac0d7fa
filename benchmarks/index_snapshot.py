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

At city scale, without a database (reading 300,000 offerings from one takes minutes
and would only add to the peer's time):

    .venv/bin/python benchmarks/index_snapshot.py --city [300000]

generates the city, builds its index from the generated facts in one process (the
peer) and saves it, then opens the snapshot in two processes started together.

Prints figures only; nothing here passes or fails on time. Targets: a ready index in
0.5 s or less at district scale, 3 s or less at city scale with 300 MB or less of
private memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.children import (  # noqa: E402 - after making the checkout importable
    database_benchmark_main,
    generate_argv,
)

if TYPE_CHECKING:
    from matching.engine.ranking import MatchIndex


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
    from matching.index import current_index

    _time_opening(current_index)


def _time_opening(get_index: Callable[[], MatchIndex]) -> None:
    """Load the segmenter, then time ``get_index()`` and the memory it took; print JSON."""
    from matching.engine import text

    start = time.perf_counter()
    text.words("社区")  # the segmenter's dictionary, loaded by any process that reads text
    segmenter = time.perf_counter() - start
    before = _memory()
    start = time.perf_counter()
    index = get_index()
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


def _start(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, *(args or ("--open",))],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def build_file(document: str, path: str) -> None:
    """In a child: build the index of a generated document's facts, save it; print JSON."""
    import resource

    from matching.engine import snapshot, text
    from matching.engine.interchange import facts_from_document, load_standard
    from matching.engine.ranking import MatchIndex

    text.words("社区")
    facts = facts_from_document(json.loads(Path(document).read_text(encoding="utf-8")))
    before = _memory()
    start = time.perf_counter()
    index = MatchIndex.build(
        standard=load_standard(),
        places=facts.places,
        partners=facts.partners,
        offerings=facts.offerings,
    )
    built = time.perf_counter() - start
    after = _memory()
    start = time.perf_counter()
    snapshot.save(index, Path(path))
    saved = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "ready": built,
                "saved": saved,
                "segmenter": 0.0,
                "offerings": len(index.offering_codes),
                "private_mib": (after["Anonymous"] - before["Anonymous"]) / 1024,
                "mapped_mib": 0.0,
                "peak_mib": peak,
            }
        )
    )


def open_file(path: str) -> None:
    """In a child: load the segmenter, then time opening the snapshot; print JSON."""
    from matching.engine import snapshot

    _time_opening(lambda: snapshot.load(Path(path)))


def city(offerings: int) -> None:
    """The city: generate, build and save in one child, open in two more."""
    needs = offerings // 6
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    with tempfile.TemporaryDirectory() as tmp:
        document = str(Path(tmp) / "city.json")
        start = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
            [
                sys.executable,
                *generate_argv(str(ROOT / "manage.py"), document, offerings=offerings, needs=needs),
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"generated {offerings} offerings in {time.perf_counter() - start:.0f} s")
        path = str(Path(tmp) / "snapshot")
        peer = _figures(_start(env, "--build-file", document, path))
        print(_line("peer: building in the process", peer))
        print(f"  saving the snapshot             {peer['saved']:.2f} s")
        print(f"  peak memory of that process     {peer['peak_mib']:.0f} MiB")
        size = sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
        print(f"snapshot on disk                  {size / 2**20:.0f} MiB")
        _report_together(peer, [_start(env, "--open-file", path) for _ in range(2)])


def _report_together(peer: dict[str, float], together: list[subprocess.Popen[str]]) -> None:
    """Print the figures of processes started together, each beside the peer's."""
    for n, proc in enumerate(together, 1):
        opened = _figures(proc)
        print(_line(f"process {n} of {len(together)} started together", opened))
        print(
            f"  ratio against the peer          {peer['ready'] / opened['ready']:.1f}x "
            "faster to a ready index, "
            f"{peer['private_mib'] / max(opened['private_mib'], 1):.1f}x less private memory"
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
        _report_together(peer, [_start(on) for _ in range(2)])


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--open"]:
        open_index()
    elif arguments[:1] == ["--build-file"]:
        build_file(arguments[1], arguments[2])
    elif arguments[:1] == ["--open-file"]:
        open_file(arguments[1])
    elif arguments[:1] == ["--city"]:
        city(int(arguments[1]) if len(arguments) > 1 else 300_000)
    else:
        database_benchmark_main(
            __file__,
            __doc__ or "",
            measure,
            offerings=30_000,
            needs=5_000,
            pg_name="jinlin_bench_snapshot",
        )
