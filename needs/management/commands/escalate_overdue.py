"""Tell street administrators of what passed a promised time (限时办结), as the hourly
scheduled task does; for set-ups without celery beat (the embedded default) or cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from needs.services.deadlines import overdue_escalate


class Command(BaseCommand):
    help = "Notify street administrators of overdue needs and requests (once each)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = overdue_escalate()
        self.stdout.write(f"{sent} notice(s) sent")
