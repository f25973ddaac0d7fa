"""The process-wide matching index, always fresh.

Every server process and Celery worker keeps its own :class:`MatchIndex` in memory.
Writes that change what the engine sees (offerings, partners, capacity, imports) call
:func:`matching.services.record_change`, which bumps one version counter in the
database and logs what changed, in the writer's transaction. :func:`current_index`
reads that counter (one small query) and, when it moved, applies the logged changes
to its index through the engine's ``with_offerings`` / ``with_partners`` /
``with_capacity`` / ``with_examples`` (the districts' reading examples), or rebuilds
it whole after a bulk import, when the log no longer reaches back far enough, or
when a new quarter begins (capacity is per quarter).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from changes.log import STATE_ID
from changes.models import IndexChange, IndexState
from matching import facts
from matching.engine.quarters import Quarter

if TYPE_CHECKING:
    from matching.engine.ranking import MatchIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Loaded:
    index: MatchIndex
    epoch: str
    version: int
    quarter: Quarter


_loaded: _Loaded | None = None
_lock = threading.Lock()


def index_state() -> tuple[str, int]:
    """The committed (epoch, version) of the matching data; ("", 0) before any write."""
    row = IndexState.objects.filter(pk=STATE_ID).values_list("epoch", "version").first()
    return (row[0], int(row[1])) if row is not None else ("", 0)


def build_index() -> MatchIndex:
    """A new index of every offering and partner in the database."""
    # Imported here: the engine brings numpy and the Chinese segmenter, which commands
    # that never rank (migrate, import_region) need not load.
    from matching.engine.ranking import MatchIndex

    started = time.perf_counter()
    index = MatchIndex.build(
        standard=facts.load_standard(),
        places=facts.load_places(),
        partners=facts.load_partners(),
        offerings=facts.load_offerings(),
        examples=facts.load_examples(),
    )
    log.info("matching index built in %.2f s", time.perf_counter() - started)
    return index


def _apply(index: MatchIndex, changes: list[IndexChange]) -> MatchIndex:
    offering_codes = sorted({code for change in changes for code in change.offerings})
    partner_codes = sorted({code for change in changes for code in change.partners})
    capacity_codes = sorted(
        {code for change in changes for code in change.capacity} - set(offering_codes)
    )
    if offering_codes:
        upserted = facts.load_offerings(offering_codes)
        removed = set(offering_codes) - {o.code for o in upserted}
        index = index.with_offerings(upserted, removed)
    if partner_codes:
        index = index.with_partners(facts.load_partners(partner_codes))
    if capacity_codes:
        index = index.with_capacity(facts.capacity_left(capacity_codes))
    if any(change.examples for change in changes):
        index = index.with_examples(facts.load_examples())
    return index


def current_index() -> MatchIndex:
    """The index as of the last committed change. Costs one query when nothing changed;
    safe to call from several threads (one of them updates, the others wait)."""
    global _loaded
    epoch, version = index_state()
    quarter = facts.current_quarter()
    loaded = _loaded
    if loaded is not None and (loaded.epoch, loaded.version, loaded.quarter) == (
        epoch,
        version,
        quarter,
    ):
        return loaded.index
    with _lock:
        loaded = _loaded
        if loaded is not None and (loaded.epoch, loaded.quarter) == (epoch, quarter):
            if loaded.version == version:
                return loaded.index
            changes = list(
                IndexChange.objects.filter(
                    version__gt=loaded.version, version__lte=version
                ).order_by("version")
            )
            complete = len(changes) == version - loaded.version
            if complete and not any(change.everything for change in changes):
                _loaded = _Loaded(_apply(loaded.index, changes), epoch, version, quarter)
                return _loaded.index
        _loaded = _Loaded(build_index(), epoch, version, quarter)
        return _loaded.index


def forget_index() -> None:
    """Drop this process's index; the next :func:`current_index` builds it again. For
    tests, whose rolled-back transactions take the change log with them."""
    global _loaded
    with _lock:
        _loaded = None
