import re

import pytest

from needs import services as need_services
from needs.models import Project
from partners.models import Offering, Partner
from tests.browser.conftest import PHONE, exact_label
from tests.browser.data import district
from tests.factories import NeedFactory

pytestmark = pytest.mark.browser


def test_enterprise_registers_is_approved_accepts_delivers_and_is_evaluated(open_session):
    world = district()
    tree, secretary = world["tree"], world["secretary"]

    # An enterprise applies, from a phone, with its first offering.
    applicant = open_session(PHONE)
    page = applicant.go("/partners/register/")
    page.get_by_label("登录用户名").fill("haiyu_bakery")
    exact_label(page, "密码").fill("Bread-and-butter-2026")
    page.get_by_label("密码确认").fill("Bread-and-butter-2026")
    exact_label(page, "名称").fill("海裕烘焙坊")
    exact_label(page, "类型").select_option("unit")
    page.get_by_label("单位性质").select_option("enterprise")
    page.get_by_label("所属社区").select_option(label="海裕社区")
    page.get_by_label("联系人").fill("李梅")
    page.get_by_label("联系电话").fill("13900001111")
    page.get_by_label("服务名称").fill("长者生日蛋糕")
    page.get_by_label("服务类别").select_option("elderly_meal")
    page.get_by_label("进社区（到党群服务中心）").check()
    page.get_by_label("老年人").check()
    page.get_by_label("每季度可提供").fill("10")
    page.get_by_label("计量单位").select_option("item")
    applicant.shot("phone-partner-register")
    page.get_by_label("我已阅读并同意上述告知").check()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/partners/P-[0-9A-F]+/$"))
    assert page.get_by_text("正在等待社区审核").is_visible()
    partner = Partner.objects.get(name="海裕烘焙坊")
    assert partner.status == Partner.Status.PENDING

    # The secretary approves it from her queue.
    office = open_session()
    office.sign_in(secretary.username)
    page = office.go("/partners/review/")
    card = page.locator(f"#apply-{partner.code}")
    assert card.get_by_text("长者生日蛋糕").is_visible()
    office.shot("secretary-review-queue")
    card.get_by_role("button", name="通过").click()
    page.wait_for_load_state("networkidle")
    partner.refresh_from_db()
    assert partner.status == Partner.Status.VERIFIED

    # Work is dispatched to it (the secretary's dispatch page is its own journey).
    need = NeedFactory.create(
        code="N-CAKE", title="重阳节长者生日会", community=tree["C11"], created_by=secretary
    )
    offering = Offering.objects.get(partner=partner)
    project = need_services.project_create(
        actor=secretary, need=need, offering=offering, quantity=3, status="dispatched"
    )

    # The enterprise sees it on its home page, accepts, serves and delivers.
    page = applicant.go("/")
    assert page.get_by_text("重阳节长者生日会").is_visible()
    applicant.shot("phone-partner-home")
    page.get_by_role("button", name="接单").click()
    page.wait_for_load_state("networkidle")
    page = applicant.go(f"/projects/{project.pk}/")
    page.get_by_role("button", name="开始服务").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("服务时长（小时）").fill("2")
    page.get_by_label("服务人数").fill("30")
    page.get_by_role("button", name="标记为已完成服务").click()
    page.wait_for_load_state("networkidle")
    project.refresh_from_db()
    assert project.status == Project.Status.DELIVERED
    assert page.get_by_role("button", name="提交评价").count() == 0  # not theirs to rate
    applicant.shot("phone-project-delivered")

    # The secretary evaluates it.
    page = office.go(f"/projects/{project.pk}/")
    page.locator("label[for=rating-4]").click()
    page.get_by_label("评语").fill("准时送到，老人们很开心")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state("networkidle")
    project.refresh_from_db()
    assert project.status == Project.Status.EVALUATED
    assert project.evaluations.get().rating == 4
    assert page.locator(".timeline").get_by_text("已评价").is_visible()
    office.shot("secretary-project-evaluated")
