"""A secretary types a vague need: the form says the engine is unsure and offers three
categories; she picks one. A need no offering fits well shows no padded list but says
no partner fits and what to do instead."""

from __future__ import annotations

from typing import Any

import pytest

from matching.engine.types import CategoryGuess, Reading
from tests.browser.conftest import PHONE
from tests.browser.data import district
from tests.factories import NeedFactory

pytestmark = pytest.mark.browser

UNSURE = Reading(
    categories=(
        CategoryGuess("household_help", 0.38),
        CategoryGuess("home_repair", 0.31),
        CategoryGuess("elderly_care", 0.17),
    ),
    modes=("home_visit",),
    beneficiaries=("elderly",),
    confident=False,
)


def test_secretary_picks_among_three_when_the_engine_is_unsure(
    open_session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reading itself is measured elsewhere; here the page's unsure state is shown.
    monkeypatch.setattr("frontend.views.needs.read_text", lambda *a, **k: UNSURE)
    world = district()
    s = open_session()
    s.sign_in(world["secretary"].username)
    page = s.go("/needs/new/")
    page.get_by_label("需求标题").fill("家里老人的事想找人帮忙")
    choices = page.locator(".reading-unsure .suggest-pick")
    choices.first.wait_for()
    assert choices.count() == 3
    assert page.get_by_text("系统不确定这项需求属于哪一类").is_visible()
    # What the text implies pre-fills the checkboxes she has not touched.
    assert page.get_by_label("上门服务").is_checked()
    assert not page.get_by_label("线上").is_checked()
    assert page.get_by_label("老年人").is_checked()
    s.shot("secretary-unsure-reading")
    choices.nth(1).click()
    assert page.get_by_label("服务类别").input_value() == "home_repair"

    phone = open_session(PHONE)
    phone.sign_in(world["secretary"].username)
    form = phone.go("/needs/new/")
    form.get_by_label("需求标题").fill("家里老人的事想找人帮忙")
    form.locator(".reading-unsure .suggest-pick").first.wait_for()
    phone.shot("phone-secretary-unsure-reading")


def test_need_no_offering_fits_shows_no_partner_and_the_advice(open_session: Any) -> None:
    world = district()
    need = NeedFactory.create(
        code="N-LAW",
        community=world["tree"]["C11"],
        title="居民遗产纠纷想找律师咨询",
        description="几户居民因为继承问题闹矛盾",
        category_id="legal_aid",
        modes=["at_center", "home_visit"],
    )
    s = open_session()
    s.sign_in(world["secretary"].username)
    page = s.go(f"/needs/{need.code}/")
    page.locator(".no-match").wait_for()
    assert page.get_by_text("暂无合适的合伙人").is_visible()
    assert page.locator(".advice li").count() >= 1
    assert page.locator("#match-list .match").count() == 0
    assert page.get_by_role("button", name="派单").count() == 0
    s.shot("secretary-need-without-a-good-match")

    phone = open_session(PHONE)
    phone.sign_in(world["secretary"].username)
    phone.go(f"/needs/{need.code}/").locator(".no-match").wait_for()
    phone.shot("phone-need-without-a-good-match")
