"""``manage.py generate_region --offerings N --needs M --seed S --output FILE``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from synthetic import generate_region


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Write a synthetic district as a jinlin-interchange/1 JSON document. The same "
        "arguments always give the same file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--offerings", type=_non_negative, required=True)
        parser.add_argument("--needs", type=_non_negative, required=True)
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument(
            "--partners", type=_non_negative, default=None, help="default: offerings / 1.7"
        )
        parser.add_argument("--prefix", default="GEN", help="code prefix, also the district code")
        parser.add_argument("--output", required=True, help="file to write ('-' for stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            doc = generate_region(
                offerings=options["offerings"],
                needs=options["needs"],
                seed=options["seed"],
                partners=options["partners"],
                prefix=options["prefix"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        text = json.dumps(doc, ensure_ascii=False, indent=1)
        if options["output"] == "-":
            self.stdout.write(text)
            return
        Path(options["output"]).write_text(text + "\n", encoding="utf-8")
        counts = ", ".join(f"{len(doc[k])} {k}" for k in doc if isinstance(doc[k], list))
        self.stdout.write(f"{options['output']}: {counts}")
