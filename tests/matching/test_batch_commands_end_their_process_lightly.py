"""Run from the command line, a batch command (``match``, ``allocate``, ``coverage``) is
its process's whole work: as it returns, it sets what it leaves aside from the garbage
collector, so the interpreter's last collection does not walk the index and the batch
before the process exits. Called in a running process (a test, a shell), it leaves the
collector as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import ManagementUtility, call_command
from django.db import connections

from core import commands
from interchange.importer import import_document
from matching.engine.quarters import Quarter
from partners.models import Community
from synthetic import DEFAULT_START, generate_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def district() -> str:
    import_document(generate_region(offerings=120, needs=40, seed=3))
    return Community.objects.get(level=Community.Level.DISTRICT).code


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Nothing frozen before the test (skipped if something else froze objects), and
    nothing after it. The test's database connection is kept open (a command run from
    the command line closes every connection as it ends), and so is the test process's
    allocator (one run from the command line keeps the memory it frees)."""
    if gc.get_freeze_count():
        pytest.skip("objects were frozen before this test: it could not tell its own")
    monkeypatch.setattr(connections, "close_all", lambda: None)
    monkeypatch.setattr(commands, "keep_freed_memory", lambda: False)
    try:
        yield
    finally:
        gc.unfreeze()


def _arguments(command: str, district: str) -> list[str]:
    quarter = str(Quarter.of(DEFAULT_START))
    return {
        "match": ["--all", "--format", "jsonl", "--processes", "1"],
        "allocate": ["--scope", district, "--quarter", quarter, "--format", "json"],
        "coverage": ["--scope", district, "--quarter", quarter, "--format", "json"],
    }[command]


@pytest.mark.parametrize("command", ["match", "allocate", "coverage"])
def test_from_the_command_line_a_batch_leaves_its_objects_to_the_exit(
    command: str, district: str, collector: None, capsys: Any
) -> None:
    arguments = _arguments(command, district)
    call_command(command, *arguments)
    assert gc.get_freeze_count() == 0  # called in a running process: as it was
    printed = capsys.readouterr().out
    assert printed.strip()

    ManagementUtility(["manage.py", command, *arguments]).execute()
    assert gc.get_freeze_count() > 0
    assert capsys.readouterr().out == printed  # the same work, the same output
