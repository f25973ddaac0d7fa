"""Write the human-readable service standard and catalogue (docs/service-standard.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partners.catalogue import service_standard_markdown

DEFAULT_OUTPUT = Path(__file__).resolve().parents[3] / "docs" / "service-standard.md"


class Command(BaseCommand):
    help = "Write the service standard and catalogue as Markdown, from partners/standard/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, default=DEFAULT_OUTPUT, help="file to write ('-': stdout)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = service_standard_markdown()
        output: Path = options["output"]
        if str(output) == "-":
            self.stdout.write(text, ending="")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {output}")
