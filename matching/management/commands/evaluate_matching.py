"""``manage.py evaluate_matching --region FILE --labels FILE``: ranking quality.

Loads the region into a scratch database (a temporary SQLite file, migrated, filled
through the importer; never the configured database), builds the matching index from
it the way the server does, and prints nDCG@10 and P@1 of the engine beside two
baselines computed in the same run: BM25 over the offerings' text, and BM25 restricted
to the offerings that pass every hard rule.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

# Set (to the scratch file's path) only for the child process that does the work.
SCRATCH_ENV = "JINLIN_EVALUATION_SCRATCH"


def _read_labels(path: Path) -> dict[str, dict[str, int]]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"--labels {path}: cannot read: {exc}") from None
    if not isinstance(raw, dict):
        raise CommandError(f"--labels {path}: expected an object of need code → grades")
    labels: dict[str, dict[str, int]] = {}
    for need, grades in raw.items():
        if not isinstance(grades, dict) or not all(
            isinstance(g, int) and not isinstance(g, bool) and 0 <= g <= 3 for g in grades.values()
        ):
            raise CommandError(
                f"--labels {path}: {need}: expected an object of offering code → grade 0..3"
            )
        labels[need] = {str(k): int(v) for k, v in grades.items()}
    return labels


class Command(BaseCommand):
    help = (
        "Measure ranking quality (nDCG@10, P@1) of the engine and of BM25 on a labelled "
        "region, loaded into a scratch database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="a jinlin-interchange/1 document")
        parser.add_argument("--labels", required=True, help="{need: {offering: grade 0..3}}")
        parser.add_argument("--k", type=int, default=10, help="cut-off of nDCG (default 10)")

    def handle(self, *args: Any, **options: Any) -> None:
        region, labels_path = Path(options["region"]), Path(options["labels"])
        for flag, path in (("--region", region), ("--labels", labels_path)):
            if not path.is_file():
                raise CommandError(f"{flag} {path}: no such file")
        if os.environ.get(SCRATCH_ENV):
            self._evaluate(region, _read_labels(labels_path), options["k"])
            return
        _read_labels(labels_path)  # reject bad labels before the slow part
        self._run_in_scratch(region, labels_path, options["k"])

    def _run_in_scratch(self, region: Path, labels: Path, k: int) -> None:
        with tempfile.TemporaryDirectory(prefix="jinlin-evaluation-") as tmp:
            scratch = Path(tmp) / "scratch.sqlite3"
            env = {
                key: value
                for key, value in os.environ.items()
                if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
            }
            env.update({"DATABASE_URL": f"sqlite:///{scratch}", SCRATCH_ENV: str(scratch)})
            argv = [
                sys.executable,
                str(Path(settings.BASE_DIR) / "manage.py"),
                "evaluate_matching",
                f"--region={region.resolve()}",
                f"--labels={labels.resolve()}",
                f"--k={k}",
            ]
            done = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
                argv, env=env, capture_output=True, text=True, check=False
            )
            self.stdout.write(done.stdout, ending="")
            if done.returncode != 0:
                self.stderr.write(done.stderr, ending="")
                raise CommandError(f"evaluation failed (status {done.returncode})")

    def _evaluate(self, region: Path, labels: dict[str, dict[str, int]], k: int) -> None:
        scratch = os.environ[SCRATCH_ENV]
        if str(settings.DATABASES["default"]["NAME"]) != scratch:
            raise CommandError("the evaluation runs only on its own scratch database")
        from matching.engine.baselines import Bm25Baseline
        from matching.engine.metrics import ndcg_at_k, precision_at_1
        from matching.facts import load_offerings, load_standard, needs_facts
        from matching.index import current_index
        from needs.interchange import InterchangeError, import_file
        from needs.models import Need

        call_command("migrate", verbosity=0, interactive=False)
        try:
            import_file(str(region))
        except InterchangeError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"--region {region}: rejected: {len(exc.problems)} problem(s)"
            ) from None
        graded = {need: g for need, g in labels.items() if any(v > 0 for v in g.values())}
        needs = needs_facts(Need.objects.filter(code__in=graded).order_by("code"))
        missing = sorted(set(graded) - {n.code for n in needs})
        if missing:
            raise CommandError(
                f"--labels: {len(missing)} need code(s) not in the region, e.g. {missing[0]!r}"
            )
        index = current_index()
        bm25 = Bm25Baseline(load_offerings(), load_standard())
        # Labels judge the need's own window, so the engine is not told today's date.
        rankings = {
            r.need: [m.offering for m in r.matches] for r in index.rank_many(needs, limit=k)
        }
        systems: dict[str, dict[str, list[str]]] = {
            "engine": rankings,
            "bm25": {n.code: bm25.rank(n, limit=k) for n in needs},
            "bm25 + hard rules": {
                n.code: bm25.rank(n, limit=k, only=index.eligible(n)) for n in needs
            },
        }
        self.stdout.write(f"{len(needs)} needs with at least one graded offering")
        self.stdout.write(f"{'system':<18} {f'nDCG@{k}':>8} {'P@1':>6}")
        for name, ranked in systems.items():
            ndcg = sum(ndcg_at_k(ranked[n.code], graded[n.code], k=k) for n in needs)
            p1 = sum(precision_at_1(ranked[n.code], graded[n.code]) for n in needs)
            count = max(len(needs), 1)
            self.stdout.write(f"{name:<18} {ndcg / count:>8.3f} {p1 / count:>6.3f}")
