"""A dispatched partner can do the work: the secretary dispatches with a note; the
partner's member, on her phone, finds where, whom to call and the resident's phone (she
agreed), accepts, serves and records the service with a photo; the resident reads who
came, in plain words; the badge counts only what still waits."""

import pytest

from needs import services
from needs.models import Project, ServiceRecord
from partners.models import Profile, Role
from tests.browser.conftest import PHONE
from tests.browser.data import district
from tests.factories import user_with_role

pytestmark = pytest.mark.browser

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_the_partner_finds_what_to_do_and_the_resident_reads_who_came(
    open_session, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    world = district()
    tree = world["tree"]
    secretary = world["secretary"]
    Profile.objects.create(user=secretary, phone="13800138000")
    clinic = world["offerings"][0]
    worker = user_with_role(Role.Kind.PARTNER_MEMBER, partner=clinic.partner)
    resident = user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
    resident.first_name = "王阿姨"
    resident.save()
    posted = services.request_post(
        actor=resident,
        community=tree["C11"].code,
        text="老伴腿脚不便，想请医生上门量血压",
        phone="13912345678",
        consent=True,
        share_phone=True,
    )
    need = services.request_convert(actor=secretary, request=posted)
    need.address = "3栋2单元502"
    need.save()
    project = services.project_create(
        actor=secretary, need=need, offering=clinic, quantity=1, status="proposed"
    )

    office = open_session()
    office.sign_in(secretary.username)
    office.go(f"/projects/{project.pk}/")
    office.page.get_by_label("派单说明（选填，合伙人会看到）").fill("老人耳背，请多敲门")
    office.page.get_by_role("button", name="派单").click()
    office.page.get_by_text("已派单，合伙人会收到通知").wait_for()

    phone = open_session(PHONE)
    phone.sign_in(worker.username)
    phone.go(f"/projects/{project.pk}/")
    work = phone.page.locator("section.work")
    for text in ("3栋2单元502", "张书记", "13800138000", "13912345678", "老人耳背，请多敲门"):
        assert work.get_by_text(text, exact=False).first.is_visible(), text
    phone.shot("phone-partner-sees-the-work")
    phone.page.get_by_role("button", name="接单").click()
    phone.page.wait_for_load_state("networkidle")
    phone.page.get_by_role("button", name="开始服务").click()
    phone.page.wait_for_load_state("networkidle")
    photo = tmp_path / "blood-pressure.png"
    photo.write_bytes(PNG)
    phone.page.get_by_label("服务时长（小时）").fill("1")
    phone.page.get_by_label("服务人数").fill("2")
    phone.page.get_by_label("服务情况（选填）").fill("两位老人血压正常")
    phone.page.get_by_label("照片（选填，最多 6 张，每张不超过 5 MB）").set_input_files(str(photo))
    phone.shot("phone-partner-records-the-service")
    phone.page.get_by_role("button", name="标记为已完成服务").click()
    phone.page.get_by_role("heading", name="服务记录").wait_for()
    project.refresh_from_db()
    assert project.status == Project.Status.DELIVERED
    assert ServiceRecord.objects.get().photos.count() == 1
    assert phone.page.get_by_role("img", name="服务照片 1").is_visible()
    phone.shot("phone-service-recorded")

    mine = open_session(PHONE)
    mine.sign_in(resident.username)
    words = f"{clinic.title}·{clinic.partner.name} 已完成服务，欢迎您评价"
    assert mine.page.get_by_text(words).is_visible()
    assert mine.page.get_by_text("已转为需求").count() == 0
    mine.shot("phone-resident-reads-who-came")
