"""``manage.py match --all`` and ``manage.py allocate`` rank a batch's needs over
``--processes`` processes of the machine (``BATCH_PROCESSES`` by default) and print
what one process prints, line for line."""

from __future__ import annotations

import json
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from interchange.importer import import_document
from matching.batches import suggestion_lines
from matching.engine import spread
from matching.engine.quarters import Quarter
from needs.models import Need
from partners.models import Community
from synthetic import DEFAULT_START, generate_region

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not spread.can_fork(), reason="this process may not fork"),
]


@pytest.fixture
def district(monkeypatch: pytest.MonkeyPatch) -> str:
    """A generated district of 120 open needs, spread in parts of 30; its code."""
    import_document(generate_region(offerings=300, needs=120, seed=5))
    monkeypatch.setattr(spread, "MIN_PART", 30)
    return Community.objects.get(level=Community.Level.DISTRICT).code


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("form", ["jsonl", "table"])
def test_match_all_over_processes_prints_what_one_prints(district: str, form: str) -> None:
    alone = run("match", "--all", "--format", form, "--processes", "1")
    assert run("match", "--all", "--format", form, "--processes", "3") == alone
    if form == "jsonl":
        records = [json.loads(line) for line in alone.splitlines()]
        assert len(records) == 120
        assert [r["need"] for r in records] == sorted(r["need"] for r in records)
        assert sum(len(r["matches"]) for r in records) > 120


def test_allocate_over_processes_plans_what_one_plans(district: str) -> None:
    args = ["--scope", district, "--quarter", str(Quarter.of(DEFAULT_START)), "--format", "json"]
    alone = run("allocate", *args, "--processes", "1")
    plan = json.loads(alone)
    assert len(plan["assignments"]) > 10
    assert all(a["reasons"] for a in plan["assignments"])
    assert run("allocate", *args, "--processes", "2") == alone


def test_processes_default_to_the_setting(district: str) -> None:
    seen: list[int] = []
    real = spread.spread

    def counting(work, parts, *, processes):
        seen.append(processes)
        return real(work, parts, processes=processes)

    with pytest.MonkeyPatch.context() as patch, override_settings(BATCH_PROCESSES=3):
        patch.setattr(spread, "spread", counting)
        run("match", "--all", "--format", "jsonl")
    # The batch is spread over the setting's processes; each part then ranks its needs
    # in the process it was given.
    assert seen[0] == 3
    assert set(seen[1:]) == {1}


@pytest.mark.parametrize("command", ["match", "allocate"])
def test_processes_below_one_are_refused(command: str) -> None:
    args = ["--all"] if command == "match" else ["--scope", "X", "--quarter", "2026Q4"]
    with pytest.raises(CommandError, match="--processes: expected 1 or more, got 0"):
        call_command(command, *args, "--processes", "0", stdout=StringIO())


@pytest.mark.parametrize("processes", [1, 3])
def test_lines_come_in_the_querysets_order_and_leave_no_file(
    district: str, processes: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    needs = Need.objects.filter(status=Need.Status.OPEN).order_by("-code")
    lines = suggestion_lines(needs=needs, limit=3, processes=processes)
    first = json.loads(next(lines))
    # While the lines are read, each process's file is there; then none is.
    assert len(list(tmp_path.glob("jinlin-suggestions-*/*.jsonl"))) == min(processes, 3)
    rest = [json.loads(line) for line in lines]
    assert [first["need"]] + [r["need"] for r in rest] == list(needs.values_list("code", flat=True))
    assert all(len(r["matches"]) <= 3 for r in rest)
    assert list(tmp_path.iterdir()) == []
