"""gunicorn serves the project as configured for production: DEBUG off, the front page
from the application and static files through whitenoise under their hashed names."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.production.conftest import BIN, free_port, process_environment, wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(120),
]


def _get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - loopback http
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def _up(url: str) -> bool:
    try:
        return _get(url)[0] < 500
    except OSError:
        return False


def test_gunicorn_serves_the_front_page_and_a_hashed_static_file(
    tmp_path: Path, spawn: Callable[..., subprocess.Popen[bytes]]
) -> None:
    static_root = tmp_path / "static"
    # The production storage also compresses every file, which takes minutes; hashing
    # alone is what decides how whitenoise serves them.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=static_root, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["admin/css/base.css"]
    assert hashed != "admin/css/base.css"

    port = free_port()
    env = process_environment(
        DEBUG="false",
        SECRET_KEY="a-production-secret-for-this-test-only-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(static_root),
        SECURE_SSL_REDIRECT="false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_ACCESS_LOG="-",
    )
    server = spawn(
        [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py"], env=env, log=tmp_path / "log"
    )
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: server.poll() is not None or _up(base + "/"), seconds=60, what="gunicorn")
    assert server.poll() is None, (tmp_path / "log").read_text()

    status, body, _ = _get(base + "/")
    assert status == 200
    assert "近邻".encode() in body

    status, body, headers = _get(f"{base}/static/{hashed}")
    assert status == 200
    assert body == (static_root / hashed).read_bytes()
    assert "immutable" in headers.get("Cache-Control", "")

    status, _, _ = _get(f"{base}/static/admin/css/no-such-file.css")
    assert status == 404
