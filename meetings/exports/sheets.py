"""The Excel workbook: the meeting's lists as sheets, every text cell safe from formula
injection (``core.spreadsheets.safe_cell``)."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.spreadsheets import safe_cell
from meetings.exports.content import MeetingDocument

# Column widths in Excel's units (a Latin character); a Chinese character takes two.
MIN_WIDTH, MAX_WIDTH = 6, 60


def text_width(value: object) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(headers: Sequence[object], rows: Sequence[Sequence[object]]) -> list[float]:
    """Each column's width: its widest cell (header included) plus a margin, within
    :data:`MIN_WIDTH` and :data:`MAX_WIDTH`."""
    widths = []
    for i, header in enumerate(headers):
        widest = max([text_width(header), *(text_width(r[i]) for r in rows if i < len(r))])
        widths.append(float(min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)))
    return widths


def render_xlsx(doc: MeetingDocument) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    about = book.create_sheet("会议")
    about.append([doc.title])
    about.append(["时间", doc.when])
    about.append(["地点", safe_cell(doc.place)])
    for label, value in doc.facts:
        about.append([label, safe_cell(value)])
    for name, table in doc.sheets.items():
        sheet = book.create_sheet(name)
        # Set before the rows are written (write-only sheets take them only then): the
        # header row stays in view, each column is as wide as what it holds.
        sheet.freeze_panes = "A2"
        for index, width in enumerate(column_widths(table.headers, table.rows), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        header = []
        for text in table.headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([safe_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
