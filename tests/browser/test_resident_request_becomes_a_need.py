import re

import pytest

from needs.models import Need, ResidentRequest
from partners.models import Role
from tests.browser.conftest import PHONE
from tests.browser.data import district
from tests.factories import user_with_role

pytestmark = pytest.mark.browser


def test_resident_posts_a_request_and_sees_it_become_a_need(open_session):
    world = district()
    resident = user_with_role(Role.Kind.RESIDENT, community=world["tree"]["C11"])

    phone = open_session(PHONE)
    phone.sign_in(resident.username)
    page = phone.page
    page.get_by_role("link", name="我要点单").first.click()
    page.get_by_label("我需要").fill("家里水龙头漏水，想请师傅周末上门修理")
    page.get_by_label("联系电话（选填）").fill("13900002222")
    phone.shot("phone-resident-request")
    page.get_by_label("我已阅读并同意上述告知").check()
    page.get_by_role("button", name="提交点单").click()
    page.wait_for_url(phone.base_url + "/")
    assert page.get_by_text("社区已收到，会在").first.is_visible()
    item = ResidentRequest.objects.get()

    office = open_session()
    office.sign_in(world["secretary"].username)
    page = office.go("/requests/")
    page.locator(f"#request-{item.pk}").get_by_role("link", name="转为需求").click()
    page.get_by_label("服务类别").select_option("home_repair")
    page.get_by_label("上门服务").check()
    page.get_by_role("button", name="发布需求").click()
    page.wait_for_url(re.compile(r"/needs/[^/]+/$"))
    need = Need.objects.get(request=item)

    page = phone.go("/")
    assert page.get_by_text("社区正在为您联系合适的服务方").is_visible()
    page.get_by_role("link", name="详情").click()
    page.wait_for_url(re.compile(rf"/needs/{need.code}/$"))
    assert page.get_by_text("待对接").first.is_visible()
    phone.shot("phone-resident-sees-need")
