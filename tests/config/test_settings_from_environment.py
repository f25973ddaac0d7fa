"""Settings come from the environment; a bad value stops start-up naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "check"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DATABASE_URL": "mongodb://localhost/jinlin"}, "DATABASE_URL"),
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"NUM_PROXIES": "two"}, "NUM_PROXIES"),
        ({"NUM_PROXIES": "-1"}, "NUM_PROXIES"),
    ],
)
def test_bad_environment_stops_start_up_naming_the_variable(env, names):
    result = _check(**env)
    assert result.returncode != 0
    assert names in result.stderr


def test_production_values_are_accepted():
    result = _check(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="jinlin.example.cn")
    assert result.returncode == 0, result.stderr


def test_embedded_default_is_sqlite_in_asia_shanghai(settings):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("DATABASE_URL is set: this run is on another database")
    db = settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "zh-hans"
