"""Spreadsheet cells that cannot run: any export writing user text to Excel goes through
:func:`safe_cell`, so a need titled ``=HYPERLINK(...)`` stays text in every workbook."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook

# What spreadsheet programs read as the start of a formula or a command (CSV/DDE
# injection): =, +, -, @, and a leading tab or carriage return that hides one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` ready for a cell: text that would start a formula is prefixed with an
    apostrophe (``'``), the convention spreadsheets read as "this is text"; numbers,
    dates and ``None`` pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


TABLE_FORMATS = ("csv", "xlsx")


def table_download(
    *, headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str, fmt: str
) -> HttpResponse:
    """A table as a file to download: ``csv`` (UTF-8 with a byte-order mark, which Excel
    needs to read Chinese) or ``xlsx`` (one sheet, header row frozen). Every cell goes
    through :func:`safe_cell`. ``filename`` has no extension; ``ValueError`` for another
    format."""
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([safe_cell(h) for h in headers])
        for row in rows:
            writer.writerow([safe_cell(v) for v in row])
    elif fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.create_sheet(index=0)
        del workbook[workbook.sheetnames[1]]  # the empty sheet a new workbook starts with
        sheet.append([safe_cell(h) for h in headers])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise ValueError(f"unknown table format {fmt!r}; expected one of {TABLE_FORMATS}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
