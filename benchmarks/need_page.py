"""Benchmark: a need's page and its matches, ranked live beside read from stored rows.

Loads the demo district (``manage.py load_demo``) into a fresh SQLite database, then, in
a child process, as the district administrator (who administers every need there),
times over every open need, with a warm index:

- live, as the product answers: the need's page ``GET /needs/<code>/``, the matches
  panel it loads ``GET /needs/<code>/matches/`` and the API
  ``GET /api/v1/needs/<code>/matches/``;
- stored: every open need's top 10 written once as rows, then the same panel and API
  answered from those rows (the rows read best first with offering and partner, turned
  into the same ranking, and presented by the same code), so the difference is the
  ranking against the read of the rows.

    .venv/bin/python benchmarks/need_page.py [--rounds 5]

Prints p50/p95 per request; nothing here passes or fails on time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.children import run  # noqa: E402 - after making the checkout importable


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def percentiles(times: list[float]) -> str:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return f"p50 {ms(cuts[49])}  p95 {ms(cuts[94])}  max {ms(max(times))}  (n={len(times)})"


def timed_each(call: Callable[[str], object], codes: Iterable[str]) -> list[float]:
    times = []
    for code in codes:
        start = time.perf_counter()
        call(code)
        times.append(time.perf_counter() - start)
    return times


def measure(rounds: int) -> None:
    """In the child: the demo district is loaded; time the pages and the API."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from frontend.views import needs as need_views
    from matching.api import views as api_views
    from matching.engine.types import Match, Ranking, Reason
    from matching.facts import needs_facts
    from matching.index import current_index
    from needs.models import Need
    from partners.models import Offering

    class StoredTop10:
        """Each open need's top 10 as rows, shaped, indexed and read as the product stored
        them (``matching.Suggestion``, read best first joined to offering and partner)."""

        table = "bench_stored_suggestion"

        def __init__(self) -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"CREATE TABLE {self.table} (id integer PRIMARY KEY AUTOINCREMENT, "
                    "need_id bigint NOT NULL REFERENCES needs_need (id), "
                    "offering_id bigint NOT NULL REFERENCES partners_offering (id), "
                    "rank smallint NOT NULL, score real NOT NULL, reasons text NOT NULL, "
                    "computed_at datetime NOT NULL, UNIQUE (need_id, rank), "
                    "UNIQUE (need_id, offering_id))"
                )
            self.need_ids = dict(Need.objects.values_list("code", "pk"))

        def need_id(self, code: str) -> int:
            return self.need_ids[code]

        def write(self, rankings: list[Ranking]) -> int:
            offering_ids = dict(Offering.objects.values_list("code", "pk"))
            now = timezone.now().isoformat()
            rows = [
                (
                    self.need_ids[r.need],
                    offering_ids[m.offering],
                    position,
                    m.score,
                    json.dumps([asdict(reason) for reason in m.reasons]),
                    now,
                )
                for r in rankings
                for position, m in enumerate(r.matches, start=1)
            ]
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.table} (need_id, offering_id, rank, score, reasons, "  # noqa: S608 - our own table name
                    "computed_at) VALUES (%s, %s, %s, %s, %s, %s)",
                    rows,
                )
            return len(rows)

        def read(self, need_id: int, limit: int) -> list[tuple[str, str, float, list[Any]]]:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT o.code, p.code, s.score, s.reasons FROM {self.table} s "  # noqa: S608 - our own table name
                    "JOIN partners_offering o ON s.offering_id = o.id "
                    "JOIN partners_partner p ON o.partner_id = p.id "
                    "WHERE s.need_id = %s ORDER BY s.rank LIMIT %s",
                    [need_id, limit],
                )
                return [(o, p, score, json.loads(r)) for o, p, score, r in cursor.fetchall()]

    client = Client()
    client.force_login(get_user_model().objects.get(username="district_admin"))
    open_needs = Need.objects.filter(status=Need.Status.OPEN).order_by("code")
    codes = list(open_needs.values_list("code", flat=True))
    print(f"{len(codes)} open needs, {rounds} rounds each")

    def getter(path: str) -> Callable[[str], None]:
        def get(code: str) -> None:
            response = client.get(path.format(code=code))
            assert response.status_code == 200, response.content[:300]  # noqa: S101 - a broken run is no figure

        return get

    requests = {
        "need page  /needs/<code>/": getter("/needs/{code}/"),
        "panel      /needs/<code>/matches/": getter("/needs/{code}/matches/"),
        "API        /api/v1/needs/<code>/matches/": getter("/api/v1/needs/{code}/matches/"),
    }
    for get in requests.values():
        for code in codes[:5]:
            get(code)  # warm-up: the index is built, templates compiled
    live = {label: timed_each(get, codes * rounds) for label, get in requests.items()}
    for label, times in live.items():
        print(f"live    {label:<42} {percentiles(times)}")

    # Stored rows: every open need's top 10, written once (timed), then read per request.
    stored = StoredTop10()
    start = time.perf_counter()
    rankings = current_index().rank_many(
        needs_facts(open_needs), limit=10, today=timezone.localdate()
    )
    with transaction.atomic():
        rows = stored.write(rankings)
    print(f"storing every open need's top 10: {ms(time.perf_counter() - start)} ({rows} rows)")

    def from_rows(*, need: Need, limit: int = 10, explain: bool = False) -> Ranking:
        return Ranking(
            need=need.code,
            matches=tuple(
                Match(
                    offering=offering,
                    partner=partner,
                    score=score,
                    reasons=tuple(Reason(**r) for r in reasons),
                )
                for offering, partner, score, reasons in stored.read(need.pk, limit)
            ),
        )

    need_views.matches_for = from_rows
    api_views.matches_for = from_rows
    label_panel, label_api = list(requests)[1:]
    for get in (requests[label_panel], requests[label_api]):
        for code in codes[:5]:
            get(code)
    for label in (label_panel, label_api):
        times = timed_each(requests[label], codes * rounds)
        print(f"stored  {label:<42} {percentiles(times)}")
        print(
            f"        live / stored at p95: "
            f"{statistics.quantiles(live[label], n=100, method='inclusive')[94] * 1000:.2f} / "
            f"{statistics.quantiles(times, n=100, method='inclusive')[94] * 1000:.2f} ms"
        )

    # The ranking alone, in-process, for scale.
    index = current_index()
    facts = needs_facts(open_needs)
    today = timezone.localdate()
    engine: list[float] = []
    for f in facts * rounds:
        start = time.perf_counter()
        index.rank(f, limit=10, today=today)
        engine.append(time.perf_counter() - start)
    print(f"engine alone, one need's top 10                    {percentiles(engine)}")
    reads = timed_each(lambda code: list(stored.read(stored.need_id(code), 10)), codes * rounds)
    print(f"reading one need's stored top 10                   {percentiles(reads)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="requests per open need")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.rounds)
        return
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CELERY_BROKER_URL"] = "memory://"  # nothing runs behind the load's back
    env["CELERY_RESULT_BACKEND"] = "cache+memory://"
    env["LOG_LEVEL"] = "WARNING"
    env["PYTHONUNBUFFERED"] = "1"
    manage = str(ROOT / "manage.py")
    with tempfile.TemporaryDirectory() as tmp:
        env["DATABASE_URL"] = f"sqlite:///{tmp}/need_page.sqlite3"
        run([manage, "migrate", "-v", "0"], env)
        secs, _ = run([manage, "load_demo"], env)
        print(f"demo district loaded into a fresh SQLite database in {secs:.1f} s")
        run([__file__, "--measure", "--rounds", str(args.rounds)], env, quiet=False)


if __name__ == "__main__":
    main()
