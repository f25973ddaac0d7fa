"""A workbook a clerk broke, or a file that is no workbook at all, is rejected with
InterchangeError naming where, and nothing is written: never another exception."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import random
import zipfile
from collections.abc import Callable

import openpyxl
import pytest

from interchange.errors import InterchangeError
from interchange.workbook import import_workbook, read_workbook, write_workbook
from tests.interchange.conftest import minimal_doc, row_counts

pytestmark = [
    pytest.mark.django_db,
    # openpyxl warns before it reads a date cell past the calendar as an error value.
    pytest.mark.filterwarnings("ignore:Cell .* is marked as a date"),
]


def _save(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _template() -> openpyxl.Workbook:
    """The minimal document as a clerk would open it."""
    return openpyxl.load_workbook(io.BytesIO(write_workbook(minimal_doc())))


def _edited(edit: Callable[[openpyxl.Workbook], object]) -> Callable[[], bytes]:
    def build() -> bytes:
        book = _template()
        edit(book)
        return _save(book)

    return build


def _with_zip_member(name: str, content: bytes) -> bytes:
    """The template with one member of its zip archive replaced."""
    original = zipfile.ZipFile(io.BytesIO(write_workbook(minimal_doc())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in original.infolist():
            archive.writestr(item, content if item.filename == name else original.read(item))
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _rename_sheet(book: openpyxl.Workbook) -> None:
    book["offerings"].title = "Sheet1"


def _extra_column(book: openpyxl.Workbook) -> None:
    sheet = book["partners"]
    sheet.cell(row=1, column=sheet.max_column + 1, value="wechat")


def _merged_cells(book: openpyxl.Workbook) -> None:
    sheet = book["offerings"]
    sheet.append(["T-O2", "T-P1", "第二项"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=3, end_column=3)


def _odd_cell_types(book: openpyxl.Workbook) -> None:
    sheet = book["offerings"]
    sheet["A2"] = True  # code
    sheet["B2"] = dt.time(9, 30)  # partner
    sheet["K2"] = dt.timedelta(hours=3)  # capacity
    # valid_until as a date and time: Excel cells carry no time zone.
    sheet["O2"] = dt.datetime(2026, 1, 1, 8, 0)  # noqa: DTZ001
    sheet["M2"] = 3.5  # availability


def _formulas(book: openpyxl.Workbook) -> None:
    sheet = book["offerings"]
    sheet["K2"] = "=1/0"  # capacity: a formula with no cached value
    sheet["C2"] = "=CONCATENATE(A2, B2)"  # title


def _headers_only(book: openpyxl.Workbook) -> None:
    for name in ("partners", "offerings", "meetings", "needs"):
        del book[name]
    book["communities"].delete_rows(2, 10)


def _empty_sheet(book: openpyxl.Workbook) -> None:
    book["needs"].delete_rows(1, 10)


def _headers_that_are_not_text(book: openpyxl.Workbook) -> None:
    sheet = book["meetings"]
    sheet["A1"] = 42
    sheet["B1"] = dt.date(2026, 1, 1)
    sheet["C1"] = "code"  # given twice


def _date_cell_past_the_calendar(book: openpyxl.Workbook) -> None:
    sheet = book["meetings"]
    sheet["C2"] = 10**9
    sheet["C2"].number_format = "yyyy-mm-dd"


def _huge_numbers(book: openpyxl.Workbook) -> None:
    book["offerings"]["K2"] = 2**63
    book["needs"]["H2"] = 1e308


def _slot_text_out_of_range(book: openpyxl.Workbook) -> None:
    book["offerings"]["M2"] = "0 09:00-24:00; 8 9:00-99:99"


_BROKEN_SHEET_XML = b"<worksheet><sheetData><row><c r='A1' t='s'><v>99</v></c></row>"

CASES: dict[str, Callable[[], bytes]] = {
    "a sheet with an unknown name": _edited(_rename_sheet),
    "an extra column": _edited(_extra_column),
    "merged cells": _edited(_merged_cells),
    "cells of odd types": _edited(_odd_cell_types),
    "formulas without a value": _edited(_formulas),
    "a sheet with no rows at all": _edited(_empty_sheet),
    "headers that are not text": _edited(_headers_that_are_not_text),
    "a date cell past the calendar": _edited(_date_cell_past_the_calendar),
    "numbers past a database integer": _edited(_huge_numbers),
    "weekly slots out of range": _edited(_slot_text_out_of_range),
    "a zip archive that is no workbook": lambda: _zip({"hello.txt": b"hello"}),
    "a workbook whose sheet is broken XML": lambda: _with_zip_member(
        "xl/worksheets/sheet2.xml", _BROKEN_SHEET_XML
    ),
    "a workbook whose book part is not XML": lambda: _with_zip_member(
        "xl/workbook.xml", b"\x00\x01not xml"
    ),
    "a truncated workbook": lambda: write_workbook(minimal_doc())[:2000],
    "empty bytes": lambda: b"",
    "random bytes": lambda: random.Random(7).randbytes(5000),
    "JSON bytes": lambda: b'{"format": "jinlin-interchange/1"}',
}


@pytest.mark.parametrize("build", CASES.values(), ids=CASES.keys())
def test_malformed_workbook_is_rejected_whole(build: Callable[[], bytes]) -> None:
    content = build()
    before = row_counts()

    with pytest.raises(InterchangeError) as caught:
        import_workbook(content)

    assert caught.value.problems
    assert all(": " in problem for problem in caught.value.problems)
    assert row_counts() == before


@pytest.mark.parametrize("build", CASES.values(), ids=CASES.keys())
def test_malformed_workbook_is_read_or_rejected(build: Callable[[], bytes]) -> None:
    with contextlib.suppress(InterchangeError):
        assert read_workbook(build())["format"] == "jinlin-interchange/1"


def test_sheet_with_only_headers_imports_nothing() -> None:
    report = import_workbook(_edited(_headers_only)())

    assert report.changed == 0
    assert all(n == 0 for n in row_counts().values())
