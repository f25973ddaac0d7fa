"""``import_region`` and ``export_region``."""

import io
import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import BaseCommand, CommandError

from interchange.workbook import write_workbook
from partners.models import Offering
from tests.interchange.conftest import minimal_doc, row_counts

pytestmark = pytest.mark.django_db


def _write(tmp_path: Path, name: str, content: Any) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_import_prints_counts_per_kind(tmp_path: Path) -> None:
    out = io.StringIO()

    call_command("import_region", _write(tmp_path, "doc.json", minimal_doc()), stdout=out)

    assert "offerings    created      1  updated      0  unchanged      0" in out.getvalue()
    assert Offering.objects.filter(code="T-O1").exists()


def test_bad_document_lists_every_problem_on_stderr_and_fails(tmp_path: Path) -> None:
    doc = minimal_doc()
    doc["offerings"][0]["capacity"] = -1
    doc["needs"][0]["priority"] = "asap"
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_region", _write(tmp_path, "doc.json", doc), stderr=err)

    assert err.getvalue().splitlines() == [
        "offerings[0].capacity: must be at least 0, got -1",
        "needs[0].priority: expected one of low, normal, high, urgent, got 'asap'",
    ]
    assert all(n == 0 for n in row_counts().values())


def test_file_that_is_not_json_is_rejected(tmp_path: Path) -> None:
    err = io.StringIO()
    path = tmp_path / "doc.json"
    path.write_text("format: jinlin-interchange/1\n", encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("import_region", str(path), stderr=err)

    assert err.getvalue().startswith("file: not valid JSON: Expecting value at line 1, column 1")


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    out = io.StringIO()

    call_command(
        "import_region", _write(tmp_path, "doc.json", minimal_doc()), "--dry-run", stdout=out
    )

    assert "dry run, nothing written" in out.getvalue()
    assert all(n == 0 for n in row_counts().values())


def test_workbook_imports_through_the_command(tmp_path: Path) -> None:
    path = _write(tmp_path, "清单.xlsx", write_workbook(minimal_doc()))

    call_command("import_region", path, stdout=io.StringIO())

    assert Offering.objects.get(code="T-O1").area_rows.get().community.code == "T-S1"


def test_workbook_problems_name_sheet_row_and_column(tmp_path: Path) -> None:
    doc = minimal_doc()
    doc["needs"][0]["window"] = {"start": "2026-10-01", "end": "2026-01-01"}
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_region", _write(tmp_path, "doc.xlsx", write_workbook(doc)), stderr=err)

    assert err.getvalue().strip() == (
        "sheet 'needs', row 2, column 'window_end': must not be before start 2026-10-01"
    )


def test_file_that_is_not_a_workbook_is_rejected(tmp_path: Path) -> None:
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_region", _write(tmp_path, "doc.xlsx", b"not a zip"), stderr=err)

    assert err.getvalue().startswith("file: not an Excel workbook (.xlsx)")


def test_export_writes_utf8_json_to_a_file(tmp_path: Path) -> None:
    call_command("import_region", _write(tmp_path, "in.json", minimal_doc()), stdout=io.StringIO())
    path = tmp_path / "out.json"

    call_command("export_region", "--output", str(path))

    text = path.read_text(encoding="utf-8")
    assert "长者义诊" in text
    assert json.loads(text)["offerings"][0]["code"] == "T-O1"


def test_export_of_a_scope_goes_to_stdout(tmp_path: Path) -> None:
    call_command("import_region", _write(tmp_path, "in.json", minimal_doc()), stdout=io.StringIO())
    out = io.StringIO()

    call_command("export_region", "--scope", "T-S1-C1", stdout=out)

    doc = json.loads(out.getvalue())
    assert [c["code"] for c in doc["communities"]] == ["T-S1-C1"]


def test_export_of_an_unknown_scope_fails() -> None:
    with pytest.raises(CommandError, match="unknown community code 'NOPE'"):
        call_command("export_region", "--scope", "NOPE", stdout=io.StringIO())


def test_export_to_xlsx_writes_a_workbook_that_reads_back(tmp_path: Path) -> None:
    from interchange.exporter import export_document
    from interchange.workbook import read_workbook

    call_command("import_region", _write(tmp_path, "doc.json", minimal_doc()))
    target = tmp_path / "region.xlsx"

    call_command("export_region", f"--output={target}")

    assert read_workbook(target) == export_document()


def test_import_runs_no_system_checks_which_would_load_every_view(tmp_path: Path) -> None:
    # Run as from the command line (call_command skips the checks unless told otherwise).
    command = load_command_class("interchange", "import_region")
    parsed = vars(
        command.create_parser("manage.py", "import_region").parse_args(
            [_write(tmp_path, "doc.json", minimal_doc())]
        )
    )
    with mock.patch.object(BaseCommand, "check") as checked:
        command.execute(**parsed)
    checked.assert_not_called()
    assert Offering.objects.filter(code="T-O1").exists()
