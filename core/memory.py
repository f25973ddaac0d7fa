"""Python's cyclic garbage collector, held off while a result of many objects is built.

Building a city's 100,000 coverage cells, or their rows, allocates some half a million
objects that all live on: the collector's sweeps (see :mod:`config`) find nothing to free
among them, yet each full sweep walks every object the process holds, these included.
Held off for the build and let run after, it walks them once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection within the block (objects freed by their last reference still
    go at once); the collector is restored after it, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
