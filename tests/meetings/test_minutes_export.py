"""The minutes, exported after the meeting: attendance, decisions, resulting projects."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from meetings.exports import render
from needs.models import Project
from tests.meetings.conftest import Scenario, docx_text, pdf_text

pytestmark = pytest.mark.django_db


def _render(s: Scenario, fmt: str) -> bytes:
    return render(meeting=s.meeting, viewer=s.secretary, document="minutes", fmt=fmt)


def test_word_minutes_record_decisions_and_projects(minuted: Scenario) -> None:
    text = docx_text(_render(minuted, "docx"))
    project = Project.objects.get(need=minuted.blood_pressure)
    for phrase in (
        "2026年第四季度党建联席会 会议纪要",
        "一、出席情况",
        "应到 2 家，实到 1 家。",
        "二、议定事项",
        "决定：合伙人认领",
        "决定：暂缓",
        "决定：关闭需求",
        f"形成项目 {project.pk}：老牌志愿队「上门量血压」承接，数量 2，状态 已接单",
        "三、形成的项目",
        "本次会议形成项目 1 个。",
        "小区健身器材老化",
        "本次会议议定四项。",
    ):
        assert phrase in text, phrase


def test_pdf_minutes_read_back(minuted: Scenario, tmp_path: Path) -> None:
    text = pdf_text(_render(minuted, "pdf"), tmp_path)
    for phrase in ("会议纪要", "出席情况", "缺席", "形成的项目", "上门量血压", "小区健身器材老化"):
        assert phrase in text, phrase


def test_excel_minutes_list_the_new_project(minuted: Scenario) -> None:
    book = openpyxl.load_workbook(io.BytesIO(_render(minuted, "xlsx")))
    rows = list(book["项目清单"].iter_rows(values_only=True))
    header, records = rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert "项目编号" in header
    project = Project.objects.get(need=minuted.blood_pressure)
    new = [r for r in records if r["项目编号"] == project.pk]
    assert len(new) == 1
    assert (new[0]["数量"], new[0]["合伙人"], new[0]["季度"]) == (
        2,
        "老牌志愿队",
        "本次会议（2026Q4）",
    )
    decisions = {r["需求编号"]: r["决定"] for r in _records(book["需求清单"])}
    assert decisions == {
        "N-BP": "合伙人认领",
        "N-LIGHT": "暂缓",
        "N-LAW": "关闭需求",
        "N-GYM": "会上新提",
    }


def _records(sheet: Worksheet) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(map(str, rows[0]), r, strict=True)) for r in rows[1:]]


def test_ics_and_html_minutes_name_the_document(minuted: Scenario) -> None:
    assert "会议纪要".encode() in _render(minuted, "html")
    ics = _render(minuted, "ics").decode("utf-8")
    assert "BEGIN:VEVENT" in ics
