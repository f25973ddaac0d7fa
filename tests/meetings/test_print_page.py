"""The print-ready HTML page: Chinese, print CSS, the same sections as the other formats."""

from __future__ import annotations

import re

import pytest

from meetings.exports import render
from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


def test_print_page_is_chinese_with_print_css(generated: Scenario) -> None:
    html = render(
        meeting=generated.meeting, viewer=generated.secretary, document="agenda", fmt="html"
    ).decode("utf-8")
    assert '<html lang="zh-CN">' in html
    assert "@media print" in html
    assert "Noto Serif CJK SC" in html
    for phrase in ("一、参会单位", "二、会议议程", "老人想测血压", "本季度人手不足"):
        assert phrase in html


def test_text_from_the_data_is_escaped(generated: Scenario) -> None:
    item = generated.meeting.agenda_items.get(kind="new_partners")
    item.title = "<script>alert(1)</script>"
    item.save()
    html = render(
        meeting=generated.meeting, viewer=generated.secretary, document="agenda", fmt="html"
    ).decode("utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_reasons_show_points_not_raw_weights(generated: Scenario) -> None:
    html = render(
        meeting=generated.meeting, viewer=generated.secretary, document="agenda", fmt="html"
    ).decode()
    assert "推荐理由" in html
    assert re.search(r"（\+\d+）", html)  # each reason's points out of 100
    assert not re.search(r"[（(]0\.\d+[）)]", html)
