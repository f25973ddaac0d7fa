"""A secretary narrows the project board to one partner's projects this quarter,
downloads them as an Excel file and finds exactly those rows in it; on the needs list a
need past its window stands out as overdue."""

from __future__ import annotations

import datetime as dt
import io
import re

import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from tests.browser.data import district
from tests.factories import FACTORY_DAY, NeedFactory, ProjectFactory


@time_machine.travel(FACTORY_DAY, tick=True)
def test_secretary_filters_the_board_and_downloads_the_excel_file(open_session):
    world = district()
    tree = world["tree"]
    clinic, red_cross = world["offerings"]
    today = timezone.localdate()
    for code, title, community, offering, quarter, status in (
        ("N-PRESSURE", "独居老人测血压", tree["C11"], clinic, "2026Q4", "dispatched"),
        ("N-SUGAR", "小区站血糖筛查", tree["X1"], red_cross, "2026Q4", "accepted"),
        ("N-SPRING", "春季义诊", tree["C11"], red_cross, "2026Q3", "evaluated"),
    ):
        ProjectFactory(
            need=NeedFactory(code=code, title=title, community=community),
            offering=offering,
            quarter=quarter,
            status=status,
            quantity=2,
        )
    NeedFactory(
        code="N-LATE",
        title="楼道扶手维修",
        community=tree["C11"],
        window_start=today - dt.timedelta(days=40),
        window_end=today - dt.timedelta(days=3),
        status="open",
    )

    s = open_session()
    s.sign_in(world["secretary"].username)
    page = s.go("/projects/")
    page.get_by_label("合伙人").select_option(label="红十字志愿队")
    page.get_by_label("季度").select_option("2026Q4")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"/projects/\?.*partner=P-RED"))
    board = page.locator(".board")
    assert board.get_by_text("小区站血糖筛查").is_visible()
    assert board.get_by_text("独居老人测血压").count() == 0
    assert board.get_by_text("春季义诊").count() == 0
    s.shot("secretary-filtered-project-board")

    with page.expect_download() as arrived:
        page.get_by_role("link", name="下载 Excel").click()
    download = arrived.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows[0]
    assert [dict(zip(header, row, strict=True))["需求编码"] for row in rows[1:]] == ["N-SUGAR"]
    row = dict(zip(header, rows[1], strict=True))
    assert row["合伙人"] == "红十字志愿队"
    assert row["社区"] == "海裕小区站"
    assert row["季度"] == "2026Q4"
    assert row["状态"] == "已接单"
    assert row["数量"] == 2

    page = s.go("/needs/")
    late = page.locator("tr", has_text="楼道扶手维修")
    assert late.get_by_text("已逾期").is_visible()
    assert page.locator("tr", has_text="独居老人测血压").get_by_text("已逾期").count() == 0
    s.shot("secretary-needs-list-with-overdue-need")
