"""Where a page and an API endpoint show the same thing, they answer every role alike:
a need's matches (``matching.see_matches``) and a partner's contact and address
(``partners.selectors.contact_for``). The sample world is the page matrix's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.access.test_page_matrix import ROLES, client_as, world

pytestmark = pytest.mark.django_db

HOME = "海裕花园3栋502"


def _address_on(body: str) -> str:
    """The address the partner page's contact card shows."""
    found = re.search(r"<dt>[^<]*(?:地址|Address)[^<]*</dt>\s*<dd>([^<]*)</dd>", body)
    assert found, "no address on the page"
    return found.group(1).strip()


def _api(user: Any) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


def _same_answer(page: Any, api: Any) -> str:
    """One word for a page's and an API's answer: the page sends the signed-out to the
    sign-in page where the API answers 401."""
    if api.status_code == 401:
        assert page.status_code == 302
        assert "/accounts/login/" in page["Location"]
        return "signed out"
    assert page.status_code == api.status_code
    return str(api.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_need_matches_page_and_api_agree(role: str) -> None:
    w = world()
    user = w["users"][role]
    page = client_as(user).get(reverse("need-matches-panel", args=["N-A"]))
    api = _api(user).get(reverse("need-matches", args=["N-A"]))
    answer = _same_answer(page, api)
    if answer == "200":
        assert api.json()["need"] == "N-A"
    need_page = client_as(user).get(reverse("need-page", args=["N-A"]))
    if need_page.status_code == 200:
        shows_panel = reverse("need-matches-panel", args=["N-A"]) in need_page.content.decode()
        assert shows_panel == (answer == "200")


@pytest.mark.parametrize("role", ROLES)
def test_partner_contact_page_and_api_agree(role: str) -> None:
    w = world()
    user = w["users"][role]
    page = client_as(user).get(reverse("partner-page", args=["P-A"]))
    api = _api(user).get(reverse("partner-detail", args=["P-A"]))
    if _same_answer(page, api) != "200":
        return
    body = page.content.decode()
    shown = api.json()
    assert _address_on(body) == shown["address"]
    assert shown["phone"] in body
    assert shown["contact_name"] in body
    assert (HOME in body) == (shown["address"] == HOME)


def test_a_resident_partners_home_shows_as_her_community_to_others() -> None:
    w = world()
    outsider: Client = client_as(w["users"]["outsider"])
    body = outsider.get(reverse("partner-page", args=["P-A"])).content.decode()
    api = _api(w["users"]["outsider"]).get(reverse("partner-detail", args=["P-A"])).json()
    assert HOME not in body
    assert api["address"] == "海裕社区"
    assert _address_on(body) == "海裕社区"
