"""``manage.py demo_accounts [--format table|json]``: who can log into the demo."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interchange.demo import demo_accounts
from partners.models import Community


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "List the demo accounts (after load_demo): username, password, role and scope."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("table", "json"), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            accounts = demo_accounts()
        except Community.DoesNotExist:
            raise CommandError("no demo district yet: run manage.py load_demo first") from None
        if options["format"] == "json":
            rows = [
                {"username": a.username, "password": a.password, "role": a.role, "scope": a.scope}
                for a in accounts
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        header = ("username", "password", "role", "scope", "name")
        table = [header] + [
            (a.username, a.password, a.role, a.scope or "—", a.display_name) for a in accounts
        ]
        widths = [max(_width(row[i]) for row in table) for i in range(len(header))]
        for n, row in enumerate(table):
            line = "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
