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

Building is done once per data version on a machine, not once per process: with
``settings.INDEX_SNAPSHOT_DIR`` set, a process without an index opens the newest
snapshot of the same data (:mod:`matching.engine.snapshot`, memory-mapped, shared by
every process) and applies the changes logged since. Only when there is none does it
build, under a file lock so that the others wait for its snapshot instead of building
their own. A snapshot that fails its checksums is deleted and built again; only the
newest :data:`SNAPSHOTS_KEPT` are kept.
"""

from __future__ import annotations

import fcntl
import logging
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

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
# Snapshots kept in INDEX_SNAPSHOT_DIR: the newest, and the one before it for processes
# still opening it.
SNAPSHOTS_KEPT = 2
# A temporary directory left by a process that died while saving is removed after this.
STALE_WORK_SECONDS = 3600


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


def _changes_since(version: int, until: int) -> list[IndexChange] | None:
    """The logged changes after ``version`` up to ``until``; None when the log no longer
    holds them all or one of them asks for a rebuild."""
    changes = list(
        IndexChange.objects.filter(version__gt=version, version__lte=until).order_by("version")
    )
    if len(changes) != until - version or any(change.everything for change in changes):
        return None
    return changes


def snapshot_name(epoch: str, version: int, quarter: Quarter) -> str:
    return f"{epoch}-{quarter}-{version:012d}"


def _snapshots(root: Path, epoch: str, quarter: Quarter) -> list[tuple[int, Path]]:
    """This data's snapshots in ``root``, newest first."""
    prefix = f"{epoch}-{quarter}-"
    found = []
    for path in root.glob(f"{prefix}*") if root.is_dir() else ():
        tail = path.name[len(prefix) :]
        if tail.isdigit() and path.is_dir():
            found.append((int(tail), path))
    return sorted(found, reverse=True)


@contextmanager
def _building(root: Path) -> Iterator[None]:
    """Held by the one process of the machine building an index into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _open_snapshot(root: Path, epoch: str, version: int, quarter: Quarter) -> MatchIndex | None:
    """The newest usable snapshot of this data brought up to ``version``; a corrupt one
    is deleted, one the change log no longer reaches is passed over."""
    from matching.engine import snapshot

    for saved, path in _snapshots(root, epoch, quarter):
        if saved > version:
            continue
        changes = _changes_since(saved, version)
        if changes is None:
            return None  # older snapshots reach back no better
        started = time.perf_counter()
        try:
            index = snapshot.load(path)
        except snapshot.SnapshotError as error:
            log.warning("matching index snapshot not used, deleting it: %s", error)
            shutil.rmtree(path, ignore_errors=True)
            continue
        log.info(
            "matching index opened from %s in %.2f s", path.name, time.perf_counter() - started
        )
        return _apply(index, changes) if changes else index
    return None


def _ready_index(epoch: str, version: int, quarter: Quarter) -> MatchIndex:
    """The index of this data version: from a snapshot when the machine has one,
    otherwise built (and saved for the other processes, when snapshots are on)."""
    root = settings.INDEX_SNAPSHOT_DIR
    if root is None or not epoch:
        # Without a recorded change there is no version to name a snapshot by.
        return build_index()
    root = Path(root)
    index = _open_snapshot(root, epoch, version, quarter)
    if index is not None:
        return index
    try:
        with _building(root):
            # Another process may have built it while this one waited for the lock.
            index = _open_snapshot(root, epoch, version, quarter)
            if index is None:
                index = build_index()
                save_snapshot(index, root, epoch=epoch, version=version, quarter=quarter)
    except OSError as error:
        # A folder that cannot be written (full disk, wrong path) costs each process
        # its own build, never the site.
        log.warning("matching index snapshots unavailable in %s: %s", root, error)
    return index if index is not None else build_index()


def save_snapshot(
    index: MatchIndex, root: Path, *, epoch: str, version: int, quarter: Quarter
) -> Path:
    """Save ``index`` as the snapshot of (epoch, version, quarter) in ``root``, unless
    it is there already, and delete all but the newest :data:`SNAPSHOTS_KEPT`."""
    from matching.engine import snapshot

    path = root / snapshot_name(epoch, version, quarter)
    started = time.perf_counter()
    if snapshot.save(
        index,
        path,
        meta={"epoch": epoch, "version": version, "quarter": str(quarter)},
        texts=facts.open_need_texts(),
    ):
        log.info(
            "matching index snapshot %s saved in %.2f s", path.name, time.perf_counter() - started
        )
    _clean(root)
    return path


def _clean(root: Path) -> None:
    """Delete all but the newest snapshots, and work left by a process that died saving.
    A process that has a deleted snapshot open keeps reading it: its pages stay until
    it lets go."""
    saved = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for path in saved[SNAPSHOTS_KEPT:]:
        shutil.rmtree(path, ignore_errors=True)
    now = time.time()
    for path in root.glob(".*"):
        if path.is_dir() and now - path.stat().st_mtime > STALE_WORK_SECONDS:
            shutil.rmtree(path, ignore_errors=True)


def snapshot_current() -> Path | None:
    """Save this process's current index as its version's snapshot (nothing when
    snapshots are off or nothing was ever recorded); returns the snapshot's path."""
    root = settings.INDEX_SNAPSHOT_DIR
    index = current_index()
    loaded = _loaded
    if root is None or loaded is None or not loaded.epoch:
        return None
    with _building(Path(root)):
        return save_snapshot(
            index, Path(root), epoch=loaded.epoch, version=loaded.version, quarter=loaded.quarter
        )


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
            changes = _changes_since(loaded.version, version)
            if changes is not None:
                _loaded = _Loaded(_apply(loaded.index, changes), epoch, version, quarter)
                return _loaded.index
        _loaded = _Loaded(_ready_index(epoch, version, quarter), epoch, version, quarter)
        return _loaded.index


def forget_index() -> None:
    """Drop this process's index; the next :func:`current_index` builds it again. For
    tests, whose rolled-back transactions take the change log with them."""
    global _loaded
    with _lock:
        _loaded = None
