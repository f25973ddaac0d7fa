"""The Excel workbook: the meeting's lists as sheets, every text cell safe from formula
injection (``core.spreadsheets.safe_cell``)."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.spreadsheets import safe_cell
from meetings.exports.content import MeetingDocument


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
