"""Load test: locust, headless, against gunicorn on loopback, PostgreSQL holding a
generated district (default 30,000 offerings and 5,000 needs).

    .venv/bin/python benchmarks/load/run.py [--users 50] [--run-time 60] [--max-requests 20000]

1. migrates the PostgreSQL database ``--database-url`` (default
   ``postgres://postgres@127.0.0.1:5432/jinlin_load``, created when missing) and, when
   it holds no offerings, imports ``generate_region(offerings, needs, seed=7)``;
2. makes the accounts the traffic signs in with (district administrators, members of
   the partners best placed to receive work) and writes their API tokens to a fixture;
3. starts gunicorn (config/gunicorn.conf.py) on a free loopback port and, with
   ``--broker-url`` (Redis), one Celery worker, so that the notification e-mails a
   dispatch or an acceptance sets off are sent beside the requests as in production
   rather than inside them (without a broker they run in-process, inside the request);
4. runs ``locust --headless`` with ``benchmarks/load/locustfile.py`` for at most
   ``--run-time`` seconds and ``--max-requests`` requests, then prints per endpoint and
   in total: requests, errors, p50, p95, p99 and requests per second, beside the target
   (p95 under 300 ms, no errors). Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/jinlin_load"
TARGET_P95_MS = 300


def ensure_database(url: str) -> None:
    import psycopg

    admin, _, name = url.rpartition("/")
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(args: argparse.Namespace, fixture: Path) -> dict[str, Any]:
    """Migrate, import the district when empty, make the accounts; write the fixture."""
    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from interchange.importer import import_document
    from matching.selectors import matches_for_many
    from needs.models import Need
    from partners.models import Community, Offering, Role
    from synthetic import generate_region
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not Offering.objects.exists():
        doc = generate_region(offerings=args.offerings, needs=args.needs, seed=7)
        import_document(doc)
        print(f"imported the district in {time.perf_counter() - started:.1f} s")
    district = Community.objects.filter(level=Community.Level.DISTRICT).first()
    if district is None:
        raise SystemExit("the database has no district")
    admins = []
    for n in range(5):
        user = UserFactory(username=f"load_district_admin_{n}")
        Role.objects.get_or_create(user=user, kind=Role.Kind.DISTRICT_ADMIN, community=district)
        admins.append(Token.objects.get_or_create(user=user)[0].key)
    # The partners best placed to receive work: first-ranked for the most open needs.
    started = time.perf_counter()
    open_needs = Need.objects.filter(status=Need.Status.OPEN).order_by("code")
    tops = [
        (r.need, r.matches[0].offering)
        for r in matches_for_many(needs=open_needs, limit=1)
        if r.matches
    ]
    partner_of = dict(
        Offering.objects.filter(code__in={o for _, o in tops}).values_list("code", "partner_id")
    )
    firsts = [(need, partner_of[offering]) for need, offering in tops]
    print(f"ranked every open need in {time.perf_counter() - started:.1f} s")
    counts: dict[int, int] = {}
    for _, partner_id in firsts:
        counts[partner_id] = counts.get(partner_id, 0) + 1
    chosen = sorted(counts, key=lambda p: (-counts[p], p))[: args.partners]
    partners = []
    for partner_id in chosen:
        user = UserFactory(username=f"load_partner_{partner_id}")
        Role.objects.get_or_create(user=user, kind=Role.Kind.PARTNER_MEMBER, partner_id=partner_id)
        partners.append(Token.objects.get_or_create(user=user)[0].key)
    dispatch_needs = [code for code, partner_id in firsts if partner_id in set(chosen)]
    need_codes = list(
        Need.objects.filter(status=Need.Status.OPEN).order_by("code").values_list("code", flat=True)
    )
    data = {
        "admin_tokens": admins,
        "partner_tokens": partners,
        "need_codes": need_codes,
        "dispatch_needs": dispatch_needs,
        "max_requests": args.max_requests,
    }
    fixture.write_text(json.dumps(data))
    print(
        f"district: {Offering.objects.count()} offerings, {Need.objects.count()} needs "
        f"({len(need_codes)} open); {len(admins)} administrators, {len(partners)} partner "
        f"accounts, {len(dispatch_needs)} needs to dispatch"
    )
    return data


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=300) as answer:  # noqa: S310 - loopback
        return int(answer.status)


def report(prefix: Path, seconds: float, command: list[str]) -> None:
    rows = list(csv.DictReader((prefix.parent / f"{prefix.name}_stats.csv").open()))
    print()
    print("command:", " ".join(command))
    header = f"{'endpoint':38} {'requests':>9} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7}"
    print(header + f" {'p99 ms':>7} {'req/s':>7}")
    for row in rows:
        name = f"{row['Type']} {row['Name']}" if row["Name"] != "Aggregated" else "all"
        print(
            f"{name[:38]:38} {row['Request Count']:>9} {row['Failure Count']:>7} "
            f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7} {float(row['Requests/s']):7.1f}"
        )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(
        f"\nload test: p95 {total['95%']} ms (target < {TARGET_P95_MS} ms), "
        f"p50 {total['50%']} ms, errors {total['Failure Count']} (target 0), "
        f"{float(total['Requests/s']):.1f} req/s over {seconds:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--offerings", type=int, default=30000)
    parser.add_argument("--needs", type=int, default=5000)
    parser.add_argument("--partners", type=int, default=20, help="partner accounts that accept")
    parser.add_argument("--users", type=int, default=50, help="concurrent locust users")
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--run-time", type=int, default=60, help="seconds, at most")
    parser.add_argument("--max-requests", type=int, default=20000, help="requests, at most")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument(
        "--broker-url",
        default=os.environ.get("CELERY_BROKER_URL", ""),
        help="redis://… : run tasks on a Celery worker (default: in-process)",
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("the load test runs on PostgreSQL: --database-url postgres://…")

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_URL")
    }
    if args.broker_url:
        env["CELERY_BROKER_URL"] = args.broker_url
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=args.database_url,
        DEBUG="false",
        SECRET_KEY="load-test-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    ensure_database(args.database_url)

    with tempfile.TemporaryDirectory(prefix="jinlin-load-") as tmp:
        fixture = Path(tmp) / "fixture.json"
        data = prepare(args, fixture)
        port = free_port()
        server_env = env | {
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_THREADS": str(args.threads),
            "GUNICORN_ACCESS_LOG": os.devnull,
            "GUNICORN_TIMEOUT": "300",
        }
        log = (Path(tmp) / "gunicorn.log").open("wb")
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        worker = None
        if args.broker_url:
            worker_log = (Path(tmp) / "worker.log").open("wb")
            worker = subprocess.Popen(  # noqa: S603 - our own celery, fixed arguments
                [str(BIN / "celery"), "-A", "config", "worker", "-c", "1", "-l", "warning"],
                cwd=ROOT,
                env=env,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
            )
        print(f"tasks: {'a Celery worker on ' + args.broker_url if worker else 'in-process'}")
        base = f"http://127.0.0.1:{port}"
        launched = time.perf_counter()
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    get(base + "/api/v1/categories/", data["admin_tokens"][0])
                    break
                except OSError as exc:
                    if server.poll() is not None or time.monotonic() > deadline:
                        logged = Path(log.name).read_text()
                        raise SystemExit(f"gunicorn did not start:\n{logged}") from exc
                    time.sleep(0.5)
            print(
                f"gunicorn answering (matching index ready before forking) after "
                f"{time.perf_counter() - launched:.1f} s"
            )
            warm = time.perf_counter()
            for code in data["need_codes"][: args.workers * 3]:
                get(f"{base}/api/v1/needs/{code}/matches/?limit=10", data["admin_tokens"][0])
            print(f"first rankings through the API in {time.perf_counter() - warm:.1f} s")

            prefix = Path(tmp) / "locust"
            command = [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "load" / "locustfile.py"),
                "--headless",
                "--host",
                base,
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "--run-time",
                f"{args.run_time}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ]
            started = time.perf_counter()
            subprocess.run(  # noqa: S603 - our own locust, fixed arguments
                command, cwd=ROOT, env=env | {"JINLIN_LOAD_FIXTURE": str(fixture)}, check=False
            )
            report(prefix, time.perf_counter() - started, ["benchmarks/load/run.py", *sys.argv[1:]])
        finally:
            for process in (server, worker):
                if process is None:
                    continue
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
            _show_failures(Path(log.name))


def _show_failures(log: Path) -> None:
    """Print what the server logged of any request that failed (its traceback), so that
    an error in the figures can be traced; the log itself goes with the run's folder."""
    lines = log.read_text(errors="replace").splitlines()
    failed = [i for i, line in enumerate(lines) if line.startswith("Traceback")]
    if failed:
        print(f"\nthe server logged {len(failed)} traceback(s); the first:")
        print("\n".join(lines[max(failed[0] - 3, 0) : failed[0] + 60]))


if __name__ == "__main__":
    main()
