"""``manage.py load_demo``: the demo district, its accounts and a few projects."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from interchange.demo import load_demo
from interchange.errors import InterchangeError


class Command(BaseCommand):
    help = (
        "Load the demo district (partners of every kind, offerings in every category, "
        "liaison meetings, open needs), one account per role and a few projects, its "
        "work in the quarter it is loaded in and its needs current that day. Running it "
        "again adds nothing; on a later day, the needs' windows move on with it."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_demo()
        except InterchangeError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError("the demo district did not import; nothing written") from None
        for kind, counts in summary.report.by_kind().items():
            self.stdout.write(
                f"  {kind:<12} created {counts.created:>5}  updated {counts.updated:>5}"
                f"  unchanged {counts.unchanged:>5}"
            )
        self.stdout.write(f"  {'projects':<12} {summary.projects}")
        self.stdout.write(
            f"{len(summary.accounts)} demo accounts; list them with: manage.py demo_accounts"
        )
