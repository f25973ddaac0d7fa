"""``manage.py read_need "TEXT" [--district CODE] [--format table|json]``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matching.selectors import read_text, reading_payload


class Command(BaseCommand):
    help = (
        "How the engine reads a need's text: the three likeliest categories with calibrated "
        "probabilities, the delivery modes and beneficiary groups it implies, and whether it "
        "is confident (the same reading as the need form and GET /api/v1/categories/suggest/)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="the need's title and description")
        parser.add_argument(
            "--district", help="read with this district's confirmed examples (a place code)"
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        text = str(options["text"]).strip()
        if not text:
            raise CommandError("Give the text to read.")
        payload = reading_payload(read_text(text, district=options["district"]))
        if options["format"] == "json":
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        verdict = "confident" if payload["confident"] else "unsure: pick among these"
        self.stdout.write(f"{text}\n{verdict}")
        for rank, g in enumerate(payload["categories"], start=1):
            self.stdout.write(f"{rank}  {g['probability']:6.1%}  {g['code']:<24} {g['name']}")
        self.stdout.write(f"modes: {', '.join(payload['modes']) or '-'}")
        self.stdout.write(f"beneficiaries: {', '.join(payload['beneficiaries']) or '-'}")
