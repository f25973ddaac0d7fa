"""王师傅 signs in with his mobile number, is told in Chinese why a new password is
refused, then switches to English and finds the delivery modes in English."""

from __future__ import annotations

from partners.models import Profile
from tests.browser.conftest import exact_label
from tests.browser.data import district
from tests.factories import PASSWORD

# Screenshots to look at after a run; nothing secret is written there.
SHOTS = "/tmp/words-{}.png"  # noqa: S108


def test_worker_signs_in_by_phone_and_reads_in_both_languages(open_session):
    world = district()
    Profile.objects.create(user=world["secretary"], phone="13912345678")
    s = open_session()
    page = s.go("/accounts/login/")
    page.get_by_label("用户名或手机号").fill("+86 139-1234-5678")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(s.base_url + "/")
    assert page.get_by_text("张书记").first.is_visible()
    page.screenshot(path=SHOTS.format("signed-in-by-phone"), full_page=True)

    page.get_by_role("link", name="张书记").click()
    page.wait_for_url(s.base_url + "/accounts/password/")
    exact_label(page, "旧密码").fill(PASSWORD)
    exact_label(page, "新密码").fill("abc")
    exact_label(page, "新密码确认").fill("abc")
    page.get_by_role("button", name="修改密码").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("密码太短，至少需要 8 个字符。").is_visible()
    assert page.get_by_text("too short").count() == 0
    page.screenshot(path=SHOTS.format("password-refused"), full_page=True)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    page = s.go("/needs/new/")
    assert page.get_by_label("Home visit").is_visible()
    assert page.get_by_label("Seniors").is_visible()
    assert page.get_by_text("上门服务").count() == 0
    page.screenshot(path=SHOTS.format("english-modes"), full_page=True)
