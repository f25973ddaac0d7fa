"""``manage.py evaluate_allocation --region FILE --labels FILE --quarter 2026Q4``: plan quality.

Loads the region into a scratch database (a temporary SQLite file, migrated, filled
through the importer; never the configured database), plans the quarter for the whole
region (or ``--scope``) the way ``allocate`` does, and compares the plan's graded
value with the best value the same capacities allow.

- graded value: the sum over the plan's assignments of grade × quantity (the labels'
  grade 0..3; unlisted pairs are 0);
- best value: the same flow within the same capacities, kept pairings and excluded
  pairs, with every graded pair a candidate weighted by its true grade and no load
  spreading, so it maximises the graded value exactly. Priority-weighted figures
  (grade × quantity × priority weight, both plans maximising that) are printed beside.

``--capacity-scale 0.25`` shrinks every offering's capacity left, to see the plan
where capacity, not ranking, is what limits it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from matching.engine.allocation import Assignment
from matching.scratch import in_scratch, read_labels, require_scratch, rerun_in_scratch


class Command(BaseCommand):
    help = (
        "Measure the allocation's graded value against the best plan the same capacities "
        "allow, on a labelled region loaded into a scratch database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="a jinlin-interchange/1 document")
        parser.add_argument("--labels", required=True, help="{need: {offering: grade 0..3}}")
        parser.add_argument("--quarter", required=True, help="e.g. 2026Q4")
        parser.add_argument("--scope", help="area code (default: the region's district)")
        parser.add_argument(
            "--capacity-scale",
            type=float,
            default=1.0,
            help="multiply every offering's capacity left (default 1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        region, labels_path = Path(options["region"]), Path(options["labels"])
        for flag, path in (("--region", region), ("--labels", labels_path)):
            if not path.is_file():
                raise CommandError(f"{flag} {path}: no such file")
        if not 0 < options["capacity_scale"] <= 100:
            raise CommandError(
                f"--capacity-scale: expected 0 < x <= 100, got {options['capacity_scale']}"
            )
        from core.errors import DomainError
        from matching.allocation import parse_quarter

        try:
            parse_quarter(options["quarter"])
        except DomainError as exc:
            raise CommandError(f"--quarter: {exc.message}") from None
        if in_scratch():
            self._evaluate(region, read_labels(labels_path), options)
            return
        read_labels(labels_path)  # reject bad labels before the slow part
        arguments = [
            f"--region={region.resolve()}",
            f"--labels={labels_path.resolve()}",
            f"--quarter={options['quarter']}",
            f"--capacity-scale={options['capacity_scale']}",
        ]
        if options["scope"]:
            arguments.append(f"--scope={options['scope']}")
        rerun_in_scratch(self, "evaluate_allocation", arguments)

    def _evaluate(
        self, region: Path, labels: dict[str, dict[str, int]], options: dict[str, Any]
    ) -> None:
        require_scratch()
        from core.errors import DomainError
        from interchange.errors import InterchangeError
        from interchange.files import import_file
        from matching.allocation import (
            allocation_inputs,
            engine_settings,
            find_scope,
            parse_quarter,
        )
        from matching.engine.allocation import allocate, best_plan_by_grades, graded_value
        from partners.models import Community

        call_command("migrate", verbosity=0, interactive=False)
        try:
            import_file(str(region))
        except InterchangeError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"--region {region}: rejected: {len(exc.problems)} problem(s)"
            ) from None
        code = options["scope"] or (
            Community.objects.filter(level="district")
            .order_by("code")
            .values_list("code", flat=True)
            .first()
        )
        try:
            scope = find_scope(str(code))
        except DomainError as exc:
            raise CommandError(f"--scope: {exc.message}") from None
        quarter = parse_quarter(options["quarter"])
        engine = engine_settings()
        # As of the quarter's first day, as the labels judge it: the figures do not
        # depend on the day the evaluation runs.
        inputs = allocation_inputs(scope=scope, quarter=quarter, as_of=quarter.start)
        scale = options["capacity_scale"]
        supplies = [replace(s, capacity=int(s.capacity * scale)) for s in inputs.supplies]
        demands, kept, excluded = inputs.demands, inputs.kept, inputs.excluded
        plan = allocate(
            demands=demands,
            supplies=supplies,
            rankings=inputs.candidates,
            kept=kept,
            excluded=excluded,
            settings=engine,
        )
        best = best_plan_by_grades(
            demands=demands, supplies=supplies, grades=labels, kept=kept, excluded=excluded
        )
        weights = dict(engine.priority_weights)
        best_weighted = best_plan_by_grades(
            demands=demands,
            supplies=supplies,
            grades=labels,
            kept=kept,
            excluded=excluded,
            priority_weights=weights,
        )
        priority = {d.need: weights[d.priority] for d in inputs.demands}

        def weighted(assignments: Iterable[Assignment]) -> float:
            return sum(
                a.quantity * labels.get(a.need, {}).get(a.offering, 0) * priority[a.need]
                for a in assignments
            )

        value, optimum = (
            graded_value(plan.assignments, labels),
            graded_value(best.assignments, labels),
        )
        w_value, w_optimum = weighted(plan.assignments), weighted(best_weighted.assignments)
        units = sum(d.quantity for d in inputs.demands)
        write = self.stdout.write
        write(
            f"{scope.code} {quarter}: {len(inputs.demands)} needs, {units} units asked, "
            f"capacity x{scale:g}"
        )
        write(
            f"plan: {sum(a.quantity for a in plan.assignments)} units assigned; unfilled needs "
            f"by reason: {dict(Counter(u.reason for u in plan.unfilled))}"
        )
        write(
            f"best: {sum(a.quantity for a in best.assignments)} units assigned; unfilled needs "
            f"by reason: {dict(Counter(u.reason for u in best.unfilled))}"
        )
        write(f"{'':<28} {'plan':>8} {'best':>8} {'ratio':>6}")
        ratio = _ratio(value, optimum)
        write(f"{'graded value (grade x qty)':<28} {value:>8} {optimum:>8} {ratio:>6}")
        write(
            f"{'priority-weighted value':<28} {w_value:>8.1f} {w_optimum:>8.1f} "
            f"{_ratio(w_value, w_optimum):>6}"
        )


def _ratio(value: float, best: float) -> str:
    return f"{value / best:.3f}" if best else "n/a"
