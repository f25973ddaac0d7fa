"""A need whose window ended before today while still unserved is marked 已逾期 on the
needs list and in its download; one whose window is still open, or that was served, is
not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import NeedFactory
from tests.frontend.downloads import table_of

pytestmark = pytest.mark.django_db

ENDED = dt.date(2026, 11, 1)  # the day before the tests' today (2026-11-02)


@pytest.fixture
def needs(tree):
    NeedFactory(code="N-LATE", title="逾期的需求", community=tree["C11"], window_end=ENDED)
    NeedFactory(
        code="N-DONE", title="办完的需求", community=tree["C11"], window_end=ENDED, status="done"
    )
    NeedFactory(code="N-ONTIME", title="还来得及", community=tree["C11"])


def _row_of(body: str, title: str) -> str:
    start = body.index(title)
    return body[start : body.index("</tr>", start)]


def test_the_list_flags_only_the_unserved_need_past_its_window(client, secretary, needs):
    client.force_login(secretary)
    body = client.get(reverse("needs")).content.decode()
    assert "已逾期" in _row_of(body, "逾期的需求")
    assert "已逾期" not in _row_of(body, "办完的需求")
    assert "已逾期" not in _row_of(body, "还来得及")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_download_has_an_overdue_column(client, secretary, needs, fmt):
    client.force_login(secretary)
    table = table_of(client.get(reverse("needs"), {"format": fmt}))
    at, flag = table[0].index("编码"), table[0].index("已逾期")
    assert {row[at]: row[flag] for row in table[1:]} == {
        "N-LATE": "是",
        "N-DONE": "否",
        "N-ONTIME": "否",
    }
