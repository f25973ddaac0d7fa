"""GET /api/v1/insights/recommendations/: the area's administrators read what to do about
its gaps; others are refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from matching.index import forget_index
from tests.insights.recommendations_scenario import (
    INVITE_LAW_ZH,
    INVITE_NEAR_ZH,
    INVITE_REHAB_ZH,
    RECRUIT_ZH,
    TODAY,
    Street,
    build_street,
)

pytestmark = pytest.mark.django_db
URL = reverse("insights-recommendations")


@pytest.fixture
def street() -> Iterator[Street]:
    with time_machine.travel(TODAY, tick=False):
        yield build_street()
    forget_index()


def client(user: Any = None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user=user)
    return api


def test_the_secretary_reads_her_communitys_recommendations(street: Street) -> None:
    response = client(street.secretary).get(URL, {"scope": "BA-S1-C1", "quarter": "2026Q4"})
    assert response.status_code == 200
    body = response.json()
    assert [r["text_zh"] for r in body] == [
        RECRUIT_ZH,
        INVITE_REHAB_ZH,
        INVITE_NEAR_ZH,
        INVITE_LAW_ZH,
    ]
    assert body[0] == {
        "kind": "recruit",
        "community": "BA-S1-C1",
        "community_name": "海裕社区",
        "category": "rehab",
        "category_name": "康复服务",
        "partner": None,
        "partner_name": None,
        "via": None,
        "via_name": None,
        "gap": 5,
        "previous_gap": 3,
        "capacity": None,
        "text_zh": RECRUIT_ZH,
        "text_en": "Recruit Rehabilitation partners for 海裕社区: a gap of 5 units this quarter, "
        "3 last quarter",
    }
    invite = body[1]
    assert (invite["partner"], invite["partner_name"]) == ("P-JW", "九围康复中心")
    assert (invite["via"], invite["via_name"]) == ("BA-S2-C1", "九围社区")
    assert (invite["gap"], invite["previous_gap"], invite["capacity"]) == (5, 3, 6)


def test_the_quarter_defaults_to_the_current_one(street: Street) -> None:
    response = client(street.street_admin).get(URL, {"scope": "BA-S1"})
    assert response.status_code == 200
    assert [r["text_zh"] for r in response.json()][:1] == [RECRUIT_ZH]


def test_a_bad_quarter_is_refused_naming_it(street: Street) -> None:
    response = client(street.secretary).get(URL, {"scope": "BA-S1-C1", "quarter": "2026Q5"})
    assert response.status_code == 400
    assert "quarter" in response.json()["error"]["fields"]


def test_an_unknown_scope_is_refused_naming_it(street: Street) -> None:
    response = client(street.secretary).get(URL, {"scope": "NOWHERE", "quarter": "2026Q4"})
    assert response.status_code == 400
    assert "scope" in response.json()["error"]["fields"]


def test_another_communitys_secretary_is_refused(street: Street) -> None:
    response = client(street.other_secretary).get(URL, {"scope": "BA-S1-C1"})
    assert response.status_code == 403


def test_a_partner_member_is_refused(street: Street) -> None:
    response = client(street.member).get(URL, {"scope": "BA-S1-C1"})
    assert response.status_code == 403


def test_anonymous_is_asked_to_sign_in(street: Street) -> None:
    response = client().get(URL, {"scope": "BA-S1-C1"})
    assert response.status_code == 401
