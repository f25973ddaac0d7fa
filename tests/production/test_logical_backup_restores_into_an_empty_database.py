"""A logical backup (``export_region``) restored with ``import_region`` into an empty,
freshly migrated database gives back every record: exporting the restored database
yields the backup unchanged. Runs on the configured database (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from interchange.importer import import_document
from synthetic import generate_region
from tests.production.conftest import ROOT, process_environment

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(300)]


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A new database of the same kind as the test database, with nothing in it."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_restore"
    admin = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}"
    admin += f":{settings['PORT'] or 5432}"
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{admin}/{name}"
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(database_url: str, *args: str) -> None:
    env = process_environment(DATABASE_URL=database_url)
    env.pop("CELERY_BROKER_URL")
    env.pop("CELERY_RESULT_BACKEND")
    done = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()


def test_export_restored_into_an_empty_database_gives_back_every_record(
    tmp_path: Path, empty_database_url: str
) -> None:
    import_document(generate_region(offerings=150, needs=80, seed=3))
    backup = tmp_path / "backup.json"
    call_command("export_region", "--output", str(backup))
    original = json.loads(backup.read_text())
    assert len(original["offerings"]) == 150
    assert len(original["needs"]) == 80

    _manage(empty_database_url, "migrate", "--noinput")
    _manage(empty_database_url, "import_region", str(backup))
    again = tmp_path / "again.json"
    _manage(empty_database_url, "export_region", "--output", str(again))

    restored = json.loads(again.read_text())
    for kind in ("communities", "partners", "offerings", "meetings", "needs"):
        assert restored[kind] == original[kind], kind
    assert restored == original
