"""Meeting documents a 党建办 would file, as the secretary lives it: she schedules the
quarter's meeting with its title filled in, finds partners to invite by typing part of
a name, draws up the agenda, records who chaired and who took the minutes; a meeting
whose day passed unrecorded shows as 待补记录."""

import datetime as dt

import pytest
from django.utils import timezone

from needs.models import LiaisonMeeting
from tests.browser.data import district
from tests.factories import MeetingFactory, PartnerFactory

pytestmark = pytest.mark.browser


def test_the_secretary_prepares_and_records_the_meeting(open_session):
    world = district()
    tree = world["tree"]
    for code, name, kind in (
        ("P-CAL", "海裕书法社", "social_org"),
        ("P-BANK", "建设银行海裕支行", "unit"),
        ("P-ZENG", "曾师傅理发", "resident"),
    ):
        PartnerFactory.create(code=code, name=name, kind=kind, community=tree["C11"])
    forgotten = MeetingFactory.create(
        code="M-OLD",
        community=tree["C11"],
        date=timezone.localdate() - dt.timedelta(days=20),
        title="上季度联席会",
    )

    s = open_session()
    s.sign_in(world["secretary"].username)
    s.go("/meetings/")
    assert s.page.locator("tr", has_text=forgotten.title).get_by_text("待补记录").is_visible()
    s.page.get_by_role("link", name="＋ 安排联席会").click()
    assert "季度党建联席会" in s.page.get_by_label("标题").input_value()
    s.page.get_by_label("按名称搜索合伙人").fill("书法")
    assert s.page.get_by_label("海裕书法社").is_visible()
    assert not s.page.get_by_label("建设银行海裕支行").is_visible()
    s.shot("meeting-form-search")
    s.page.get_by_label("海裕书法社").check()
    s.page.get_by_label("按名称搜索合伙人").fill("")
    assert s.page.get_by_label("建设银行海裕支行").is_visible()
    s.page.get_by_label("建设银行海裕支行").check()
    s.page.get_by_label("日期").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    s.page.get_by_label("地点").fill("党群服务中心二楼")
    s.page.get_by_role("button", name="安排", exact=True).click()
    s.page.get_by_text("联席会已安排").wait_for()
    meeting = LiaisonMeeting.objects.exclude(code="M-OLD").get()
    assert set(meeting.attendees.values_list("code", flat=True)) == {"P-CAL", "P-BANK"}

    s.page.get_by_role("button", name="根据数据生成议程").click()
    s.page.get_by_text("议程已根据数据生成").wait_for()
    assert s.page.get_by_role("heading", name="新合伙人与新资源", exact=False).first.is_visible()
    s.page.get_by_label("主持人").fill("王书记")
    s.page.get_by_label("记录人").fill("李社工")
    s.shot("meeting-page-before-closing")
    s.page.get_by_role("button", name="标记为已召开").click()
    s.page.wait_for_load_state("networkidle")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.host, meeting.recorder) == ("held", "王书记", "李社工")
    assert not meeting.awaits_minutes
