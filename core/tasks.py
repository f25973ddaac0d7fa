"""Enqueueing a task by its name once the transaction commits.

Services never import task modules (the tasks call the services, so importing them back
would tie each app in a circle); they name the task instead. With a broker the name is
all the worker needs; without one (the embedded default) the task runs in-process, found
in the registry after the apps' task modules are loaded.
"""

from __future__ import annotations

import threading
from typing import Any

from celery import current_app
from django.db import transaction

# Celery's discovery of the apps' task modules is not safe to run from two threads at
# once: a web process's threads, dispatching together on its first requests, each
# found the registry half loaded ("no task named … is registered").
_loading = threading.Lock()


def _task(name: str) -> Any:
    app = current_app
    if name not in app.tasks:
        with _loading:
            if name not in app.tasks:
                app.loader.import_default_modules()  # autodiscovers every app's tasks module
    return app.tasks.get(name)


def signature(name: str, *args: Any, immutable: bool = False) -> Any:
    """A signature of the task ``name`` with ``args``, for chords and chains built by
    name (immutable: the task ignores the result of the step before it)."""
    _task(name)  # loads the apps' task modules, for an in-process run
    return current_app.signature(name, args=args, immutable=immutable)


def enqueue(name: str, *args: Any) -> None:
    """Send the task ``name`` with ``args`` now (eagerly run when the app is eager)."""
    task = _task(name)
    if task is None:
        raise LookupError(f"no task named {name!r} is registered")
    task.apply_async(args)


def enqueue_on_commit(name: str, *args: Any) -> None:
    """Send the task once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(name, *args))
