"""An activity as residents live it: on her phone a resident finds the parents' class in
her community, signs up and reads her check-in code; the organising partner checks her
in by it; after the class she rates it."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from centres import activities
from centres.models import SignUp
from partners.models import Role
from tests.browser.conftest import PHONE
from tests.browser.data import district
from tests.factories import user_with_role

pytestmark = pytest.mark.browser


def test_a_resident_signs_up_is_checked_in_and_rates(open_session):
    world = district()
    tree = world["tree"]
    clinic = world["offerings"][0].partner
    organiser = user_with_role(Role.Kind.PARTNER_MEMBER, partner=clinic)
    resident = user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
    resident.first_name = "刘妈妈"
    resident.save()
    start = timezone.localtime() + dt.timedelta(hours=2)
    start = start.replace(minute=0, second=0, microsecond=0)
    class_ = activities.activity_publish(
        actor=organiser,
        centre=tree["C11"],
        partner=clinic,
        data=activities.ActivityData(
            title="家长学校：和青春期孩子好好说话",
            description="每周一次，心理老师带家长练习沟通。",
            start=start,
            end=start + dt.timedelta(hours=1, minutes=30),
            capacity=20,
            place="海裕社康中心二楼会议室",
            beneficiaries=("families",),
        ),
    )

    phone = open_session(PHONE)
    phone.sign_in(resident.username)
    phone.page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="活动", exact=True
    ).click()
    card = phone.page.locator(f"#activity-{class_.pk}")
    card.wait_for()
    phone.shot("phone-resident-activities")
    card.get_by_role("button", name="报名").click()
    phone.page.get_by_text("报名成功").wait_for()
    phone.go(f"/activities/{class_.pk}/")
    code = phone.page.locator(".checkin-code strong").inner_text()
    assert code == SignUp.objects.get(activity=class_, resident=resident).code
    phone.shot("phone-resident-checkin-code")

    desk = open_session(PHONE)
    desk.sign_in(organiser.username)
    desk.go(f"/activities/{class_.pk}/")
    assert "刘**" in desk.page.content()  # the partner sees no full name
    desk.page.get_by_label("签到码").fill(code.lower())
    desk.page.get_by_role("button", name="签到").first.click()
    desk.page.get_by_text(f"已签到：{code}").wait_for()
    desk.shot("phone-organiser-checked-in")

    with time_machine.travel(start + dt.timedelta(hours=2), tick=True):
        phone.go(f"/activities/{class_.pk}/")
        phone.page.locator("label[for=rating-4]").click()
        phone.page.get_by_label("评语").fill("老师讲得很实在")
        phone.page.get_by_role("button", name="提交评价").click()
        phone.page.get_by_text("感谢评价").wait_for()
    assert SignUp.objects.get(activity=class_, resident=resident).rating == 4
    phone.shot("phone-resident-rated")
