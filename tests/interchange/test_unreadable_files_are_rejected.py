"""``import_region`` on any file answers with its problems and a CommandError, writing
nothing: never a traceback."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from interchange.workbook import write_workbook
from tests.interchange.conftest import minimal_doc, row_counts

pytestmark = pytest.mark.django_db


def _minimal_json() -> str:
    return json.dumps(minimal_doc(), ensure_ascii=False)


FILES: dict[str, tuple[str, bytes]] = {
    "empty file": ("doc.json", b""),
    "not UTF-8": ("doc.json", "区".encode("gb18030") * 10),
    "JSON null": ("doc.json", b"null"),
    "a list": ("doc.json", b"[]"),
    "nested deeper than Python recurses": ("doc.json", b"[" * 200_000 + b"]" * 200_000),
    "an integer of 5000 digits": (
        "doc.json",
        b'{"format": "jinlin-interchange/1", "needs": [{"quantity": ' + b"9" * 5000 + b"}]}",
    ),
    "NaN": ("doc.json", _minimal_json().replace('"lat": 22.6,', '"lat": NaN,').encode()),
    "Infinity as a radius": (
        "doc.json",
        _minimal_json()
        .replace(
            '"service_area": {"communities": ["T-S1"]}', '"service_area": {"radius_km": Infinity}'
        )
        .encode(),
    ),
    "a lone surrogate escaped in a name": (
        "doc.json",
        _minimal_json().replace('"测试医院"', '"\\ud800医院"').encode(),
    ),
    "a NUL escaped in a description": (
        "doc.json",
        _minimal_json().replace('"老人想测血压"', '"老人\\u0000想测血压"').encode(),
    ),
    "a workbook named .json": ("doc.json", write_workbook({"format": "x", "needs": []})[:100]),
    "a JSON document named .xlsx": ("doc.xlsx", _minimal_json().encode()),
}


@pytest.mark.parametrize(("name", "content"), FILES.values(), ids=FILES.keys())
def test_unreadable_or_invalid_file_gives_its_problems_and_writes_nothing(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    err = io.StringIO()

    with pytest.raises(CommandError, match="rejected, nothing written"):
        call_command("import_region", str(path), stderr=err)

    assert err.getvalue().strip()
    assert all(n == 0 for n in row_counts().values())


def test_directory_is_rejected_as_unreadable(tmp_path: Path) -> None:
    err = io.StringIO()

    with pytest.raises(CommandError, match="rejected, nothing written"):
        call_command("import_region", str(tmp_path), stderr=err)

    assert err.getvalue().startswith("file: cannot be read")
