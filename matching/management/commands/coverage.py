"""``manage.py coverage [--scope CODE] [--quarter Q] [--gaps-only] [--format table|json|csv]``."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from core.commands import BatchCommand
from core.errors import DomainError
from matching.allocation import find_scope
from matching.insights.coverage import coverage_report
from matching.insights.scope import insight_quarter
from partners.models import Community


class Command(BatchCommand):
    help = (
        "Coverage of an area in a quarter: for each community and service category, the need "
        "units open, the capacity left in offerings that can reach the community under the "
        "ranking's hard rules, and the gap; then the totals."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scope", metavar="CODE", help="district, street or community (default: the district)"
        )
        parser.add_argument("--quarter", metavar="2026Q4", help="default: this quarter")
        parser.add_argument("--gaps-only", action="store_true", help="only cells with a gap")
        parser.add_argument("--format", choices=("table", "json", "csv"), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["scope"]:
                scope = find_scope(options["scope"])
            else:
                scope = Community.objects.filter(level=Community.Level.DISTRICT).order_by("code")[0]
            quarter = insight_quarter(options["quarter"])
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        except IndexError:
            raise CommandError("no district in the database; give --scope") from None
        report = coverage_report(scope=scope, quarter=quarter)
        rows = report.rows(gaps_only=options["gaps_only"])
        if options["format"] == "json":
            # One row a line: a city's 100,000 rows are written by the C encoder, which
            # an indented dump of the whole list would not use; one encoder for them all.
            encode = json.JSONEncoder(ensure_ascii=False).encode
            lines = ",\n".join(encode(row) for row in rows)
            self.stdout.write(f"[\n{lines}\n]")
            return
        if options["format"] == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(list(rows[0]) if rows else [])
            writer.writerows([list(row.values()) for row in rows])
            return
        self.stdout.write(f"{scope.name} ({scope.code}) {quarter}")
        self.stdout.write(
            f"{'community':<16}{'category':<22}{'need':>6}{'reach':>7}{'gap':>6}{'partners':>10}"
        )
        for row in rows:
            if row["need_units"] or row["gap"] or options["gaps_only"]:
                self.stdout.write(
                    f"{row['community']!s:<16}{row['category']!s:<22}{row['need_units']:>6}"
                    f"{row['reachable_capacity']:>7}{row['gap']:>6}{row['partners']:>10}"
                )
        cells = report.cells
        needed = [c for c in cells if c.need_units]
        gaps = report.gaps()
        self.stdout.write(
            f"communities {len(report.communities)}, categories {len(report.categories)}, "
            f"cells with need {len(needed)}, cells with a gap {len(gaps)}; "
            f"need units {sum(c.need_units for c in cells)}, "
            f"units covered {sum(min(c.need_units, c.reachable_capacity) for c in cells)}, "
            f"gap units {sum(c.gap for c in gaps)}, "
            f"communities with a gap {len({c.community for c in gaps})}"
        )
