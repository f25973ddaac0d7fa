"""The Word document (.docx, python-docx): title, headings, tables and page numbers.

Chinese text needs its East-Asian font named on every style (``w:rFonts/@w:eastAsia``):
Word and LibreOffice otherwise fall back to a Latin font and show boxes or a poor
substitute. Like a 公文, the body is set in 仿宋, headings in black 黑体 and tables in
宋体; Noto Serif CJK SC is named for the Latin slot's fallback and is what LibreOffice on
Linux finds.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from core.wordfonts import set_fonts as _set_fonts
from meetings.exports.content import MeetingDocument, Table

# 公文 style: body in 仿宋, headings in 黑体, tables in 宋体, all black.
EAST_ASIAN_FONT = "仿宋"
TABLE_EAST_ASIAN_FONT = "宋体"
HEADING_EAST_ASIAN_FONT = "黑体"
BLACK = RGBColor(0, 0, 0)

TEXT_WIDTH_MM = 170  # A4 less 20 mm margins


def _page_number_footer(document: DocxDocument) -> None:
    """``第 N 页 / 共 M 页`` from PAGE and NUMPAGES fields, which Word fills in."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def field(instruction: str) -> None:
        run = paragraph.add_run()
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = f" {instruction} "
        separate = OxmlElement("w:fldChar")
        separate.set(qn("w:fldCharType"), "separate")
        shown = OxmlElement("w:t")
        shown.text = "1"
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        for part in (begin, text, separate, shown, end):
            run._r.append(part)

    paragraph.add_run("第 ")
    field("PAGE")
    paragraph.add_run(" 页 / 共 ")
    field("NUMPAGES")
    paragraph.add_run(" 页")


def _table(document: DocxDocument, table: Table) -> None:
    if table.caption:
        document.add_paragraph(table.caption, style="Caption")
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    for cell, text in zip(header.cells, table.headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    # Repeat the header row on every page the table runs over.
    trpr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    if not table.rows:
        cells = grid.add_row().cells
        cells[0].text = "无"
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)
    if table.widths:
        grid.autofit = False
        # A fixed layout makes Word keep the widths instead of fitting columns to words,
        # so a long 推荐理由 column stays wide and the codes narrow.
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        grid._tbl.tblPr.append(layout)
        for column, percent in zip(grid.columns, table.widths, strict=True):
            width = Mm(TEXT_WIDTH_MM * percent / 100)
            for cell in column.cells:
                cell.width = width
    document.add_paragraph()


def render_docx(doc: MeetingDocument) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    styles = document.styles
    _set_fonts(styles["Normal"], EAST_ASIAN_FONT)
    styles["Normal"].font.size = Pt(10.5)
    styles["Normal"].font.color.rgb = BLACK
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12), ("Caption", 10.5)):
        _set_fonts(styles[name], HEADING_EAST_ASIAN_FONT)
        styles[name].font.color.rgb = BLACK
        styles[name].font.size = Pt(size)
        styles[name].font.italic = False
    _set_fonts(styles["Table Grid"], TABLE_EAST_ASIAN_FONT)
    document.core_properties.title = doc.title
    document.core_properties.language = "zh-CN"

    title = document.add_heading(doc.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    facts = [f"时间：{doc.when}"]
    if doc.place:
        facts.append(f"地点：{doc.place}")
    facts += [f"{label}：{value}" for label, value in doc.facts]
    line = document.add_paragraph("　".join(facts))
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in doc.sections:
        document.add_heading(part.heading, level=part.level)
        for paragraph in part.paragraphs:
            document.add_paragraph(paragraph)
        for table in part.tables:
            _table(document, table)
    _page_number_footer(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
