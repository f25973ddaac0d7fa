"""Notification email goes where EMAIL_URL says; a malformed one stops start-up naming it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("EMAIL_URL", "DEBUG")}
    return subprocess.run(  # noqa: S603 - our own settings module
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_without_email_url_mail_is_logged_not_sent() -> None:
    result = _settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.core.mail.backends.console.EmailBackend"


def test_smtp_url_configures_the_smtp_backend() -> None:
    result = _settings(EMAIL_URL="smtp+tls://jinlin:secret@mail.example.cn:587")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.cn",
        "587",
        "True",
    ]


def test_malformed_email_url_stops_start_up_naming_it() -> None:
    result = _settings(EMAIL_URL="nonsense")
    assert result.returncode != 0
    assert "EMAIL_URL" in result.stderr
