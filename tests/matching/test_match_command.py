"""``manage.py match``: one need or every open need, as JSON lines or a table."""

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("match", *args, stdout=out)
    return out.getvalue()


def test_jsonl_gives_one_line_for_the_need_best_first(district: Any) -> None:
    lines = run("--need", "N-BP", "--format", "jsonl").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["need"] == "N-BP"
    assert record["matches"][0]["offering"] == "O-HEALTH-S1"
    assert record["matches"][0]["partner"] == "P-CLINIC"
    scores = [m["score"] for m in record["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert set(record["matches"][0]) == {"offering", "partner", "score", "reasons"}


def test_all_gives_one_line_per_open_need(district: Any) -> None:
    district["needs"]["law"].status = "cancelled"
    district["needs"]["law"].save()
    lines = run("--all", "--format", "jsonl").splitlines()
    assert [json.loads(line)["need"] for line in lines] == ["N-BP", "N-REPAIR"]


def test_scope_keeps_the_needs_under_a_community(district: Any) -> None:
    lines = run("--all", "--scope", "BA-S2", "--format", "jsonl").splitlines()
    assert [json.loads(line)["need"] for line in lines] == ["N-LAW"]


def test_limit_caps_each_need(district: Any) -> None:
    for line in run("--all", "--limit", "1", "--format", "jsonl").splitlines():
        assert len(json.loads(line)["matches"]) <= 1


def test_table_shows_rank_offering_partner_and_why(district: Any) -> None:
    out = run("--need", "N-BP")
    header, first = out.splitlines()[:2]
    assert header.split()[:5] == ["need", "#", "offering", "partner", "score"]
    assert first.split()[:4] == ["N-BP", "1", "O-HEALTH-S1", "P-CLINIC"]


def test_unknown_need_is_named(district: Any) -> None:
    with pytest.raises(CommandError, match="unknown need code 'N-NONE'"):
        run("--need", "N-NONE")


def test_unknown_scope_is_named(district: Any) -> None:
    with pytest.raises(CommandError, match="--scope: unknown community code 'XX'"):
        run("--all", "--scope", "XX")
