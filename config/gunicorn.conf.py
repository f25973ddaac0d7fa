"""gunicorn settings for Jinlin: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Every value can be overridden from the environment (``GUNICORN_BIND``,
``GUNICORN_WORKERS``, ``GUNICORN_THREADS``, ``GUNICORN_TIMEOUT``), and gunicorn's own
``GUNICORN_CMD_ARGS`` still applies. Static files are served by the application
(whitenoise), so gunicorn needs nothing else in front of it on a trusted network; on
the internet put it behind a proxy that terminates HTTPS and sets X-Forwarded-Proto.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads answer requests while others wait on PostgreSQL; processes use the cores.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so a slow leak cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
# Load the application (and the matching index's code) once, before forking.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
