"""``manage.py evaluate_matching --region FILE --labels FILE``: ranking quality.

Loads the region into a scratch database (a temporary SQLite file, migrated, filled
through the importer; never the configured database), builds the matching index from
it the way the server does, and prints nDCG@10 and P@1 of the engine beside two
baselines computed in the same run: BM25 over the offerings' text, and BM25 restricted
to the offerings that pass every hard rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from matching.scratch import in_scratch, read_labels, require_scratch, rerun_in_scratch


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
        if in_scratch():
            self._evaluate(region, read_labels(labels_path), options["k"])
            return
        read_labels(labels_path)  # reject bad labels before the slow part
        arguments = [f"--region={region.resolve()}", f"--labels={labels_path.resolve()}"]
        rerun_in_scratch(self, "evaluate_matching", [*arguments, f"--k={options['k']}"])

    def _evaluate(self, region: Path, labels: dict[str, dict[str, int]], k: int) -> None:
        require_scratch()
        from interchange.errors import InterchangeError
        from interchange.files import import_file
        from matching.engine.baselines import Bm25Baseline
        from matching.engine.metrics import ndcg_at_k, precision_at_1
        from matching.facts import load_offerings, load_standard, needs_facts
        from matching.index import current_index
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
