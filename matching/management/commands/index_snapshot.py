"""``manage.py index_snapshot [--list]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from matching.index import snapshot_current


class Command(BaseCommand):
    help = (
        "Save the matching index of the current data as a snapshot in INDEX_SNAPSHOT_DIR, "
        "which every web and Celery process then opens instead of building its own (run it "
        "after an import, before starting the workers). With --list, check the snapshots "
        "there against their manifests and list them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", help="list and check the saved snapshots"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root = settings.INDEX_SNAPSHOT_DIR
        if root is None:
            raise CommandError("Snapshots are off: INDEX_SNAPSHOT_DIR is empty.")
        if options["list"]:
            self._list(Path(root))
            return
        path = snapshot_current()
        if path is None:
            raise CommandError(
                "Nothing recorded yet: import a district or make a change first, so the "
                "data has a version to name the snapshot by."
            )
        from matching.engine.snapshot import disk_bytes

        self.stdout.write(f"{path} ({disk_bytes(path) / 2**20:.1f} MiB)")

    def _list(self, root: Path) -> None:
        from matching.engine import snapshot

        found = (
            sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
            if root.is_dir()
            else []
        )
        if not found:
            self.stdout.write(f"no snapshot in {root}")
        for path in found:
            try:
                snapshot.verify(path)
                state = "sound"
            except snapshot.SnapshotError as error:
                state = f"corrupt: {error}"
            self.stdout.write(f"{path.name}  {snapshot.disk_bytes(path) / 2**20:8.1f} MiB  {state}")
