"""``manage.py allocate --scope CODE --quarter 2026Q4 [--format json|table] [--commit]``."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser

from core.commands import BatchCommand
from core.errors import DomainError
from matching.allocation import (
    allocation_commit,
    allocation_plan,
    find_scope,
    parse_quarter,
    plan_json,
    plan_payload,
)


def _pair(text: str) -> tuple[str, str]:
    need, sep, offering = text.partition(":")
    if not sep or not need or not offering:
        raise CommandError(f"--exclude: expected NEED:OFFERING, got {text!r}")
    return need, offering


class Command(BatchCommand):
    help = (
        "Plan the quarter for an area: which offerings serve which open needs within "
        "capacity, and why needs stay unfilled. --commit turns the plan into proposed "
        "projects."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scope", required=True, metavar="CODE", help="district, street or community"
        )
        parser.add_argument("--quarter", required=True, help="e.g. 2026Q4")
        parser.add_argument("--format", choices=("table", "json"), default="table")
        parser.add_argument(
            "--exclude",
            action="append",
            default=[],
            metavar="NEED:OFFERING",
            help="never pair these (repeatable)",
        )
        parser.add_argument(
            "--commit", action="store_true", help="create the plan's projects (status proposed)"
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=settings.BATCH_PROCESSES,
            help=(
                "read and rank the needs over this many processes of this machine "
                f"(default BATCH_PROCESSES, here {settings.BATCH_PROCESSES})"
            ),
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="with --commit: who creates the projects (default: the first superuser)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        exclude = [_pair(text) for text in options["exclude"]]
        if options["processes"] < 1:
            raise CommandError(f"--processes: expected 1 or more, got {options['processes']}")
        try:
            scope = find_scope(options["scope"])
            quarter = parse_quarter(options["quarter"])
        except DomainError as exc:
            field = next(iter(exc.fields), "")
            raise CommandError(f"--{field}: {exc.message}" if field else exc.message) from None
        actor = self._actor(options["user"]) if options["commit"] else None

        plan = allocation_plan(
            scope=scope, quarter=quarter, exclude=exclude, processes=options["processes"]
        )
        created = []
        if actor is not None:
            try:
                created = allocation_commit(
                    actor=actor, quarter=quarter, payload=plan_payload(plan)
                )
            except DomainError as exc:
                raise CommandError(f"--commit: {exc.message}") from None

        if options["format"] == "json":
            text = plan_json(plan)
            if options["commit"]:
                # plan_payload(plan) with "projects" last, as json.dumps would write it.
                text = f'{text[:-1]}, "projects": {json.dumps([p.pk for p in created])}}}'
            self.stdout.write(text)
            return
        self._table(plan_payload(plan))
        if options["commit"]:
            self.stdout.write(
                f"已创建 {len(created)} 个拟对接项目 / {len(created)} projects proposed"
            )

    def _actor(self, username: str | None) -> Any:
        users = get_user_model().objects.filter(is_active=True)
        if username is not None:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"--user: no active user {username!r}")
            return user
        user = users.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError("--commit: no superuser to create the projects; pass --user")
        return user

    def _table(self, payload: dict[str, Any]) -> None:
        write = self.stdout.write
        write(f"{'need':<16} {'offering':<16} {'qty':>4} {'score':>6}  reasons")
        for a in payload["assignments"]:
            top = "，".join(r["text_zh"] for r in a["reasons"][:3])
            kept = " (已对接)" if a["kept"] else ""
            write(
                f"{a['need']:<16} {a['offering']:<16} {a['quantity']:>4} {a['score']:>6.3f}  "
                f"{top}{kept}"
            )
        if payload["unfilled"]:
            write("")
            write(f"{'unfilled need':<16} {'missing':>7}  reason")
            for u in payload["unfilled"]:
                write(f"{u['need']:<16} {u['missing']:>7}  {u['reason']}: {u['text_zh']}")
        write("")
        write(f"objective {payload['objective']}")
