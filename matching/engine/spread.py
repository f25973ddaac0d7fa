"""Work on many needs spread over the machine's cores, for the batch commands.

A batch (every open need's suggestions, a quarter's allocation) ranks thousands of
needs against one index, need by need. :func:`spread` cuts such work into contiguous
parts and does all but the last in processes forked from this one, which inherit the
index as it stands (its arrays, or the snapshot's pages it maps, are shared, not copied),
while this process does the last part itself; each part's result comes back pickled, in
the order of the parts. Results are those of doing the parts one after another here: the
same code ranks each need.

Only a process that may fork does: a Celery worker's pool process (daemonic) and a web
worker (gunicorn's threads) do not ask for more than one process, and a daemonic one
that does gets the work done in itself.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a part is not worth a process (forking and pickling the results
# back cost tens of milliseconds).
MIN_PART = 500

# The work of the parts being spread, inherited by the forked children: a function is
# called there by name, not pickled with what it closes over.
_work: Callable[[Any], Any] | None = None


def _run(part: Any) -> Any:
    if _work is None:  # pragma: no cover - spread() sets it before it forks
        raise RuntimeError("spread(): no work to run in this process")
    return _work(part)


def can_fork() -> bool:
    """Whether this process may start children of its own (a daemonic one may not)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def parts(
    items: Sequence[T], count: int, *, key: Callable[[T], Hashable] | None = None
) -> list[list[T]]:
    """``items`` cut into at most ``count`` contiguous parts of near-equal size, each at
    least :data:`MIN_PART` long (one part when there are too few). With ``key``, a cut
    moves to the nearest change of key, so that items sharing one (a community's needs,
    ranked together) stay in one part when they can. No items, no part."""
    if not items:
        return []
    count = max(1, min(count, len(items) // MIN_PART))
    cuts = [0]
    for k in range(1, count):
        at = round(k * len(items) / count)
        if key is not None:
            at = _nearest_change(items, at, key, low=cuts[-1] + 1)
        if cuts[-1] < at < len(items):
            cuts.append(at)
    cuts.append(len(items))
    return [list(items[a:b]) for a, b in itertools.pairwise(cuts)]


def _nearest_change(items: Sequence[T], at: int, key: Callable[[T], Hashable], *, low: int) -> int:
    """The position nearest ``at`` (not below ``low``) where ``key`` changes, or ``at``."""
    for distance in range(len(items)):
        for position in (at - distance, at + distance):
            if low <= position < len(items) and key(items[position - 1]) != key(items[position]):
                return position
        if at - distance < low and at + distance >= len(items):
            break
    return at


def spread(work: Callable[[T], R], parts: Sequence[T], *, processes: int) -> list[R]:
    """``[work(part) for part in parts]``, all parts but the last done in forked
    processes (at most ``processes`` at once, this one included) when there is more than
    one part, ``processes`` is more than one and this process may fork; in this process
    otherwise. An exception in any part is raised here."""
    if processes <= 1 or len(parts) <= 1 or not can_fork():
        return [work(part) for part in parts]
    global _work
    previous, _work = _work, work
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=min(processes - 1, len(parts) - 1), mp_context=context
        ) as pool:
            futures = [pool.submit(_run, part) for part in parts[:-1]]
            last = work(parts[-1])
            return [future.result() for future in futures] + [last]
    finally:
        _work = previous


def in_order(
    work: Callable[[list[T]], list[R]],
    items: Sequence[T],
    *,
    processes: int,
    key: Callable[[T], str] | None = None,
) -> list[R]:
    """``work`` (one result per item, in order) over ``items``, cut into :func:`parts`
    spread over ``processes``, the results in the order of ``items``. With ``key``, the
    items are worked through in the order of their keys (a stable sort), those sharing a
    key in one part when they can."""
    order = list(range(len(items)))
    if key is not None:
        order.sort(key=lambda k: key(items[k]))
    pieces = parts(order, processes, key=None if key is None else lambda k: key(items[k]))
    done = spread(lambda part: work([items[k] for k in part]), pieces, processes=processes)
    results: list[R | None] = [None] * len(items)
    for positions, found in zip(pieces, done, strict=True):
        if len(found) != len(positions):
            raise ValueError(f"{len(found)} results for {len(positions)} items")
        for k, result in zip(positions, found, strict=True):
            results[k] = result
    return cast(list[R], results)
