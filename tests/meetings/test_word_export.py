"""The agenda as Word: headings, tables, page numbers, East-Asian fonts, the numbers."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import RGBColor

from meetings.exports import render
from tests.meetings.conftest import Scenario, docx_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def word(generated: Scenario) -> bytes:
    return render(
        meeting=generated.meeting, viewer=generated.secretary, document="agenda", fmt="docx"
    )


def test_headings_follow_the_agenda(word: bytes, generated: Scenario) -> None:
    document = Document(io.BytesIO(word))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Title"))
    ]
    titles = list(
        generated.meeting.agenda_items.order_by("position").values_list("title", flat=True)
    )
    assert headings[0] == "2026年第四季度党建联席会 会议议程"
    assert headings[1:3] == ["一、参会单位", "二、会议议程"]
    assert headings[3 : 3 + len(titles)] == [f"{n}. {t}" for n, t in enumerate(titles, start=1)]
    # The new partners' and offerings' full lists close the document as an annex.
    assert headings[3 + len(titles) :] == ["附件1\u3000新合伙人与新资源清单"]


def test_tables_carry_the_numbers_of_the_database(word: bytes, generated: Scenario) -> None:
    document = Document(io.BytesIO(word))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    review = next(r for r in rows if r[0] == "独居老人义诊")
    assert review[1:6] == ["社区医院", "长者义诊", "3", "已评价", "4"]
    declined = next(r for r in rows if r[0] == "长者理发")
    assert declined[-1] == "本季度人手不足"
    invited = [[c.text for c in row.cells] for row in document.tables[0].rows][1:]
    assert [r[:2] for r in invited] == [["1", "老牌志愿队"], ["2", "社区医院"]]
    annex = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    assert annex[0] == ["序号", "合伙人", "资源", "类别", "每季度容量"]
    offering = next(r for r in annex if r[1:3] == ["社区医院", "长者义诊"])
    assert offering[-1] == str(generated.checkup.capacity)


def test_chinese_text_is_intact(word: bytes) -> None:
    text = docx_text(word)
    for phrase in (
        "海裕社区党群服务中心二楼会议室",
        "老人想测血压",
        "需要线上法律咨询",
        "本季度人手不足",
    ):
        assert phrase in text


def test_footer_numbers_the_pages(word: bytes) -> None:
    document = Document(io.BytesIO(word))
    footer = document.sections[0].footer._element
    instructions = [e.text.strip() for e in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_styles_name_an_east_asian_font(word: bytes) -> None:
    document = Document(io.BytesIO(word))
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts is not None, name
        expected = "仿宋" if name == "Normal" else "黑体"
        assert fonts.get(qn("w:eastAsia")) == expected, name
        assert document.styles[name].font.color.rgb == RGBColor(0, 0, 0), name


def test_the_new_partners_item_is_summarised_with_an_annex(word: bytes) -> None:
    text = docx_text(word)
    assert "新加入合伙人" in text
    assert "完整清单见附件。" in text
    document = Document(io.BytesIO(word))
    captions = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Caption"
    ]
    assert captions[-2:] == ["新加入的合伙人", "新增的资源"]


def test_fixed_column_widths_keep_the_reasons_wide(word: bytes) -> None:
    document = Document(io.BytesIO(word))
    suggestions = next(t for t in document.tables if t.rows[0].cells[-1].text == "推荐理由")
    layout = suggestions._tbl.tblPr.find(qn("w:tblLayout"))
    assert layout is not None
    assert layout.get(qn("w:type")) == "fixed"
    widths = [c.width for c in suggestions.rows[0].cells]
    assert widths[-1] == max(widths)
