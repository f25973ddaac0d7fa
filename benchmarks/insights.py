"""Benchmark: a district's insights, every page and every API answer, with a warm index.

    .venv/bin/python benchmarks/insights.py [--offerings 30000] [--needs 5000] [--rounds 5]
    .venv/bin/python benchmarks/insights.py --database postgres://…/jinlin_bench_city

Imports a generated district into a fresh PostgreSQL database ``jinlin_bench_insights``
(or uses ``--database`` as it is), then, in a child process signed in as the district's
administrator, asks each insights page and API answer for the district once to warm up
and ``--rounds`` times measured: coverage, trends, the partner network and the
recommendations. Prints p50 and the slowest per request beside the target of 1 s, and
the first request (warming up: the network page's first also lays out the drawing,
which its later views and the API then reuse).
Figures only: nothing passes or fails on time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.children import (  # noqa: E402 - after the path
    fresh_postgres,
    generate_argv,
    run,
)

TARGET_SECONDS = 1.0
PATHS = (
    ("coverage page", "/insights/?scope={scope}"),
    ("coverage API", "/api/v1/insights/coverage/?scope={scope}"),
    ("trends page", "/insights/trends/?scope={scope}"),
    ("trends API", "/api/v1/insights/trends/?scope={scope}"),
    ("network page", "/insights/network/?scope={scope}"),
    ("network API", "/api/v1/insights/network/?scope={scope}"),
    ("recommendations API", "/api/v1/insights/recommendations/?scope={scope}"),
)


def measure(rounds: int) -> None:
    """In the child: sign in as the district's administrator and time every request."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client

    from matching.index import current_index
    from partners.models import Community, Offering, Role
    from tests.factories import UserFactory

    district = Community.objects.filter(level=Community.Level.DISTRICT).order_by("code").first()
    if district is None:
        raise SystemExit("the database has no district")
    user = UserFactory.create(username="bench_insights_admin")
    Role.objects.get_or_create(user=user, kind=Role.Kind.DISTRICT_ADMIN, community=district)
    client = Client()
    client.force_login(user)
    started = time.perf_counter()
    current_index()
    print(
        f"district {district.code}: {Offering.objects.count()} offerings, "
        f"{Community.objects.filter(level=Community.Level.COMMUNITY).count()} communities; "
        f"index ready in {time.perf_counter() - started:.1f} s; load {os.getloadavg()[0]:.2f}"
    )
    for name, template in PATHS:
        path = template.format(scope=district.code)
        times = []
        first = 0.0
        for n in range(rounds + 1):
            start = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
            if n:
                times.append(elapsed)
            else:
                first = elapsed
        p50, slowest = statistics.median(times), max(times)
        against = (
            f"{TARGET_SECONDS / p50:.1f}x inside"
            if p50 <= TARGET_SECONDS
            else f"{p50 / TARGET_SECONDS:.1f}x over"
        )
        print(
            f"{name:<22} p50 {p50 * 1000:7.0f} ms  slowest {slowest * 1000:7.0f} ms"
            f"  ({against} the {TARGET_SECONDS:.0f} s target)  first {first * 1000:7.0f} ms",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--offerings", type=int, default=30_000)
    parser.add_argument("--needs", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database", help="an imported database to use as it is")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.rounds)
        return
    manage = str(ROOT / "manage.py")
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    env.setdefault("INDEX_SNAPSHOT_DIR", "")
    env.pop("CELERY_BROKER_URL", None)
    if args.database:
        env["DATABASE_URL"] = args.database
    else:
        env["DATABASE_URL"] = fresh_postgres("jinlin_bench_insights")
        run([manage, "migrate", "-v", "0"], env)
        document = Path(f"/tmp/jinlin_bench_insights_{os.getpid()}.json")  # noqa: S108 - ours
        try:
            run(generate_argv(manage, document, offerings=args.offerings, needs=args.needs), env)
            seconds, _ = run([manage, "import_region", str(document)], env)
            print(f"imported {args.offerings} offerings, {args.needs} needs in {seconds:.1f} s")
        finally:
            document.unlink(missing_ok=True)
    subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--measure", "--rounds", str(args.rounds)],
        env=env,
        check=True,
    )


if __name__ == "__main__":
    main()
