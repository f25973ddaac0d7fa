"""Writes of the matching: the nightly round. Recording what changed for the index is
``changes.log.record_change``, called by every writer inside its own transaction; each
process's index applies the change on its next read, so pages and the API rank live.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from changes.log import CHANGES_KEPT, record_change
from changes.models import IndexChange


def matching_nightly() -> int:
    """The nightly round: forget changes older than :data:`CHANGES_KEPT` and rebuild
    every process's index (partners' load and reliability move with time, and a
    process further behind than the log rebuilds anyway). Returns the new version."""
    IndexChange.objects.filter(created_at__lt=timezone.now() - CHANGES_KEPT).delete()
    with transaction.atomic():
        return record_change(everything=True)
