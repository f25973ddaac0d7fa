"""Racing real threads against PostgreSQL, for the tests of what locks guarantee: each
attempt runs in its own thread with its own connection, all released at once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from django.db import connection

from core.errors import ConflictError


def race(attempts: Sequence[Callable[[], str]]) -> tuple[list[str], list[str]]:
    """Run every attempt at the same moment. Answers each one's outcome (what it
    returned, ``"refused"`` on ``ConflictError``, ``"error: …"`` on anything else) and
    the refusals' messages."""
    start = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    refusals: list[str] = []
    lock = threading.Lock()

    def run(attempt: Callable[[], str]) -> None:
        try:
            start.wait()
            outcome = attempt()
        except ConflictError as exc:
            outcome = "refused"
            with lock:
                refusals.append(exc.message)
        except Exception as exc:  # any other failure is reported by the caller's assertion
            outcome = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes, refusals
