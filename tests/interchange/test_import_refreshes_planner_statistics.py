"""After an import that wrote rows, PostgreSQL's planner counts them at once, rather
than planning with the empty tables' counts until autovacuum comes by."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from interchange.importer import import_document
from needs.models import Need
from partners.models import Offering, Partner

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


TABLES: dict[str, Any] = {
    "needs_need": Need,
    "partners_offering": Offering,
    "partners_partner": Partner,
}


def _planner_counts() -> dict[str, float]:
    """The row counts the planner plans with (``pg_class.reltuples``, set by ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)", [list(TABLES)]
        )
        return dict(cursor.fetchall())


def test_an_import_has_the_planner_count_the_written_rows(region_doc: dict[str, Any]) -> None:
    import_document(region_doc)
    counts = _planner_counts()
    for table, model in TABLES.items():
        assert model.objects.count() > 0
        assert counts[table] == model.objects.count(), table


def test_a_dry_run_leaves_the_planner_counts(region_doc: dict[str, Any]) -> None:
    before = _planner_counts()
    import_document(region_doc, dry_run=True)
    assert _planner_counts() == before
