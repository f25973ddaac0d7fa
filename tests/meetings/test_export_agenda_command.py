"""``manage.py export_agenda MEETING_CODE --format F --output FILE``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx", "ics", "html"])
def test_writes_each_format(generated: Scenario, tmp_path: Path, fmt: str) -> None:
    output = tmp_path / f"agenda.{fmt}"
    out = io.StringIO()
    call_command("export_agenda", "M-Q4", "--format", fmt, "--output", str(output), stdout=out)
    content = output.read_bytes()
    assert len(content) > 0
    assert f"M-Q4 agenda → {output}" in out.getvalue()
    magic = {
        "docx": b"PK",
        "xlsx": b"PK",
        "pdf": b"%PDF",
        "ics": b"BEGIN:VCALENDAR",
        "html": b"<!DOCTYPE html>",
    }
    assert content.startswith(magic[fmt])


def test_minutes_as_a_user_show_what_that_user_may_see(minuted: Scenario, tmp_path: Path) -> None:
    output = tmp_path / "minutes.docx"
    username = minuted.secretary.username
    call_command("export_agenda", "M-Q4", "--minutes", "--as", username, "--output", str(output))
    text = "\n".join(c.text for t in Document(str(output)).tables for r in t.rows for c in r.cells)
    assert "13900001111" in text


def test_unknown_meeting_is_named(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="unknown meeting code 'M-NONE'"):
        call_command("export_agenda", "M-NONE", "--format", "pdf", "--output", str(tmp_path / "x"))


def test_format_from_an_unknown_suffix_is_refused(generated: Scenario, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--format"):
        call_command("export_agenda", "M-Q4", "--output", str(tmp_path / "agenda.txt"))


def test_a_user_who_may_not_see_the_meeting_is_refused(generated: Scenario, tmp_path: Path) -> None:
    username = generated.other_secretary.username
    with pytest.raises(CommandError, match="--as"):
        call_command("export_agenda", "M-Q4", "--as", username, "--output", str(tmp_path / "a.pdf"))
