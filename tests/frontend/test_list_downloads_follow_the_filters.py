"""Each list downloads, as Excel or CSV, the rows its filters select and no others."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from frontend.tables import NEED_HEADERS, PARTNER_HEADERS, PROJECT_HEADERS
from tests.factories import NeedFactory, OfferingFactory, PartnerFactory, ProjectFactory
from tests.frontend.downloads import column, table_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_needs_download_keeps_only_the_filtered_needs(client, secretary, tree, fmt):
    NeedFactory.create(code="N-OPEN", title="老人理发", community=tree["C11"], status="open")
    NeedFactory.create(code="N-GONE", title="老人助浴", community=tree["C11"], status="cancelled")
    client.force_login(secretary)
    response = client.get(reverse("needs"), {"status": "open", "format": fmt})
    assert f'needs-2026-11-02.{fmt}"' in response["Content-Disposition"]
    table = table_of(response)
    assert tuple(table[0]) == NEED_HEADERS
    assert column(table, "编码") == ["N-OPEN"]
    assert column(table, "需求") == ["老人理发"]
    assert column(table, "状态") == ["待对接"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_partner_download_keeps_only_the_filtered_partners(client, secretary, tree, fmt):
    clinic = PartnerFactory.create(
        code="P-CLINIC", name="海裕诊所", community=tree["C11"], kind="unit"
    )
    OfferingFactory.create(code="O-CHECK", partner=clinic, title="长者义诊")
    PartnerFactory.create(code="P-CLUB", name="书法社", community=tree["C11"], kind="social_org")
    client.force_login(secretary)
    response = client.get(reverse("partners"), {"kind": "unit", "format": fmt})
    table = table_of(response)
    assert tuple(table[0]) == PARTNER_HEADERS
    assert column(table, "编码") == ["P-CLINIC"]
    assert column(table, "服务") == ["长者义诊"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_project_download_keeps_only_the_filtered_projects(
    client: Any, street_admin: Any, tree: Any, fmt: str
) -> None:
    clinic = PartnerFactory.create(code="P-CLINIC", name="海裕诊所", community=tree["C11"])
    OfferingFactory.create(code="O-CHECK", partner=clinic, title="长者义诊")
    ProjectFactory.create(
        need=NeedFactory.create(code="N-HERE", title="测血压", community=tree["C11"]),
        offering=OfferingFactory.create(code="O-CHECK"),
        quantity=3,
        quarter="2026Q4",
        status="accepted",
    )
    ProjectFactory.create(
        need=NeedFactory.create(code="N-THERE", title="理发", community=tree["C12"]),
        quarter="2026Q4",
        status="accepted",
    )
    client.force_login(street_admin)
    response = client.get(reverse("projects"), {"community": "BA-S1-C1", "format": fmt})
    table = table_of(response)
    assert tuple(table[0]) == PROJECT_HEADERS
    assert len(table) == 2
    row = dict(zip(table[0], table[1], strict=True))
    assert row["需求编码"] == "N-HERE"
    assert row["社区"] == "海裕社区"
    assert row["资源"] == "长者义诊"
    assert row["合伙人"] == "海裕诊所"
    assert str(row["数量"]) == "3"
    assert row["季度"] == "2026Q4"
    assert row["状态"] == "已接单"


def test_an_unknown_format_shows_the_page(client, secretary, tree):
    client.force_login(secretary)
    response = client.get(reverse("needs"), {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
