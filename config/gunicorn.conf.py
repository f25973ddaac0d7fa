"""gunicorn settings for Jinlin: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Every value can be overridden from the environment (``GUNICORN_BIND``,
``GUNICORN_WORKERS``, ``GUNICORN_THREADS``, ``GUNICORN_TIMEOUT``), and gunicorn's own
``GUNICORN_CMD_ARGS`` still applies. Static files are served by the application
(whitenoise), so gunicorn needs nothing else in front of it on a trusted network; on
the internet put it behind a proxy that terminates HTTPS and sets X-Forwarded-Proto.
"""

import gc
import multiprocessing
import os
import time
from typing import Any

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads answer requests while others wait on PostgreSQL; processes use the cores.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Idle keep-alive connections cost no thread in gthread; closing them sooner than the
# clients (browsers, a proxy) do makes a request on a closing connection fail.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# A worker is replaced after this many requests, so a slow leak cannot grow for ever.
# Not much sooner: replacing one closes its idle keep-alive connections, and a client
# that sends on one as it closes sees the connection reset (2,000 did that every minute
# and a half at 200 users).
max_requests = 20000
max_requests_jitter = 2000
# Load the application (and the matching index's code) once, before forking.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server: Any) -> None:
    """Have the URLs' views and the matching index in the master process before the
    workers are forked: they start with them (shared copy-on-write) instead of each
    importing every view module on its first request (0.8 s, with the requests behind it
    waiting) and getting its own index on its first ranking. The master opens the
    machine's snapshot of the data when there is one (INDEX_SNAPSHOT_DIR), or builds and
    saves it; ``GUNICORN_PRELOAD_INDEX=false`` skips the index. What the master holds is
    then frozen out of the garbage collector's sweeps (``gc.freeze``): the workers'
    collections do not walk it, nor touch its pages."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing every view module is the point
    if os.environ.get("GUNICORN_PRELOAD_INDEX", "true").strip().lower() in ("0", "false", "no"):
        gc.freeze()
        return
    from django.db import connections

    started = time.perf_counter()
    try:
        from matching.index import current_index

        current_index()
        server.log.info("matching index ready in %.1f s", time.perf_counter() - started)
    except Exception as exc:  # an unmigrated database must not keep the site down
        server.log.warning("matching index not built before forking: %s", exc)
    finally:
        # Workers open their own connections; one inherited across fork would be shared.
        connections.close_all()
        gc.freeze()
