"""Recording a change for the matching index, inside the writer's own transaction.

The writers of offerings, partners, capacity, reading examples and imports call
:func:`record_change`; every process's index (``matching.index``) reads the log from
the version it has and applies what changed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection

from django.db import transaction
from django.db.models import F

from changes.models import IndexChange, IndexState

# The one row of IndexState.
STATE_ID = 1
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
