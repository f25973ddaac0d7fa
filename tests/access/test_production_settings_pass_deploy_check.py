"""Under production settings (DEBUG off, a real secret key, host names) Django's
deployment check passes at warning level: secure cookies, HSTS, HTTPS redirect, and no
warning from django-axes, django-csp or the rest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(**extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # Set by the browser tests for their live server; never in a deployment.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DEBUG="false",
        SECRET_KEY="k7#Zq!f2Lr9@wX4^mC8&vB1*nH6(tJ3)pD5_sG0+yE-uA=oI;eR:lK<jF>hQ?bN.",
        ALLOWED_HOSTS="jinlin.example.cn",
    )
    env.update(extra)
    return subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_is_clean_under_production_settings() -> None:
    result = _check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_is_clean_with_a_shared_cache() -> None:
    result = _check(CACHE_URL="redis://127.0.0.1:6379/7")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_with_debug_on() -> None:
    result = _check(DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG" in result.stdout + result.stderr
