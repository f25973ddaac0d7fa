"""What the batch commands share: ``manage.py match``, ``allocate`` and ``coverage`` run
once in a process over a whole district or city, and the process ends with them. They
skip Django's system checks, keep the memory they free for their next arrays, and leave
their objects to the exit."""

from __future__ import annotations

import ctypes
import gc
import os

from django.core.management.base import BaseCommand

# glibc's mallopt() parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# Freed memory is handed back to the system only beyond this much at the heap's top...
KEEP_FREED_BYTES = 256 * 2**20
# ...and blocks up to this size come from the heap (glibc's largest on 64-bit machines).
HEAP_BLOCKS_UP_TO = 32 * 2**20


def keep_freed_memory() -> bool:
    """Have glibc's allocator keep the memory this process frees for its next blocks,
    rather than give it back to the system and fault it in again, zero-filled, page by
    page. A batch ranks needs a block at a time, and each block's arrays (a few MB) are
    freed together: by default glibc trims the heap each time, and a district's
    ``match --all`` took 135,000 page faults and 0.45 s of system time, 51,000 and 0.27 s
    so, with the same peak memory. Settings glibc takes as a pair: either alone made it
    worse. Answers whether they were taken (never on another C library); forked
    processes inherit them."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return False
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError, ValueError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_MMAP_THRESHOLD, HEAP_BLOCKS_UP_TO)) and bool(
        mallopt(_M_TRIM_THRESHOLD, KEEP_FREED_BYTES)
    )


class BatchCommand(BaseCommand):
    """A command that is its process's whole work. Run from the command line, it keeps
    the memory it frees (:func:`keep_freed_memory`), and sets every object it leaves
    aside from the garbage collector (``gc.freeze``) as it returns: the process exits
    next, and the interpreter's last collection would otherwise walk the index's and the
    batch's millions of objects, 0.2-0.3 s of a district's ``match --all`` (0.07 s so).
    Called in a running process (``call_command``: a test, a shell), it leaves the
    allocator and the collector as they were."""

    # Django's system checks import every view module of the site (about 0.9 s before
    # any work); a batch uses none of them (``manage.py check`` checks them).
    requires_system_checks: list[str] = []

    def run_from_argv(self, argv: list[str]) -> None:
        keep_freed_memory()
        super().run_from_argv(argv)
        gc.freeze()
