"""``manage.py match (--need CODE | --all [--scope CODE]) [--limit 10] [--format jsonl|table]``;
``manage.py match --all --format jsonl --spread``: street by street on the workers."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from core.commands import BatchCommand
from matching.batches import city_suggestions, collected, suggestion_lines
from matching.engine.types import Ranking
from matching.presenters import ranking_line
from matching.selectors import matches_for, matches_for_many
from needs.models import Need
from partners.models import Community
from partners.selectors import community_subtree_ids


class Command(BatchCommand):
    help = (
        "Rank offerings for one need (--need CODE) or for every open need (--all, "
        "optionally under --scope CODE), best first, with their reasons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--need", metavar="CODE", help="the need's code")
        which.add_argument("--all", action="store_true", help="every open need")
        parser.add_argument(
            "--scope", metavar="CODE", help="with --all: only needs under this community code"
        )
        parser.add_argument("--limit", type=int, default=10, help="offerings per need (default 10)")
        parser.add_argument("--format", choices=("jsonl", "table"), default="table")
        parser.add_argument(
            "--spread",
            action="store_true",
            help=(
                "with --all --format jsonl: rank street by street on the Celery workers "
                "(in this process without a broker)"
            ),
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=settings.BATCH_PROCESSES,
            help=(
                "with --all: rank over this many processes of this machine "
                f"(default BATCH_PROCESSES, here {settings.BATCH_PROCESSES})"
            ),
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=3600,
            help="with --spread: seconds to wait for the workers (default 3600)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if limit < 1:
            raise CommandError(f"--limit: expected 1 or more, got {limit}")
        if options["processes"] < 1:
            raise CommandError(f"--processes: expected 1 or more, got {options['processes']}")
        if options["spread"]:
            self._spread(options)
            return
        if options["need"] is not None:
            if options["scope"] is not None:
                raise CommandError("--scope goes with --all, not with --need")
            need = (
                Need.objects.select_related("community")
                .prefetch_related("tags")
                .filter(code=options["need"])
                .first()
            )
            if need is None:
                raise CommandError(f"--need: unknown need code {options['need']!r}")
            rankings = [matches_for(need=need, limit=limit)]
        else:
            needs = Need.objects.filter(status=Need.Status.OPEN).order_by("code")
            if options["scope"] is not None:
                root = Community.objects.filter(code=options["scope"]).first()
                if root is None:
                    raise CommandError(f"--scope: unknown community code {options['scope']!r}")
                needs = needs.filter(community_id__in=community_subtree_ids([root.pk]))
            if options["format"] == "jsonl":
                for line in suggestion_lines(
                    needs=needs, limit=limit, processes=options["processes"]
                ):
                    self.stdout.write(line)
                return
            rankings = matches_for_many(needs=needs, limit=limit, processes=options["processes"])
        if options["format"] == "jsonl":
            for ranking in rankings:
                self.stdout.write(ranking_line(ranking))
        else:
            self._table(rankings)

    def _spread(self, options: dict[str, Any]) -> None:
        """Every open need's suggestions from the workers, street by street, written in
        need order as the single process writes them."""
        if not options["all"] or options["scope"] is not None or options["format"] != "jsonl":
            raise CommandError("--spread goes with --all and --format jsonl, without --scope")
        parts = collected(city_suggestions(limit=options["limit"]), options["timeout"])
        # Each part is its street's lines, already written as JSON by its worker: they
        # are put in need order, not read again.
        for _need, line in sorted((pair for part in parts for pair in part), key=itemgetter(0)):
            self.stdout.write(line)

    def _table(self, rankings: list[Ranking]) -> None:
        heading = ("need", "#", "offering", "partner", "score")
        self.stdout.write("{:<16} {:>3} {:<16} {:<16} {:>6}  why".format(*heading))
        for ranking in rankings:
            if not ranking.matches:
                self.stdout.write(f"{ranking.need:<16} {'-':>3} 无可推荐资源 (none qualifies)")
            for position, m in enumerate(ranking.matches, start=1):
                top = sorted(m.reasons, key=lambda r: -r.share)[:3]
                why = "；".join(r.text_zh for r in top)
                self.stdout.write(
                    f"{ranking.need:<16} {position:>3} {m.offering:<16} {m.partner:<16} "
                    f"{m.score:>6.3f}  {why}"
                )
