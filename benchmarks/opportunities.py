"""Benchmark: a partner's opportunities (认领, ranking in reverse) on a generated district
of 27,000 offerings and 5,000 needs.

Generates the district (``generate_region``), imports it into a fresh SQLite database
(and, with ``--postgres``, a fresh PostgreSQL database when reachable), then, in a child
process per database, measures:

- the first look of a process: reading every open need once (then kept, and only the
  needs added or edited since are read again);
- one partner's opportunities in-process (``opportunities_for``) and through the API
  (``GET /api/v1/partners/{code}/opportunities/``: token authentication as a member of
  the partner, JSON), p50 and p95 over a sample of partners;
- the peer in the same run: what reverse ranking would cost without it, ranking every
  open need forward (``rank_many``) and keeping the partner's offerings; the ratio.

    .venv/bin/python benchmarks/opportunities.py [--offerings 27000] [--needs 5000] [--postgres]

Prints figures only; nothing here passes or fails on time. Target: 50 ms p95 through
the API.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.children import (  # noqa: E402 - after making the checkout importable
    database_benchmark_main,
)
from benchmarks.matching import ms, peak_mib, percentiles, timed_each  # noqa: E402

SAMPLE = 200


def measure() -> None:
    """In the child: the database is imported; measure opportunities on it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from matching.facts import needs_facts
    from matching.index import current_index
    from matching.opportunities import claimable_needs, open_need_readings
    from matching.selectors import opportunities_for
    from partners.models import Partner, Role

    start = time.perf_counter()
    index = current_index()
    print(f"index built from the database      {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    readings = open_need_readings(index)
    print(
        f"open needs read (first look)       {time.perf_counter() - start:.2f} s "
        f"({len(readings.needs)} needs)"
    )
    partners = list(
        Partner.objects.filter(status=Partner.Status.VERIFIED, offerings__isnull=False)
        .distinct()
        .order_by("code")
    )
    sample = random.Random(7).sample(partners, min(SAMPLE, len(partners)))  # noqa: S311 - a repeatable sample
    for partner in sample[:5]:
        opportunities_for(partner=partner, limit=20)  # warm-up
    engine = timed_each(lambda p: opportunities_for(partner=p, limit=20), sample)
    found = [len(opportunities_for(partner=p, limit=20)) for p in sample]
    print(f"one partner, opportunities_for     {percentiles(engine)}")
    print(
        f"needs listed per partner           mean {statistics.mean(found):.1f}, "
        f"{sum(1 for n in found if n == 0)} of {len(found)} partners with none"
    )

    clients = []
    for partner in sample:
        user = get_user_model().objects.create_user(f"bench-member-{partner.code}")
        Role.objects.create(user=user, kind=Role.Kind.PARTNER_MEMBER, partner=partner)
        token = Token.objects.create(user=user)
        clients.append((partner.code, Client(headers={"authorization": f"Token {token.key}"})))

    def get(pair: tuple[str, Client]) -> None:
        code, client = pair
        response = client.get(f"/api/v1/partners/{code}/opportunities/", {"limit": 20})
        assert response.status_code == 200, response.content  # noqa: S101 - a broken run is no figure

    for pair in clients[:5]:
        get(pair)  # warm-up
    api = timed_each(get, clients)
    print(f"one partner, API (token, JSON)     {percentiles(api)}")

    # The peer: every open need ranked forward, the partner's offerings kept.
    every = needs_facts(claimable_needs())
    today = timezone.localdate()
    start = time.perf_counter()
    rankings = index.rank_many(every, limit=50, today=today)
    forward = time.perf_counter() - start
    print(
        f"peer: every open need forward     {forward:.2f} s for {len(every)} needs "
        f"({sum(len(r.matches) for r in rankings)} matches), per partner"
    )
    p95 = statistics.quantiles(api, n=100, method="inclusive")[94]
    print(
        f"reverse ranking (API p95) / peer   {forward / p95:.0f}x faster "
        f"({ms(p95)} vs {forward:.2f} s)"
    )
    print(f"peak memory at the end             {peak_mib():.0f} MiB")


def main() -> None:
    database_benchmark_main(
        __file__,
        __doc__.splitlines()[0],
        measure,
        offerings=27_000,
        needs=5_000,
        pg_name="jinlin_bench_opportunities",
    )


if __name__ == "__main__":
    main()
