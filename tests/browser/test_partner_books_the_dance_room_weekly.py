"""The centre's rooms as people use them: a partner's member, on her phone, books the
dance room every Tuesday 15:30–17:00 for the quarter; the form lists the times and the
one that clashes with the party members' day; she books the free ones; the secretary
approves the series from her home; the room's week shows the class."""

import datetime as dt

import pytest
from django.utils import timezone

from centres import services
from centres.models import Booking, Room
from partners.models import Role
from tests.browser.conftest import PHONE
from tests.browser.data import district
from tests.factories import user_with_role

pytestmark = pytest.mark.browser


def _next_tuesday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)


def test_a_partner_books_a_weekly_class_and_the_secretary_approves(open_session):
    world = district()
    tree = world["tree"]
    secretary = world["secretary"]
    clinic = world["offerings"][0].partner
    worker = user_with_role(Role.Kind.PARTNER_MEMBER, partner=clinic)
    room = Room.objects.create(
        centre=tree["C11"], name="舞蹈室", capacity=30, equipment="镜子、音响、把杆"
    )
    tuesday = _next_tuesday()
    held_on = tuesday + dt.timedelta(weeks=2)
    tz = timezone.get_current_timezone()
    (held,) = services.booking_request(
        actor=secretary,
        room=room,
        start=dt.datetime.combine(held_on, dt.time(15), tz),
        end=dt.datetime.combine(held_on, dt.time(17), tz),
        purpose="党员活动日",
    )
    services.booking_approve(actor=secretary, booking=held)

    phone = open_session(PHONE)
    phone.sign_in(worker.username)
    phone.go("/rooms/")
    phone.page.get_by_role("link", name="舞蹈室").first.click()
    phone.page.get_by_label("日期").fill(tuesday.isoformat())
    phone.page.get_by_label("开始").fill("15:30")
    phone.page.get_by_label("结束").fill("17:00")
    phone.page.get_by_label("用途").fill("长者健身操")
    phone.page.get_by_label("每周重复（次）").fill("6")
    phone.page.get_by_label("为哪个合伙人预约").select_option(label=clinic.name)
    phone.page.get_by_role("button", name="查看时段").click()
    phone.page.get_by_text("有 1 个时段已被预约").wait_for()
    assert phone.page.locator(".slots li").count() == 6
    phone.shot("phone-partner-booking-clashes")
    phone.page.get_by_label("跳过已被预约的时段，只订空闲的").check()
    phone.page.get_by_role("button", name="确认预约").click()
    phone.page.get_by_text("已提交预约，等社区审批").wait_for()
    asked = Booking.objects.filter(purpose="长者健身操")
    assert asked.count() == 5
    assert set(asked.values_list("status", flat=True)) == {"pending"}
    phone.shot("phone-room-week-pending")

    office = open_session()
    office.sign_in(secretary.username)
    card = office.page.locator("#bookings-waiting")
    assert "共 5 次" in card.inner_text()
    office.shot("secretary-home-booking-to-approve")
    card.get_by_role("button", name="批准").click()
    office.page.get_by_text("已批准 5 个时段").wait_for()
    assert set(asked.values_list("status", flat=True)) == {"approved"}
    office.go(f"/rooms/{room.pk}/?week={tuesday.isoformat()}")
    office.page.locator(".slot", has_text="长者健身操").first.wait_for()
    office.shot("room-week-approved")
