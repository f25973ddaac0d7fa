"""``pg_dump`` of the database restored with ``pg_restore`` into an empty database holds
every row of every table, accounts, projects and notifications included."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from interchange.importer import import_document
from needs.models import Notification, Project
from needs.services import project_create
from partners.models import Role
from synthetic import generate_region
from tests.factories import user_with_role

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(300),
]


def _contents(url: str) -> dict[str, tuple[int, str]]:
    """Per table in the public schema: its row count and a digest of all its rows."""
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        digest = "SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
        # Table names come from the catalogue, not from input.
        contents = {}
        for table in tables:
            row = conn.execute(f'{digest} FROM "{table}" t').fetchone()
            assert row is not None  # an aggregate always answers one row
            contents[table] = (row[0], row[1])
        return contents


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs pg_dump and pg_restore")
def test_pg_dump_restored_into_an_empty_database_has_every_row(tmp_path: Path) -> None:
    from needs.models import Need
    from partners.models import Offering

    import_document(generate_region(offerings=120, needs=60, seed=5))
    need = Need.objects.order_by("code").first()
    assert need is not None
    secretary = user_with_role(Role.Kind.SECRETARY, community=need.community)
    offering = Offering.objects.order_by("code").first()
    assert offering is not None
    project_create(actor=secretary, need=need, offering=offering, quantity=1, status="dispatched")
    assert Project.objects.count() == 1

    db = connection.settings_dict
    base = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    source, target = f"{base}/{db['NAME']}", f"{db['NAME']}_pgrestore"
    dump = tmp_path / "jinlin.dump"
    # pg_dump and pg_restore from PATH, fixed arguments.
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), source], check=True)  # noqa: S603, S607
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        conn.execute(f'CREATE DATABASE "{target}"')
    try:
        restore = ["pg_restore", "--no-owner", "-d", f"{base}/{target}", str(dump)]
        subprocess.run(restore, check=True)  # noqa: S603
        before, after = _contents(source), _contents(f"{base}/{target}")
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')

    assert after == before
    assert before["needs_project"][0] == 1
    assert before["partners_offering"][0] == 120
    assert before["auth_user"][0] >= 1
    assert Notification.objects.count() == before["needs_notification"][0]
