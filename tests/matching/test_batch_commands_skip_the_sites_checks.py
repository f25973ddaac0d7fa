"""The commands a city runs in batches (suggestions, allocation, coverage, import) skip
Django's system checks, which import every view of the site before any work (about 0.9 s
a run); ``manage.py check`` and CI run them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import load_command_class
from django.core.management.base import BaseCommand

from core import commands

# Each command with arguments that pass parsing and then fail in its work: the checks,
# when asked for, run between the two.
BATCH_COMMANDS = [
    ("matching", "coverage", ["--scope", "NOWHERE"]),
    ("matching", "match", ["--need", "NO-SUCH-NEED"]),
    ("matching", "allocate", ["--scope", "NOWHERE", "--quarter", "2026Q4"]),
    ("interchange", "import_region", ["/nonexistent/city.json"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "name", "args"), BATCH_COMMANDS)
def test_a_batch_command_runs_without_the_sites_checks(
    app: str, name: str, args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    checked: list[str] = []
    monkeypatch.setattr(BaseCommand, "check", lambda self, *a, **k: checked.append(name))
    # Run from the command line, a batch keeps the memory it frees: not this process.
    monkeypatch.setattr(commands, "keep_freed_memory", lambda: False)
    command = load_command_class(app, name)

    with pytest.raises(SystemExit):
        command.run_from_argv(["manage.py", name, *args])

    assert "CommandError" in capsys.readouterr().err
    assert checked == []
