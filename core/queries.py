"""Sets of ids bound to a query as one parameter.

A district administrator's scope holds some 500 community ids and a city's thousands.
Written as ``community_id__in=ids``, every query lists one placeholder per id: Django
resolves each value, the driver rewrites the placeholders on every execution (a query
that long is never cached), and a page of needs spent more time on that than on its
rows. ``community_id__in=IdSet(ids)`` binds the ids once: as an array on PostgreSQL,
as a JSON list on SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BigIntegerField, Expression
from django.db.models.sql.compiler import SQLCompiler


class IdSet(Expression):
    """The ids as a one-column subquery, for an ``__in`` lookup."""

    output_field = BigIntegerField()

    def __init__(self, ids: Iterable[int]) -> None:
        super().__init__()
        self.ids = sorted({int(i) for i in ids})

    def __repr__(self) -> str:
        return f"IdSet({len(self.ids)} ids)"

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        return "SELECT value FROM json_each(%s)", [json.dumps(self.ids)]

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        return "SELECT unnest(%s::bigint[])", [self.ids]
