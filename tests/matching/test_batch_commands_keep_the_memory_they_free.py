"""A batch command run from the command line has glibc's allocator keep the memory it
frees for its next blocks: each block of needs frees its arrays together, and given back
to the system they came back zero-filled, page by page, on the next block (85,000 page
faults of a district's ``match --all``). Called in a running process, it leaves the
allocator as it was."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.management import call_command, load_command_class

from core import commands
from tests.fresh import run_fresh

GLIBC = "CS_GNU_LIBC_VERSION" in os.confstr_names and bool(os.confstr("CS_GNU_LIBC_VERSION"))

# Blocks as a batch makes them, 40 arrays of 1 MiB freed together, five times over; the
# page faults of the last four rounds.
ROUNDS = """
import resource
import numpy as np
from core.commands import keep_freed_memory
if {keep}:
    assert keep_freed_memory()
def block():
    arrays = [np.ones(2**17) for _ in range(40)]
    del arrays
block()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(4):
    block()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(*, keep: bool) -> int:
    return int(run_fresh(ROUNDS.format(keep=keep)).stdout)


@pytest.mark.skipif(not GLIBC, reason="the allocator's settings are glibc's")
def test_memory_freed_is_used_again_without_faulting_it_in() -> None:
    # 40 MiB a round is 10,240 pages: by default each round faults most of them in again.
    assert _faults(keep=False) > 20_000
    assert _faults(keep=True) < 1_000


@pytest.mark.django_db
def test_a_batch_command_keeps_it_only_when_it_is_the_process(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    kept: list[bool] = []

    def keep() -> bool:
        kept.append(True)
        return True

    monkeypatch.setattr(commands, "keep_freed_memory", keep)

    call_command("match", "--all", "--format", "jsonl")
    assert kept == []

    with pytest.raises(SystemExit):
        load_command_class("matching", "match").run_from_argv(
            ["manage.py", "match", "--need", "NO-SUCH-NEED"]
        )
    assert "unknown need code" in capsys.readouterr().err
    assert kept == [True]
