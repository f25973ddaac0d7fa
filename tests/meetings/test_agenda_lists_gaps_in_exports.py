"""The gaps item shows in every format of the agenda and minutes, and on the meeting's
page: the table 类别/需求单位/可及容量/缺口 and the recommendations."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from matching.index import forget_index
from meetings.exports import render
from needs.models import LiaisonMeeting
from tests.insights.recommendations_scenario import (
    INVITE_REHAB_ZH,
    RECRUIT_ZH,
    TODAY,
    Street,
    build_street,
    meeting_of,
)
from tests.meetings.conftest import docx_text, pdf_text

pytestmark = pytest.mark.django_db
HEADERS = ["类别", "需求单位", "可及容量", "缺口"]


@pytest.fixture
def street() -> Iterator[Street]:
    with time_machine.travel(TODAY, tick=False):
        yield build_street()
    forget_index()


@pytest.fixture
def meeting(street: Street) -> LiaisonMeeting:
    return meeting_of(street)


def _render(meeting: LiaisonMeeting, street: Street, fmt: str, document: str = "agenda") -> bytes:
    return render(meeting=meeting, viewer=street.secretary, document=document, fmt=fmt)


def test_word_has_the_table_and_the_recommendations(
    meeting: LiaisonMeeting, street: Street
) -> None:
    text = docx_text(_render(meeting, street, "docx"))
    assert "2026Q4服务缺口与建议" in text
    assert f"建议：{RECRUIT_ZH}" in text
    assert f"建议：{INVITE_REHAB_ZH}" in text
    lines = text.splitlines()
    # The table's cells, read row by row.
    table = [*HEADERS, "康复服务", "7", "2", "5", "法律服务", "1", "0", "1"]
    assert any(lines[i : i + len(table)] == table for i in range(len(lines)))


def test_the_minutes_have_it_too(meeting: LiaisonMeeting, street: Street) -> None:
    text = docx_text(_render(meeting, street, "docx", document="minutes"))
    assert f"建议：{RECRUIT_ZH}" in text


def test_pdf_reads_back_the_figures(
    meeting: LiaisonMeeting, street: Street, tmp_path: Path
) -> None:
    text = pdf_text(_render(meeting, street, "pdf"), tmp_path)
    assert "2026Q4服务缺口与建议" in text
    assert "为海裕社区招募康复服务合伙人" in text
    rows = [line.split() for line in text.splitlines()]
    assert ["康复服务", "7", "2", "5"] in rows
    assert ["法律服务", "1", "0", "1"] in rows


def test_excel_has_a_sheet_of_gaps_and_one_of_recommendations(
    meeting: LiaisonMeeting, street: Street
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(_render(meeting, street, "xlsx")))
    gaps = list(book["服务缺口"].iter_rows(values_only=True))
    assert gaps == [tuple(HEADERS), ("康复服务", 7, 2, 5), ("法律服务", 1, 0, 1)]
    advice = [row[0] for row in book["建议"].iter_rows(values_only=True)]
    assert advice[:3] == ["建议", RECRUIT_ZH, INVITE_REHAB_ZH]
    assert len(advice) == 5


def test_the_print_page_has_the_table_and_the_recommendations(
    meeting: LiaisonMeeting, street: Street
) -> None:
    html = _render(meeting, street, "html").decode("utf-8")
    assert "<th>类别</th><th>需求单位</th><th>可及容量</th><th>缺口</th>" in html
    assert "<tr><td>康复服务</td><td>7</td><td>2</td><td>5</td></tr>" in html
    assert f"<p>建议：{RECRUIT_ZH}</p>" in html


def test_the_meeting_page_shows_it(meeting: LiaisonMeeting, street: Street) -> None:
    client = Client()
    client.force_login(street.secretary)
    page = client.get(reverse("meeting-page", args=[meeting.code])).content.decode("utf-8")
    assert "2026Q4服务缺口与建议" in page
    assert "<td>海裕社区</td><td>康复服务</td><td>7</td><td>2</td><td>5</td>" in page
    assert f"<li>{INVITE_REHAB_ZH}" in page
    # The recommendation's 邀请 adds the partner in one click.
    assert f'action="{reverse("meeting-page-invite", args=[meeting.code])}"' in page


def test_a_workbook_without_gaps_has_no_such_sheet(street: Street) -> None:
    quiet = meeting_of(street, "C12")
    content = render(meeting=quiet, viewer=street.secretary, document="agenda", fmt="xlsx")
    assert "服务缺口" not in openpyxl.load_workbook(io.BytesIO(content)).sheetnames
