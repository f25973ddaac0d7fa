"""``manage.py coverage`` and the coverage endpoint are two faces of one report: the
command's JSON rows are the endpoint's and its CSV holds the same cells."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.management import call_command
from rest_framework.test import APIClient

from partners.models import Role
from tests.factories import user_with_role


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("coverage", "--scope", "BA", "--quarter", "2026Q4", *args, stdout=out)
    return out.getvalue()


def _api(area: Any, **query: Any) -> list[dict[str, Any]]:
    client = APIClient()
    client.force_authenticate(user_with_role(Role.Kind.DISTRICT_ADMIN, community=area["BA"]))
    response = client.get(
        "/api/v1/insights/coverage/", {"scope": "BA", "quarter": "2026Q4", **query}
    )
    assert response.status_code == 200
    rows: list[dict[str, Any]] = response.json()
    return rows


def test_the_commands_json_rows_are_the_endpoints(area: Any) -> None:
    rows = json.loads(_command("--format", "json"))

    assert rows == _api(area)
    assert any(row["gap"] for row in rows)


def test_the_commands_gaps_are_the_endpoints(area: Any) -> None:
    rows = json.loads(_command("--format", "json", "--gaps-only"))

    assert rows == _api(area, gaps_only=1)
    assert [(r["community"], r["category"], r["gap"]) for r in rows] == [("BA-S1-C1", "rehab", 5)]


def test_the_commands_csv_holds_the_same_cells(area: Any) -> None:
    table = list(csv.DictReader(io.StringIO(_command("--format", "csv"))))

    expected = _api(area)
    assert [(r["community"], r["category"], int(r["gap"])) for r in table] == [
        (r["community"], r["category"], r["gap"]) for r in expected
    ]
