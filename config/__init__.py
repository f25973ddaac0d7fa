"""Jinlin's configuration: settings, Celery and gunicorn.

Importing it (every command, web worker and Celery worker does, before numpy loads)
sets the numerical libraries to one thread per process unless the environment says
otherwise. The engine's matrix work per request or need is small, and OpenBLAS's threads
spin between calls: two workers on two cores, each with its own threads, ranked needs
three times slower than with one thread each. The processes themselves use the cores.

It also has Python's cyclic garbage collector sweep its youngest objects every
``GC_FIRST_GENERATION`` allocations (5,000) rather than every 700. Every hundredth sweep
walks every object the process holds, the matching index's among them: building a
district's 10,000 coverage cells walked them about once, which took over 40% of the
time (170 ms against 96). Objects freed by their last reference go at once as before.
"""

import gc
import os

for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

gc.set_threshold(int(os.environ.get("GC_FIRST_GENERATION", "5000")), *gc.get_threshold()[1:])

from config.celery import app as celery_app  # noqa: E402 - after the thread settings

__all__ = ["celery_app"]
