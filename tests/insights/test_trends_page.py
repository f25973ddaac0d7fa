"""The 季度趋势 page: the area's quarters as three server-drawn charts and a table, which
downloads as CSV or Excel; only for the administrators over the area."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from partners.models import Community, Role
from tests.factories import PartnerFactory, user_with_role
from tests.insights import trends_world

pytestmark = pytest.mark.django_db

URL = "/insights/trends/"
HEADERS = [
    "季度",
    "新增需求",
    "已服务需求",
    "服务数量",
    "派单",
    "婉拒",
    "接单用时中位数（天）",
    "接单数",
    "平均评分",
    "评价数",
    "到期的答复",
    "按时答复率",
    "举办活动",
    "参加活动的居民",
]
# The last three quarters of the eight up to 2026Q4 (see tests/insights/trends_world.py).
LAST_THREE = [
    ["2026Q2", 2, 1, 3, 2, 1, 2.0, 1, None, 0, 0, None, 0, 0],
    ["2026Q3", 1, 1, 1, 2, 0, 4.5, 1, 4.5, 2, 0, None, 0, 0],
    ["2026Q4", 1, 2, 7, 1, 0, 2.25, 2, 3.33, 3, 0, None, 0, 0],
]


@pytest.fixture
def tree() -> dict[str, Community]:
    return trends_world.build()


@pytest.fixture
def secretary(tree: dict[str, Community]) -> Any:
    return user_with_role(Role.Kind.SECRETARY, community=tree["C11"])


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_secretary_sees_three_charts_and_the_table(secretary: Any) -> None:
    response = signed_in(secretary).get(URL, {"scope": "BA-S1-C1", "quarter": "2026Q4"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg class="chart-svg"') == 3
    for title in ("新增需求与已服务需求", "派单到接单的用时（中位数，天）", "平均评分（1–5 分）"):
        assert f">{title}</title>" in html
    # 8 quarters × 2 series of bars, one per quarter with a count above zero or not.
    assert html.count('<rect class="chart-bar') == 16
    # Waits and ratings in three and two quarters: points there, nothing elsewhere.
    assert html.count('<circle class="chart-point"') == 5
    assert "<title>2026Q4 平均评分：3.33</title>" in html
    assert "<title>2026Q3 接单用时中位数（天）：4.5</title>" in html
    # Every chart's figures as a table for screen readers, and the table of all rows.
    assert html.count('<table class="visually-hidden">') == 3
    assert '<th scope="row">2026Q4</th><td data-label="新增需求">1</td>' in html
    assert 'href="?scope=BA-S1-C1&amp;quarter=2026Q4&amp;download=xlsx"' in html


def test_the_table_downloads_as_csv_with_a_byte_order_mark(secretary: Any) -> None:
    response = signed_in(secretary).get(
        URL, {"scope": "BA-S1-C1", "quarter": "2026Q4", "download": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="trends-BA-S1-C1-2026Q4.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == HEADERS
    assert [r[0] for r in rows[1:]] == [
        "2025Q1",
        "2025Q2",
        "2025Q3",
        "2025Q4",
        "2026Q1",
        "2026Q2",
        "2026Q3",
        "2026Q4",
    ]
    assert rows[-3:] == [["" if v is None else str(v) for v in row] for row in LAST_THREE]


def test_the_table_downloads_as_an_excel_workbook(secretary: Any) -> None:
    response = signed_in(secretary).get(
        URL, {"scope": "BA-S1-C1", "quarter": "2026Q4", "download": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="trends-BA-S1-C1-2026Q4.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    assert len(rows) == 9
    assert rows[-3:] == LAST_THREE
    assert rows[1] == ["2025Q1", 0, 0, 0, 0, 0, None, 0, None, 0, 0, None, 0, 0]


def test_an_unknown_download_format_is_not_found(secretary: Any) -> None:
    response = signed_in(secretary).get(URL, {"scope": "BA-S1-C1", "download": "pdf"})
    assert response.status_code == 404


def test_a_street_admin_sees_her_street(tree: dict[str, Community]) -> None:
    admin = user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"])
    response = signed_in(admin).get(URL, {"scope": "BA-S1", "quarter": "2026Q4"})
    assert response.status_code == 200
    assert "新安街道" in response.content.decode()


def test_a_secretary_of_another_community_is_not_shown_it(tree: dict[str, Community]) -> None:
    other = user_with_role(Role.Kind.SECRETARY, community=tree["C21"])
    assert signed_in(other).get(URL, {"scope": "BA-S1-C1"}).status_code == 404
    assert signed_in(other).get(URL, {"scope": "BA-S1-C1", "download": "csv"}).status_code == 404


def test_a_partner_member_is_not_shown_it(tree: dict[str, Community]) -> None:
    member = user_with_role(
        Role.Kind.PARTNER_MEMBER, partner=PartnerFactory.create(code="P-A", community=tree["C11"])
    )
    assert signed_in(member).get(URL, {"scope": "BA-S1-C1"}).status_code == 404
    assert signed_in(member).get(URL).status_code == 404


def test_anonymous_is_sent_to_sign_in(tree: dict[str, Community]) -> None:
    response = Client().get(URL, {"scope": "BA-S1-C1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_query_count_is_fixed(secretary: Any, django_assert_max_num_queries: Any) -> None:
    client = signed_in(secretary)
    # Session and user, the scope, the area and choices, the six reads of the trends,
    # and the layout's unread notifications.
    with django_assert_max_num_queries(18):
        response = client.get(URL, {"scope": "BA-S1-C1", "quarter": "2026Q4"})
    assert response.status_code == 200
