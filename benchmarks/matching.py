"""Benchmark: matching a generated district of 30,000 offerings and 5,000 needs.

Generates the district (``generate_region``), imports it into a fresh SQLite database
(and, with ``--postgres``, a fresh PostgreSQL database when reachable), then, in a child
process per database, measures:

- building the matching index from the database;
- one need's top 10: in-process (the engine alone, and through ``matches_for`` with its
  freshness check and the need's facts), and through the API (Django test client, token
  authentication, serialisation), p50 and p95 over a sample of needs;
- every open need at once (``rank_many``), wall time;
- BM25 (rank_bm25) on the same offerings, per need on a small sample, and how many
  times faster the engine is;
- the child's peak memory (``ru_maxrss``), after the engine's work and at the end.

    .venv/bin/python benchmarks/matching.py [--offerings 30000] [--needs 5000] [--postgres]

Prints figures only; nothing here passes or fails on time. Targets: 10 ms p95
in-process, 50 ms p95 through the API, 5,000 needs in 10 s, at least 100 times BM25's
throughput, under 1 GB.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.children import (  # noqa: E402 - after making the checkout importable
    database_benchmark_main,
)

SAMPLE = 200
BM25_SAMPLE = 20

T = TypeVar("T")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def percentiles(times: list[float]) -> str:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return f"p50 {ms(cuts[49])}  p95 {ms(cuts[94])}  max {ms(max(times))}  (n={len(times)})"


def timed_each(call: Callable[[T], object], items: Iterable[T]) -> list[float]:
    """Seconds each ``call(item)`` took."""
    times = []
    for item in items:
        start = time.perf_counter()
        call(item)
        times.append(time.perf_counter() - start)
    return times


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure() -> None:
    """In the child: the database is imported; measure the matching on it."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from matching.engine.baselines import Bm25Baseline
    from matching.facts import load_offerings, load_standard, need_facts, needs_facts
    from matching.index import current_index
    from matching.selectors import matches_for
    from needs.models import Need
    from partners.models import Community, Role

    today = timezone.localdate()
    start = time.perf_counter()
    index = current_index()
    print(f"index built from the database      {time.perf_counter() - start:.2f} s")

    open_needs = Need.objects.filter(status=Need.Status.OPEN).order_by("code")
    loaded = list(open_needs.select_related("community").prefetch_related("tags"))
    sample = random.Random(7).sample(loaded, min(SAMPLE, len(loaded)))  # noqa: S311 - a repeatable sample, not a secret
    facts = [need_facts(n) for n in sample]
    for f in facts[:5]:
        index.rank(f, limit=10, today=today)  # warm-up
    engine = timed_each(lambda f: index.rank(f, limit=10, today=today), facts)
    print(f"one need, engine alone             {percentiles(engine)}")
    selector = timed_each(lambda n: matches_for(need=n, limit=10), sample)
    print(f"one need, matches_for              {percentiles(selector)}")

    # A district administrator: the scope is resolved on every request, as in use.
    user = get_user_model().objects.create_user("bench-district-admin")
    district = Community.objects.get(level=Community.Level.DISTRICT, parent=None)
    Role.objects.create(user=user, kind=Role.Kind.DISTRICT_ADMIN, community=district)
    token = Token.objects.create(user=user)
    client = Client(headers={"authorization": f"Token {token.key}"})

    def get(code: str) -> None:
        response = client.get(f"/api/v1/needs/{code}/matches/", {"limit": 10})
        assert response.status_code == 200, response.content  # noqa: S101 - a broken run is no figure

    for n in sample[:5]:
        get(n.code)  # warm-up
    api = timed_each(get, [n.code for n in sample])
    print(f"one need, API (token, JSON)        {percentiles(api)}")

    start = time.perf_counter()
    every = needs_facts(open_needs)
    read = time.perf_counter() - start
    start = time.perf_counter()
    rankings = index.rank_many(every, limit=10, today=today)
    ranked = time.perf_counter() - start
    per_need = ranked / max(len(every), 1)
    print(
        f"all {len(every)} open needs, rank_many    {ranked:.2f} s "
        f"(+ {read:.2f} s reading them; {ms(per_need)} per need, "
        f"{sum(len(r.matches) for r in rankings)} matches)"
    )
    engine_peak = peak_mib()
    print(f"peak memory after the engine's work {engine_peak:.0f} MiB")

    start = time.perf_counter()
    bm25 = Bm25Baseline(load_offerings(), load_standard())
    print(f"BM25 built                         {time.perf_counter() - start:.2f} s")
    bm25_sample = random.Random(11).sample(every, min(BM25_SAMPLE, len(every)))  # noqa: S311 - as above
    bm25_times = timed_each(lambda f: bm25.rank(f, limit=10), bm25_sample)
    bm25_per_need = statistics.mean(bm25_times)
    print(f"BM25, one need                     mean {ms(bm25_per_need)} (n={len(bm25_times)})")
    print(
        f"engine throughput / BM25's         {bm25_per_need / per_need:.0f}x (rank_many), "
        f"{bm25_per_need / statistics.median(engine):.0f}x (one need at a time)"
    )
    print(f"peak memory at the end             {peak_mib():.0f} MiB")


def main() -> None:
    database_benchmark_main(
        __file__,
        __doc__.splitlines()[0],
        measure,
        offerings=30_000,
        needs=5_000,
        pg_name="jinlin_bench_matching",
    )


if __name__ == "__main__":
    main()
