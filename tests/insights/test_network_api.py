"""``GET /api/v1/insights/network/``: the network of an area for its administrators."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import OfferingFactory, PartnerFactory, user_with_role
from tests.insights.network_data import build, fresh_index, serve  # noqa: F401 - a fixture

URL = reverse("insights-network")


@pytest.fixture
def tree(db: None, fresh_index: None) -> dict[str, Any]:  # noqa: F811 - the fixture
    return build()


def client(user: Any = None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user=user)
    return api


def test_the_district_administrator_reads_the_network_of_the_district(tree):
    admin = user_with_role("district_admin", community=tree["BA"])
    response = client(admin).get(URL, {"scope": "BA", "quarter": "2026Q4"})
    assert response.status_code == 200
    body = response.json()
    assert body["quarters"] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert [n["id"] for n in body["nodes"]] == [
        "community:BA-S1-C1",
        "community:BA-S1-C2",
        "community:BA-S2-C1",
        "partner:P-FIX",
        "partner:P-HUB",
        "partner:P-LAW",
        "partner:P-OLD",
    ]
    hub = body["nodes"][4]
    assert (hub["kind"], hub["name"], hub["partner_kind"]) == (
        "partner",
        "海裕社康中心",
        "social_org",
    )
    assert 0 <= hub["x"] <= body["width"]
    assert 0 <= hub["y"] <= body["height"]
    assert {"partner": "P-HUB", "community": "BA-S2-C1", "projects": 1, "reaches": True} in body[
        "edges"
    ]
    assert len(body["edges"]) == 7
    assert body["bridges"][0] == {
        "partner": "P-HUB",
        "partner_name": "海裕社康中心",
        "served": 3,
        "reached": 3,
        "betweenness": 0.333333,
    }
    assert body["dependencies"][0] == {
        "community": "BA-S2-C1",
        "community_name": "九围社区",
        "category": "legal_aid",
        "category_name": "法律服务",
        "partner": "P-LAW",
        "partner_name": "西乡律师事务所",
        "need_units": 3,
        "projects": 0,
    }
    assert body["idle"] == [
        {
            "partner": "P-LAW",
            "partner_name": "西乡律师事务所",
            "capacity": 6,
            "communities": ["BA-S2-C1"],
        },
        {
            "partner": "P-OLD",
            "partner_name": "老年协会",
            "capacity": 3,
            "communities": ["BA-S1-C1"],
        },
    ]


def test_a_long_idle_list_answers_the_largest_first_and_all_on_request(tree):
    # The same rows as the page's table (tests/insights/test_network_page.py).
    for n in range(25):
        partner = PartnerFactory.create(code=f"P-IDLE-{n:02d}", community=tree["C11"])
        serve(OfferingFactory.create(partner=partner, capacity=100 + n), tree["S1"])
    admin = user_with_role("street_admin", community=tree["S1"])
    query = {"scope": "BA-S1", "quarter": "2026Q4"}

    first = client(admin).get(URL, query).json()
    everything = client(admin).get(URL, {**query, "idle": "all"}).json()

    listed = [i["partner"] for i in first["idle"] if i["partner"].startswith("P-IDLE")]
    assert listed == [f"P-IDLE-{n:02d}" for n in range(24, 4, -1)]  # 20, most capacity first
    assert len(first["idle"]) == 20
    assert first["idle_total"] == everything["idle_total"] == len(everything["idle"]) > 25
    assert everything["idle"][:20] == first["idle"]


def test_no_phone_or_address_in_the_answer(tree):
    admin = user_with_role("district_admin", community=tree["BA"])
    content = client(admin).get(URL, {"scope": "BA", "quarter": "2026Q4"}).content.decode()
    assert "13812345678" not in content
    assert "测试路" not in content


def test_a_secretary_reads_her_own_community_by_default(tree):
    secretary = user_with_role("secretary", community=tree["C21"])
    response = client(secretary).get(URL, {"quarter": "2026Q4"})
    assert response.status_code == 200
    assert response.json()["scope"] == "BA-S2-C1"
    assert [n["code"] for n in response.json()["nodes"] if n["kind"] == "partner"] == [
        "P-HUB",
        "P-LAW",
    ]


def test_a_secretary_of_another_community_is_refused(tree):
    secretary = user_with_role("secretary", community=tree["C21"])
    response = client(secretary).get(URL, {"scope": "BA-S1", "quarter": "2026Q4"})
    assert response.status_code == 403
    assert response.json()["error"]["fields"] == {"scope": [response.json()["error"]["message"]]}


def test_a_partner_member_is_refused(tree):
    member = user_with_role("partner_member", partner=PartnerFactory.create(community=tree["C11"]))
    assert client(member).get(URL, {"scope": "BA"}).status_code == 403


def test_anonymous_is_asked_to_sign_in(tree):
    assert client().get(URL, {"scope": "BA"}).status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"scope": "BA", "quarter": "2026Q5"}, "quarter"),
        ({"scope": "NOWHERE"}, "scope"),
        ({"scope": "BA-S1-C1-X1"}, "scope"),
        ({"scope": "BA", "window": "0"}, "window"),
        ({"scope": "BA", "idle": "some"}, "idle"),
    ],
)
def test_bad_parameters_answer_400_naming_the_field(tree, query, field):
    admin = user_with_role("district_admin", community=tree["BA"])
    response = client(admin).get(URL, query)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
