"""Work created in bulk does not vanish: a street administrator reviews the quarter's
plan (reasons shown, one row unticked) and accepts the rest; the secretary concerned is
told once, finds the proposed work on her home and dispatches it in one go; each
partner hears once."""

import re

import pytest
import time_machine

from matching.models import AllocationJob
from needs.models import Notification, Project
from partners.models import Role
from tests.browser.conftest import PHONE
from tests.browser.data import district, serve
from tests.factories import FACTORY_DAY, NeedFactory, user_with_role

pytestmark = pytest.mark.browser


@time_machine.travel(FACTORY_DAY, tick=True)  # the plan is of the factories' quarter
def test_quarter_plan_reaches_the_secretary_and_the_partners(open_session):
    world = district()
    tree = world["tree"]
    secretary = world["secretary"]
    admin = user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"])
    clinic, red = world["offerings"]
    clinic_member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=clinic.partner)
    red_member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=red.partner)
    for offering in world["offerings"]:
        serve(offering, tree["C11"])
    NeedFactory.create(code="N-1", title="长者每月测血压", community=tree["C11"], priority="high")
    NeedFactory.create(code="N-2", title="楼栋老人血糖筛查", community=tree["C11"])
    NeedFactory.create(code="N-4", title="独居老人健康检查", community=tree["C11"])
    NeedFactory.create(code="N-3", title="灵芝社区义诊", community=tree["C12"])  # nobody serves it

    s = open_session()
    s.sign_in(admin.username)
    page = s.page
    assert page.get_by_text("各社区概况").is_visible()
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="季度统筹").click()
    # Her street is where a run starts.
    assert page.get_by_label("范围").input_value() == str(tree["S1"].pk)
    page.get_by_role("button", name="开始计算").click()
    page.get_by_role("button", name="采纳勾选的对接").wait_for()
    job = AllocationJob.objects.get()
    assert job.status == AllocationJob.Status.DONE
    assert page.get_by_text("灵芝社区义诊").is_visible()  # shown as unfilled, with why
    assert job.plan is not None
    rows = [a for a in job.plan["assignments"] if not a["kept"]]
    assert len(rows) == 3
    page.get_by_text("为什么").first.click()
    assert page.locator("details.reasons[open] li").count() >= 1
    page.get_by_label(re.compile("^采纳：独居老人健康检查 ← ")).uncheck()
    s.shot("allocation-plan-one-unticked")
    page.get_by_role("button", name="采纳勾选的对接").click()
    page.get_by_text("方案已采纳").first.wait_for()
    job.refresh_from_db()
    assert job.status == AllocationJob.Status.ACCEPTED
    created = Project.objects.filter(status=Project.Status.PROPOSED)
    assert set(created.values_list("need__code", flat=True)) == {"N-1", "N-2"}
    assert page.get_by_text("其中 1 行未采纳").is_visible()
    s.shot("allocation-accepted")

    # The secretary: one notice, the work on her home, dispatched in one go.
    sec = open_session()
    sec.sign_in(secretary.username)
    notices = Notification.objects.filter(recipient=secretary, kind="proposed")
    assert [n.text for n in notices] == ["季度统筹方案已采纳：您的社区有 2 个拟对接项目待派单"]
    tile = sec.page.locator(".tile", has_text="待派单")
    assert tile.locator("strong").inner_text() == "2"
    assert sec.page.get_by_role("heading", name="待派单的项目").is_visible()
    sec.shot("secretary-home-proposed-work")
    tile.click()
    sec.page.get_by_role("heading", name="批量派单").wait_for()
    sec.page.get_by_label("全选（2 个）").check()
    sec.page.get_by_label("派单说明（选填，合伙人会看到）").fill("请先和楼长联系")
    sec.shot("secretary-dispatch-many")
    sec.page.get_by_role("button", name="派出勾选的项目").click()
    sec.page.get_by_text("已派出 2 个项目").wait_for()
    assert set(Project.objects.values_list("status", flat=True)) == {"dispatched"}
    sec.shot("secretary-dispatched")

    # Each partner hears once, for its share.
    members = {clinic.partner_id: clinic_member, red.partner_id: red_member}
    serving = set(Project.objects.values_list("offering__partner_id", flat=True))
    for partner_id, person in members.items():
        heard = Notification.objects.filter(recipient=person, kind="dispatched").count()
        assert heard == (1 if partner_id in serving else 0)
    partner = open_session(PHONE)
    partner.sign_in(members[min(serving)].username)
    partner.go("/notifications/")
    assert partner.page.get_by_text("新派单").first.is_visible()
    partner.shot("phone-partner-notified")

    phone = open_session(PHONE)
    phone.sign_in(admin.username)
    phone.go(f"/allocation/{job.pk}/")
    phone.shot("phone-allocation-plan")
