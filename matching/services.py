"""Writes of the matching: recording what changed for the index, and the nightly round.

Keyword-only and typed like every service. The writers of offerings, partners,
capacity and imports call :func:`record_change` inside their own transaction; each
process's index applies the change on its next read, so pages and the API rank live.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from matching.index import STATE_ID
from matching.models import IndexChange, IndexState

# How long the change log is kept; a process further behind rebuilds its index whole.
CHANGES_KEPT = dt.timedelta(days=7)


def record_change(
    *,
    offerings: Collection[str] = (),
    partners: Collection[str] = (),
    capacity: Collection[str] = (),
    everything: bool = False,
    examples: bool = False,
) -> int:
    """Record that the offerings, partners or capacity with these codes changed, that
    the districts' reading examples changed (``examples``), or, with ``everything``,
    that the whole index must be rebuilt; return the new version.

    Call it inside the transaction that makes the change: the version and the log row
    commit with it, so other processes see both or neither. Locks the one
    :class:`IndexState` row (by updating it) until that transaction ends, so versions
    become visible in the order they were given; three queries once the row exists.
    """
    with transaction.atomic(savepoint=False):
        state = IndexState.objects.filter(pk=STATE_ID)
        # The UPDATE takes the row's lock, held until the caller's transaction ends.
        if not state.update(version=F("version") + 1):
            IndexState.objects.bulk_create(
                [IndexState(pk=STATE_ID, epoch=uuid.uuid4().hex)], ignore_conflicts=True
            )
            state.update(version=F("version") + 1)
        version = int(state.values_list("version", flat=True).get())
        IndexChange.objects.create(
            version=version,
            offerings=sorted(set(offerings)),
            partners=sorted(set(partners)),
            capacity=sorted(set(capacity)),
            everything=everything,
            examples=examples,
        )
    return version


def matching_nightly() -> int:
    """The nightly round: forget changes older than :data:`CHANGES_KEPT` and rebuild
    every process's index (partners' load and reliability move with time, and a
    process further behind than the log rebuilds anyway). Returns the new version."""
    IndexChange.objects.filter(created_at__lt=timezone.now() - CHANGES_KEPT).delete()
    with transaction.atomic():
        return record_change(everything=True)
