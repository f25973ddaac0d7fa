"""The API and ``manage.py match`` give the same ranking for every need."""

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def ranked(matches: list[dict[str, Any]]) -> list[tuple[str, str, float]]:
    return [(m["offering"], m["partner"], round(m["score"], 9)) for m in matches]


@pytest.mark.parametrize("mode", ["--need", "--all"])
def test_api_and_command_rank_alike(
    district: Any, client_for: Any, superuser: Any, mode: str
) -> None:
    api = {
        code: ranked(
            client_for(superuser).get(reverse("need-matches", args=[code])).json()["matches"]
        )
        for code in ("N-BP", "N-LAW", "N-REPAIR")
    }
    command: dict[str, list[tuple[str, str, float]]] = {}
    args = [["--need", code] for code in api] if mode == "--need" else [["--all"]]
    for extra in args:
        out = StringIO()
        call_command("match", *extra, "--format", "jsonl", stdout=out)
        for line in out.getvalue().splitlines():
            record = json.loads(line)
            command[record["need"]] = ranked(record["matches"])
    assert command == api
    assert any(api.values()), "some need has matches"
