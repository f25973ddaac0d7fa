"""The agenda as Excel: the lists as sheets, numbers equal to the database, no formulas."""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from meetings.exports import render
from meetings.exports.sheets import text_width
from needs.models import Need
from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


def _book(s: Scenario) -> openpyxl.Workbook:
    content = render(meeting=s.meeting, viewer=s.secretary, document="agenda", fmt="xlsx")
    return openpyxl.load_workbook(io.BytesIO(content))


def _records(sheet: Worksheet) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(map(str, rows[0]), row, strict=True)) for row in rows[1:]]


def test_the_three_lists_are_sheets(generated: Scenario) -> None:
    book = _book(generated)
    assert {"需求清单", "资源清单", "项目清单"} <= set(book.sheetnames)


def test_needs_sheet_matches_the_database(generated: Scenario) -> None:
    needs = _records(_book(generated)["需求清单"])
    on_agenda = generated.meeting.agenda_items.exclude(need=None).values_list("need_id", flat=True)
    expected = {n.code: n.quantity for n in Need.objects.filter(pk__in=on_agenda)}
    assert {r["需求编号"]: r["数量"] for r in needs} == expected
    blood = next(r for r in needs if r["需求编号"] == "N-BP")
    assert blood["需求"] == "老人想测血压"
    assert "社区医院" in str(blood["推荐合伙人"])


def test_offerings_and_projects_carry_capacity_and_quantity(generated: Scenario) -> None:
    book = _book(generated)
    offerings = _records(book["资源清单"])
    new = next(r for r in offerings if r["资源编码"] == "O-CHECK" and r["在议程中"] == "新增资源")
    assert new["每季度容量"] == generated.checkup.capacity
    projects = _records(book["项目清单"])
    assert sorted((r["需求编号"], r["数量"]) for r in projects) == [("N-OLD1", 3), ("N-OLD2", 1)]


def test_text_that_would_be_a_formula_is_neutralised(generated: Scenario) -> None:
    item = generated.meeting.agenda_items.get(need=generated.blood_pressure)
    details = dict(item.details)
    details["need"] = {**details["need"], "title": '=HYPERLINK("http://evil","点我")'}
    item.details = details
    item.save()
    book = _book(generated)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    titles = [r["需求"] for r in _records(book["需求清单"])]
    assert '\'=HYPERLINK("http://evil","点我")' in titles


def test_sheets_read_like_a_prepared_list(generated: Scenario) -> None:
    book = _book(generated)
    offerings = book["资源清单"]
    assert isinstance(offerings, Worksheet)
    header = [c.value for c in offerings[1]]
    assert header[:2] == ["合伙人", "资源"]  # the offering beside its partner
    for name in book.sheetnames[1:]:
        sheet = book[name]
        assert isinstance(sheet, Worksheet)
        assert sheet.freeze_panes == "A2", name
    # Each column as wide as what it holds, a Chinese character counting two.
    for index, column in enumerate(offerings.iter_cols(min_row=1), start=1):
        letter = get_column_letter(index)
        widest = max(text_width(c.value) for c in column)
        assert offerings.column_dimensions[letter].width >= min(widest, 60), letter
    assert {"新加入的合伙人", "新增的资源"} <= set(book.sheetnames)
