import re

import pytest
import time_machine

from needs.models import Need, Project
from tests.browser.conftest import PHONE
from tests.browser.data import district
from tests.factories import FACTORY_DAY

pytestmark = pytest.mark.browser


@time_machine.travel(FACTORY_DAY, tick=True)  # inside the offerings' validity
def test_secretary_posts_a_need_and_dispatches_a_suggested_partner(open_session):
    world = district()
    s = open_session()
    s.sign_in(world["secretary"].username)
    page = s.go("/needs/new/")
    page.get_by_label("需求标题").fill("独居老人想定期测血压")
    page.get_by_label("详细描述").fill("楼里独居老人多，希望每月有人来社区测血压、血糖")
    suggestion = page.locator(".suggest-pick").first
    suggestion.wait_for()
    suggestion.click()
    assert page.get_by_label("服务类别").input_value() == "health_checkup"
    page.get_by_label("老年人").check()
    page.get_by_label("周二 上午").check()
    page.get_by_role("button", name="发布需求").click()
    page.wait_for_url(re.compile(r"/needs/(?!new/)[^/]+/$"))
    need = Need.objects.get(title="独居老人想定期测血压")
    assert need.category_id == "health_checkup"
    assert need.preferred_slots == [{"weekday": 2, "start": "09:00", "end": "12:00"}]
    first = page.locator("#match-list .match").first
    first.wait_for()
    assert first.locator(".bar").count() >= 2
    s.shot("secretary-need-matches")
    first.get_by_role("button", name="派单").click()
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    project = Project.objects.get(need=need)
    assert project.status == Project.Status.DISPATCHED
    assert page.get_by_text("已派单给").is_visible()
    s.shot("secretary-dispatched")

    phone = open_session(PHONE)
    phone.sign_in(world["secretary"].username)
    phone.shot("phone-secretary-home")
    phone.go(f"/needs/{need.code}/")
    phone.page.locator("#match-list").wait_for()
    phone.shot("phone-need-detail")
    phone.go("/needs/")
    phone.shot("phone-needs-list")
    phone.go("/projects/")
    phone.shot("phone-project-board")
