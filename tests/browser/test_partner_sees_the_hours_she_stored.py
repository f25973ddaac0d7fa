"""A partner opens her offering and sees the hours it holds, including those that fit no
box of the weekly grid; she unticks one and saves, and only that one is gone."""

from __future__ import annotations

from typing import Any

from partners.models import Offering, Partner, Role
from tests.browser.conftest import PHONE
from tests.factories import OfferingFactory, PartnerFactory, make_tree, user_with_role


def test_the_offering_form_shows_and_keeps_the_stored_hours(open_session: Any) -> None:
    tree = make_tree()
    partner: Partner = PartnerFactory.create(code="P-AM", community=tree["C11"])
    member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=partner)
    offering = OfferingFactory.create(code="O-AM", partner=partner, title="上午测血压")
    hours = [{"weekday": day, "start": "09:00", "end": "11:30"} for day in (1, 2, 3, 4, 5)]
    Offering.objects.filter(pk=offering.pk).update(availability=hours)

    session = open_session(PHONE)
    session.sign_in(member.username)
    page = session.go(f"/offerings/{offering.code}/edit/")
    other = page.locator('input[name="availability_other"]')
    assert other.count() == 5
    assert all(other.nth(i).is_checked() for i in range(5))
    assert page.get_by_text("周三 09:00–11:30").is_visible()
    session.shot("offering-form-stored-hours")

    page.locator('input[value="3|09:00|11:30"]').uncheck()
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    offering.refresh_from_db()
    assert sorted(s["weekday"] for s in offering.availability) == [1, 2, 4, 5]
