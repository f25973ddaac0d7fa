"""``manage.py export_region [--scope CODE] [--output FILE]``: bulk export of a region."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import DomainError
from interchange.exporter import export_document
from interchange.workbook import write_workbook
from partners import services
from partners.models import AuditEvent, Community


class Command(BaseCommand):
    help = "Export the region (or one community's subtree) as a jinlin-interchange/1 document."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", help="a community code: export only what lies under it")
        parser.add_argument(
            "--output",
            help="file to write: JSON (UTF-8), or an Excel workbook when it ends in .xlsx; "
            "standard output if absent",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            doc = export_document(scope=options["scope"])
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self._audit(doc, options["scope"], options["output"])
        output = options["output"]
        if output and output.lower().endswith(".xlsx"):
            Path(output).write_bytes(write_workbook(doc))
            return
        text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
        if output:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

    def _audit(self, doc: dict[str, Any], scope: str | None, output: str | None) -> None:
        # The export holds contact names, phones and addresses unmasked: recorded with
        # who ran it on the server, when, over which scope and how many records.
        services.audit_event_record(
            actor=None,
            actor_name=f"{getpass.getuser()} (manage.py export_region)",
            action=AuditEvent.Action.EXPORT,
            what=f"export_region → {output or 'stdout'}",
            scope=Community.objects.filter(code=scope).first() if scope else None,
            personal_data=True,
            detail={k: len(v) for k, v in doc.items() if isinstance(v, list)},
        )
