"""Jinlin's configuration: settings, Celery and gunicorn.

Importing it (every command, web worker and Celery worker does, before numpy loads)
sets the numerical libraries to one thread per process unless the environment says
otherwise. The engine's matrix work per request or need is small, and OpenBLAS's threads
spin between calls: two workers on two cores, each with its own threads, ranked needs
three times slower than with one thread each. The processes themselves use the cores.
"""

import os

for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

from config.celery import app as celery_app  # noqa: E402 - after the thread settings

__all__ = ["celery_app"]
