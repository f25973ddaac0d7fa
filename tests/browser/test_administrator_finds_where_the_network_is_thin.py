"""A street administrator finds where her street's partner network is thin — the heat
map, what to do about it, the network and the quarters — and the secretary takes the
gap to her liaison meeting."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from needs.models import Need
from partners.models import Role
from tests.browser.conftest import PHONE
from tests.browser.data import district, serve
from tests.factories import (
    FACTORY_DAY,
    MeetingFactory,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    user_with_role,
)

pytestmark = pytest.mark.browser


def _street_short_of_rehab() -> dict:
    """海裕 (C11) needs 4 units of rehab this quarter and needed 2 last quarter; nobody
    reaches it, while a rehab station serves its neighbour 灵芝 (C12) on the same street."""
    world = district()
    tree = world["tree"]
    NeedFactory.create(
        code="N-REHAB",
        community=tree["C11"],
        title="术后老人康复训练",
        category_id="rehab",
        quantity=4,
    )
    earlier = NeedFactory.create(
        code="N-REHAB-Q3",
        community=tree["C11"],
        title="出院老人居家康复指导",
        category_id="rehab",
        quantity=2,
        window_start=dt.date(2026, 8, 1),
        window_end=dt.date(2026, 9, 30),
    )
    Need.objects.filter(pk=earlier.pk).update(created_at=dt.datetime(2026, 7, 20, tzinfo=dt.UTC))
    station = PartnerFactory.create(code="P-REHAB", name="灵芝康复站", community=tree["C12"])
    serve(
        OfferingFactory.create(
            code="O-REHAB", partner=station, title="康复训练指导", category_id="rehab", capacity=5
        ),
        tree["C12"],
    )
    MeetingFactory.create(code="M-C11", community=tree["C11"], date=dt.date(2026, 11, 20))
    return world


def test_street_administrator_sees_the_gap_and_the_secretary_takes_it_to_the_meeting(
    open_session,
):
    with time_machine.travel(FACTORY_DAY, tick=True):
        world = _street_short_of_rehab()
        tree = world["tree"]
        admin = user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"])

        s = open_session()
        s.sign_in(admin.username)
        page = s.page
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="数据洞察").click()
        page.get_by_role("heading", name="覆盖热力图").wait_for()
        cell = page.locator("td.heat-gap-4", has_text="4")
        assert cell.get_attribute("title") == "需求 4，可及容量 0，缺口 4"
        advice = page.locator("ul.advice")
        assert advice.get_by_text(
            "为海裕社区招募康复服务合伙人：本季度缺口 4 个单位，上季度缺口 2 个"
        ).is_visible()
        assert advice.get_by_text(
            "邀请灵芝康复站（服务邻近的灵芝社区）参加海裕社区的联席会"
        ).is_visible()
        s.shot("insights-coverage")

        page.get_by_role("link", name="合伙人网络").click()
        page.get_by_role("heading", name="合伙人网络图").wait_for()
        assert page.locator("svg.net-svg").is_visible()
        assert page.locator("svg.net-svg").get_by_text("海裕社区", exact=True).is_visible()
        s.shot("insights-network")

        page.get_by_role("link", name="季度趋势").click()
        page.locator("svg.chart-svg").first.wait_for()
        assert page.locator("svg.chart-svg").count() == 3
        s.shot("insights-trends")

        phone = open_session(PHONE)
        phone.sign_in(admin.username)
        phone.go("/insights/")
        phone.page.get_by_role("heading", name="覆盖热力图").wait_for()
        phone.shot("phone-insights-coverage")
        phone.go("/insights/network/")
        phone.shot("phone-insights-network")

        secretary = open_session()
        secretary.sign_in(world["secretary"].username)
        secretary.go("/meetings/M-C11/")
        secretary.page.get_by_role("button", name="根据数据生成议程").click()
        secretary.page.get_by_text("为海裕社区招募康复服务合伙人").first.wait_for()
        assert secretary.page.get_by_text("服务缺口与建议").first.is_visible()
        secretary.shot("meeting-agenda-gaps")
