"""The open needs partners may claim (认领), read once per process and kept fresh.

Ranking in reverse asks, for a partner's few offerings, which of the open needs they
could serve. Reading a need (its text vector and what it is about) costs far more than
scoring it, so this process keeps the open needs read, as the index keeps offerings:
two small queries tell whether needs changed since (their number and latest
update); only the needs added or edited since are read again, and everything is read
again when the index reads differently (a rebuilt category model, new district
examples).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from django.db.models import Max, QuerySet
from django.utils import timezone

from matching.facts import needs_facts
from needs.models import Need

if TYPE_CHECKING:
    from matching.engine.ranking import MatchIndex, NeedReadings


@dataclass(frozen=True)
class _Read:
    stamp: tuple[Any, ...]
    readings: NeedReadings
    updated: dict[str, dt.datetime]  # need code -> its updated_at when read


_read: _Read | None = None
_lock = threading.Lock()


def claimable_needs(today: dt.date | None = None) -> QuerySet[Need]:
    """Needs partners may claim: published, waiting for a partner (待对接), their
    window not over."""
    day = today or timezone.localdate()
    return Need.objects.filter(status=Need.Status.OPEN, window_end__gte=day)


def _stamp(today: dt.date) -> tuple[Any, ...]:
    """What moves when any need is added, edited or removed: their number and the latest
    update (two index lookups), and the day (a window may have closed)."""
    latest = Need.objects.aggregate(latest=Max("updated_at"))["latest"]
    return (today, Need.objects.count(), latest)


def open_need_readings(index: MatchIndex) -> NeedReadings:
    """The claimable needs as ``index`` reads them, from this process's copy when
    nothing changed (one query)."""
    global _read
    today = timezone.localdate()
    needs = claimable_needs(today)
    stamp = _stamp(today)
    current = _read
    if current is not None and current.stamp == stamp and index.reads_like(current.readings):
        return current.readings
    with _lock:
        current = _read
        if current is not None and current.stamp == stamp and index.reads_like(current.readings):
            return current.readings
        rows = list(needs.order_by("code").values_list("code", "updated_at"))
        reusable: dict[str, int] = {}
        if current is not None and index.reads_like(current.readings):
            position = {need.code: i for i, need in enumerate(current.readings.needs)}
            reusable = {
                code: position[code]
                for code, updated in rows
                if current.updated.get(code) == updated and code in position
            }
        fresh_codes = [code for code, _ in rows if code not in reusable]
        fresh = index.read_needs(
            needs_facts(Need.objects.filter(code__in=fresh_codes).order_by("code"))
            if fresh_codes
            else []
        )
        readings = _combine(index, current.readings if current else None, reusable, fresh)
        _read = _Read(stamp, readings, dict(rows))
        return readings


def _combine(
    index: MatchIndex,
    old: NeedReadings | None,
    reusable: dict[str, int],
    fresh: NeedReadings,
) -> NeedReadings:
    """The reusable rows of ``old`` and all of ``fresh``, in code order."""
    if old is None or not reusable:
        return fresh
    kept = np.asarray(sorted(reusable.values()), dtype=np.int64)
    needs = [old.needs[i] for i in kept] + list(fresh.needs)
    vectors = sp.csr_matrix(sp.vstack([old.vectors[kept], fresh.vectors], format="csr"))
    categories = np.vstack([old.categories[kept], fresh.categories])
    weights = np.vstack([old.weights[kept], fresh.weights])
    order = np.argsort([need.code for need in needs], kind="stable")
    return type(fresh)(
        reader=index,
        needs=tuple(needs[i] for i in order),
        vectors=vectors[order],
        categories=categories[order],
        weights=weights[order],
    )


def forget_readings() -> None:
    """Drop this process's read needs (for tests, whose transactions roll back)."""
    global _read
    with _lock:
        _read = None
