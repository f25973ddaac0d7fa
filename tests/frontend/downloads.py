"""Reading a list's download back as rows, for the download tests."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook


def table_of(response: Any) -> list[list[Any]]:
    """The rows of a CSV or Excel download, header row first."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read Chinese"
        return [list(row) for row in csv.reader(io.StringIO(text[1:]))]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def column(table: list[list[Any]], header: str) -> list[Any]:
    """One column's values below the header row."""
    at = table[0].index(header)
    return [row[at] for row in table[1:]]
