"""Helpers for tests that start the production processes (gunicorn, Celery workers) as
subprocesses against the test database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def database_url() -> str:
    """The URL of the database this test runs on (the test database, not the configured one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_environment(**extra: str) -> dict[str, str]:
    """The environment of a subprocess: this test's database and broker, nothing inherited
    that would point it elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_RESULT_BACKEND=settings.CELERY_RESULT_BACKEND,
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


@pytest.fixture
def spawn() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start a subprocess (``spawn(args, env=..., log=path)``); every one still running
    is stopped (SIGTERM, then SIGKILL) when the test ends."""
    started: list[subprocess.Popen[bytes]] = []

    def start(args: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        handle = log.open("wb")
        proc = subprocess.Popen(  # noqa: S603 - our own executables, fixed arguments
            args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in started:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_until(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what} after {seconds:.0f} s")


@pytest.fixture
def start_worker(
    spawn: Callable[..., subprocess.Popen[bytes]], tmp_path: Path
) -> Callable[..., subprocess.Popen[bytes]]:
    """Start a real Celery worker process on this test's database and broker
    (``start_worker("w1", CELERY_VISIBILITY_TIMEOUT="3")``); stopped after the test."""

    def start(name: str, **extra: str) -> subprocess.Popen[bytes]:
        args = [str(BIN / "celery"), "-A", "config", "worker", "--pool=solo", "-l", "info"]
        args += ["-n", f"{name}@%h", "--without-gossip", "--without-mingle"]
        return spawn(args, env=process_environment(**extra), log=tmp_path / f"{name}.log")

    return start


def purge_queue() -> None:
    """Drop tasks left in this test's broker (ones its own setup enqueued included)."""
    from config.celery import app

    app.control.purge()


def stored_results(task: str) -> set[bytes]:
    """The keys under which this test's result backend holds results of ``task``."""
    from config.celery import app

    backend = app.backend
    found = set()
    for key in backend.client.scan_iter(match=backend.task_keyprefix + b"*"):
        raw = backend.get(key)
        if raw is not None and backend.decode_result(raw).get("name") == task:
            found.add(key)
    return found
