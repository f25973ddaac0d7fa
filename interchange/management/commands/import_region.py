"""``manage.py import_region FILE [--dry-run]``: bulk import of a region."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interchange.errors import InterchangeError
from interchange.files import import_file


class Command(BaseCommand):
    help = (
        "Import a jinlin-interchange/1 document (.json) or workbook (.xlsx): creates or "
        "updates records by code. A file with any problem is rejected whole."
    )
    # Django's system checks import every view module of the site: 82 MiB a city's
    # import holds to its end, and nothing it uses (``manage.py check`` checks them).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .json document or an .xlsx workbook")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_file(options["file"], dry_run=options["dry_run"])
        except FileNotFoundError:
            raise CommandError(f"{options['file']}: no such file") from None
        except InterchangeError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{options['file']} rejected, nothing written: {len(exc.problems)} problem(s)"
            ) from None
        heading = "dry run, nothing written" if report.dry_run else "imported"
        self.stdout.write(f"{options['file']}: {heading}")
        for kind, counts in report.by_kind().items():
            self.stdout.write(
                f"  {kind:<12} created {counts.created:>6}  updated {counts.updated:>6}"
                f"  unchanged {counts.unchanged:>6}"
            )
