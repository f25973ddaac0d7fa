"""Sets of ids, or of codes, bound to a query as one parameter.

A district administrator's scope holds some 500 community ids and a city's thousands.
Written as ``community_id__in=ids``, every query lists one placeholder per id: Django
resolves each value, the driver rewrites the placeholders on every execution (a query
that long is never cached), and a page of needs spent more time on that than on its
rows. ``community_id__in=IdSet(ids)`` binds the ids once: as an array on PostgreSQL,
as a JSON list on SQLite; :class:`CodeSet` does the same for codes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BigIntegerField, CharField, Expression, Field
from django.db.models.sql.compiler import SQLCompiler


class IdSet(Expression):
    """The ids as a one-column subquery, for an ``__in`` lookup."""

    output_field: Field[Any, Any] = BigIntegerField()
    array_type = "bigint[]"

    def __init__(self, ids: Iterable[Any]) -> None:
        super().__init__()
        self.values = self.distinct(ids)

    @staticmethod
    def distinct(values: Iterable[Any]) -> list[Any]:
        return sorted({int(v) for v in values})

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.values)} values)"

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        return "SELECT value FROM json_each(%s)", [json.dumps(self.values, ensure_ascii=False)]

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        return f"SELECT unnest(%s::{self.array_type})", [self.values]


class CodeSet(IdSet):
    """Codes (text) as a one-column subquery, for an ``__in`` lookup: a district's
    partners are thousands of codes."""

    output_field = CharField()
    array_type = "text[]"

    @staticmethod
    def distinct(values: Iterable[Any]) -> list[Any]:
        return sorted({str(v) for v in values})
