"""限时办结 as people live it: a resident's request left unanswered past its two working
days shows as late on the secretary's home, she hands it to a colleague; the street
administrator is told once; the district administrator adjusts the promised times."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from needs import services
from needs.models import Notification
from needs.services.deadlines import overdue_escalate
from partners.models import Role
from tests.browser.conftest import PHONE
from tests.browser.data import district
from tests.factories import user_with_role

pytestmark = pytest.mark.browser


def test_a_late_request_is_seen_handed_over_and_escalated(open_session):
    world = district()
    tree = world["tree"]
    secretary = world["secretary"]
    colleague = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    colleague.first_name = "李社工"
    colleague.save()
    street = user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"])
    chief = user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"])
    resident = user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
    with time_machine.travel(timezone.now() - dt.timedelta(days=14), tick=False):
        late = services.request_post(
            actor=secretary,
            community=tree["C11"].code,
            text="三号楼电梯坏了一个星期，老人下不了楼",
            resident=resident.username,
        )

    s = open_session()
    s.sign_in(secretary.username)
    tile = s.page.locator(".tile", has_text="已超时")
    assert tile.locator("strong").inner_text() == "1"
    assert s.page.get_by_role("heading", name="限时办结").is_visible()
    s.shot("secretary-home-late-request")
    s.page.get_by_role("link", name="居民点单：三号楼电梯坏了一个星期，老人下不了楼").click()
    s.page.get_by_text("首问负责人").first.wait_for()
    card = s.page.locator(f"#request-{late.pk}")
    assert card.locator(".badge-overdue").is_visible()
    card.get_by_text("移交给同事").click()
    card.get_by_label("接手人").select_option(label="李社工")
    card.get_by_label("移交说明").fill("我这周在区里培训")
    card.get_by_role("button", name="移交").click()
    s.page.get_by_text("已移交给 李社工").wait_for()
    late.refresh_from_db()
    assert late.responsible == colleague
    s.shot("secretary-request-handed-over")

    # The hourly job (celery beat, or `manage.py escalate_overdue`) tells the street once.
    assert overdue_escalate() == 1
    assert overdue_escalate() == 0
    phone = open_session(PHONE)
    phone.sign_in(street.username)
    phone.go("/notifications/")
    phone.page.get_by_text("超过响应时限仍未答复").wait_for()
    assert Notification.objects.filter(recipient=street, kind="overdue").count() == 1
    phone.shot("phone-street-admin-told")

    admin = open_session()
    admin.sign_in(chief.username)
    admin.page.get_by_role("navigation", name="主导航").get_by_role("link", name="办结时限").click()
    admin.page.get_by_label("响应时限 1", exact=True).fill("3")
    admin.page.get_by_role("button", name="保存").click()
    admin.page.get_by_text("办结时限已更新").wait_for()
    assert admin.page.get_by_text("此前已有的事项保留原时限").is_visible()
    admin.shot("district-deadline-policy")
