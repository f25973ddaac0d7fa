"""Benchmark: importing a generated district into an empty database.

Generates a district (default 30,000 offerings and 5,000 needs), then, for SQLite and
(when reachable) PostgreSQL, migrates a fresh database and times
``manage.py import_region`` in a child process, printing wall time and the child's
peak memory. A second import of the same file (nothing to change) is timed too.

    .venv/bin/python benchmarks/import_region.py [--offerings 30000] [--needs 5000]

Prints figures only; nothing here passes or fails on time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.children import (  # noqa: E402 - after making the checkout importable
    fresh_postgres,
    generate_argv,
    postgres_available,
    run,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offerings", type=int, default=30_000)
    parser.add_argument("--needs", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    base_env.pop("CELERY_BROKER_URL", None)
    manage = str(ROOT / "manage.py")
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "district.json"
        secs, _ = run(
            generate_argv(manage, doc, offerings=args.offerings, needs=args.needs, seed=args.seed),
            base_env,
        )
        print(f"generated {args.offerings} offerings, {args.needs} needs in {secs:.1f} s")
        targets = [("SQLite", f"sqlite:///{tmp}/bench.sqlite3")]
        if postgres_available():
            targets.append(("PostgreSQL", fresh_postgres("jinlin_bench_import")))
        else:
            print("PostgreSQL not reachable on 127.0.0.1:5432: measured on SQLite only")
        header = ("database", "import s", "peak MiB", "re-import s", "of 60 s")
        print("{:<11} {:>9} {:>9} {:>12} {:>8}".format(*header))
        for label, url in targets:
            env = {**base_env, "DATABASE_URL": url}
            run([manage, "migrate", "-v", "0"], env)
            first, peak = run([manage, "import_region", str(doc)], env)
            again, _ = run([manage, "import_region", str(doc)], env)
            print(f"{label:<11} {first:>9.1f} {peak:>9.0f} {again:>12.1f} {first / 60:>8.0%}")


if __name__ == "__main__":
    main()
