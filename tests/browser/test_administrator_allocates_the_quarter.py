import pytest

from matching.models import AllocationJob
from needs.models import Project
from partners.models import Role
from tests.browser.conftest import PHONE
from tests.browser.data import district, serve
from tests.factories import NeedFactory, user_with_role

pytestmark = pytest.mark.browser


def test_street_administrator_runs_the_quarter_allocation_and_accepts_it(open_session):
    world = district()
    tree = world["tree"]
    admin = user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"])
    for offering in world["offerings"]:
        serve(offering, tree["C11"])
    NeedFactory.create(code="N-1", title="长者每月测血压", community=tree["C11"], priority="high")
    NeedFactory.create(code="N-2", title="楼栋老人血糖筛查", community=tree["C11"])
    NeedFactory.create(code="N-3", title="灵芝社区义诊", community=tree["C12"])  # nobody serves it

    s = open_session()
    s.sign_in(admin.username)
    page = s.page
    assert page.get_by_text("各社区概况").is_visible()
    s.shot("admin-home")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="季度统筹").click()
    page.get_by_label("范围").select_option(label="新安街道（BA-S1）")
    page.get_by_role("button", name="开始计算").click()
    page.get_by_role("button", name="采纳勾选的对接").wait_for()
    job = AllocationJob.objects.get()
    assert job.status == AllocationJob.Status.DONE
    assert page.get_by_text("灵芝社区义诊").is_visible()  # shown as unfilled, with why
    s.shot("allocation-plan")
    page.get_by_role("button", name="采纳勾选的对接").click()
    page.get_by_text("方案已采纳").first.wait_for()
    job.refresh_from_db()
    assert job.status == AllocationJob.Status.ACCEPTED
    created = Project.objects.filter(status=Project.Status.PROPOSED)
    assert set(created.values_list("need__code", flat=True)) == {"N-1", "N-2"}
    s.shot("allocation-accepted")

    phone = open_session(PHONE)
    phone.sign_in(admin.username)
    phone.shot("phone-street-admin-home")
    phone.go(f"/allocation/{job.pk}/")
    phone.shot("phone-allocation-plan")
