"""Benchmark: accepting a district's quarterly allocation plan.

Generates a district (``generate_region``: 30,000 offerings, 5,000 needs, seed 7),
imports it into a fresh SQLite database (and, with ``--postgres``, a fresh PostgreSQL
one when reachable), then, in a child process per database:

- computes the district's plan for the quarter (``allocation_plan``), as an
  administrator would before accepting it;
- the peer, in the same run: the plan's new assignments written project by project
  through ``project_create`` (each checking and writing on its own), then rolled back;
- accepting the plan (``allocation_commit``: ``projects_propose`` writes them in bulk),
  with the number of queries of each.

    .venv/bin/python benchmarks/accept_plan.py [--offerings 30000] [--needs 5000] [--postgres]

Prints figures only; nothing here passes or fails on time. Target: about 11,000
assignments accepted in 30 s or less.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.children import (  # noqa: E402 - after making the checkout importable
    database_benchmark_main,
)
from benchmarks.matching import peak_mib  # noqa: E402


class _RollBackError(Exception):
    """Leaves the peer's transaction without keeping what it wrote."""


class _Counter:
    """Counts the queries run through a connection (``execute_wrapper``)."""

    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.queries += 1
        return execute(sql, params, many, context)


def measure() -> None:
    """In the child: the database is imported; plan the district and accept the plan."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from matching.allocation import (
        _new_assignments,
        allocation_commit,
        allocation_plan,
        plan_payload,
    )
    from matching.engine.quarters import Quarter
    from needs.models import Need, Project
    from needs.services import project_create
    from partners.models import Community, Offering, Role
    from synthetic import DEFAULT_START

    district = Community.objects.get(level=Community.Level.DISTRICT)
    admin = get_user_model().objects.create_user("bench-district-admin")
    Role.objects.create(user=admin, kind=Role.Kind.DISTRICT_ADMIN, community=district)
    quarter = Quarter.of(DEFAULT_START)

    start = time.perf_counter()
    payload = plan_payload(allocation_plan(scope=district, quarter=quarter))
    pairs = list(_new_assignments(payload, ()))
    print(
        f"plan of the district                {time.perf_counter() - start:.1f} s "
        f"({len(pairs)} new assignments over {len({n for n, _, _ in pairs})} needs)"
    )

    needs = Need.objects.select_related("community").in_bulk(
        [n for n, _, _ in pairs], field_name="code"
    )
    offerings = Offering.objects.select_related("partner").in_bulk(
        [o for _, o, _ in pairs], field_name="code"
    )
    start = time.perf_counter()
    try:
        peer_queries = _Counter()
        with connection.execute_wrapper(peer_queries), transaction.atomic():
            for need, offering, quantity in pairs:
                project_create(
                    actor=admin,
                    need=needs[need],
                    offering=offerings[offering],
                    quantity=quantity,
                    status=Project.Status.PROPOSED,
                    quarter=quarter,
                )
            raise _RollBackError
    except _RollBackError:
        pass
    peer = time.perf_counter() - start
    print(
        f"peer: project by project            {peer:.1f} s, {peer_queries.queries} queries "
        "(rolled back)"
    )

    start = time.perf_counter()
    queries = _Counter()
    with connection.execute_wrapper(queries), transaction.atomic():
        projects = allocation_commit(actor=admin, quarter=quarter, payload=payload)
    accepted = time.perf_counter() - start
    print(
        f"accepting the plan (in bulk)        {accepted:.2f} s, {queries.queries} queries, "
        f"{len(projects)} projects"
    )
    print(f"accepting / peer                    {peer / accepted:.0f}x faster")
    print(f"peak memory at the end              {peak_mib():.0f} MiB")


def main() -> None:
    database_benchmark_main(
        __file__,
        __doc__.splitlines()[0],
        measure,
        offerings=30_000,
        needs=5_000,
        pg_name="jinlin_bench_accept_plan",
    )


if __name__ == "__main__":
    main()
