"""Delivery modes and beneficiary groups (the service standard's reference tables) are
named in English under the English switch, like the categories; Chinese stays the
default."""

import pytest
from django.urls import reverse
from django.utils.html import escape

pytestmark = pytest.mark.django_db


def _in_english(client, user):
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def test_need_page_in_english_names_mode_and_group_in_english(client, secretary, need):
    _in_english(client, secretary)
    page = client.get(reverse("need-page", args=[need.code])).content.decode()
    assert "At the community centre" in page
    assert "Seniors" in page
    assert "进社区（到党群服务中心）" not in page
    assert "老年人" not in page


def test_need_page_in_chinese_keeps_the_chinese_names(client, secretary, need):
    client.force_login(secretary)
    page = client.get(reverse("need-page", args=[need.code])).content.decode()
    assert "进社区（到党群服务中心）" in page
    assert "At the community centre" not in page


def test_partner_page_in_english_names_offering_modes_and_category(
    client, secretary, partner, offering
):
    _in_english(client, secretary)
    page = client.get(reverse("partner-page", args=[partner.code])).content.decode()
    assert "At the community centre" in page
    assert escape(offering.category.name_en) in page
    assert offering.category.name_zh not in page


def test_need_form_in_english_offers_the_english_choices(client, secretary):
    _in_english(client, secretary)
    page = client.get(reverse("need-new")).content.decode()
    for english in ("Home visit", "Online", "Children"):
        assert english in page
    for chinese in ("上门服务", "线上", "儿童"):
        assert chinese not in page
