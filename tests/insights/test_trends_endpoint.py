"""``GET /api/v1/insights/trends/``: the quarters' figures of an area, for the
administrators over it; bad parameters are refused naming the parameter."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from partners.models import Community, Role
from tests.factories import PartnerFactory, user_with_role
from tests.insights import trends_world
from tests.insights.trends_world import EXPECTED, FIELDS

pytestmark = pytest.mark.django_db

URL = "/api/v1/insights/trends/"


@pytest.fixture
def tree() -> dict[str, Community]:
    return trends_world.build()


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_the_route_is_named() -> None:
    assert reverse("insights-trends") == URL


def test_a_secretary_reads_her_communitys_quarters(tree: dict[str, Community]) -> None:
    secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    response = client_for(secretary).get(
        URL, {"scope": "BA-S1-C1", "quarter": "2026Q4", "quarters": "3"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [row["quarter"] for row in body] == ["2026Q2", "2026Q3", "2026Q4"]
    for row in body:
        assert list(row) == [
            "quarter",
            *FIELDS,
            "answers_due",
            "on_time_rate",
            "activities_held",
            "residents_attending",
        ]
        assert tuple(row[f] for f in FIELDS) == EXPECTED[row["quarter"]]


def test_eight_quarters_by_default(tree: dict[str, Community]) -> None:
    admin = user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"])
    response = client_for(admin).get(URL, {"scope": "BA-S1", "quarter": "2026Q4"})
    assert response.status_code == 200
    assert [row["quarter"] for row in response.json()][::7] == ["2025Q1", "2026Q4"]
    assert len(response.json()) == 8


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"quarter": "2026Q5"}, "quarter"),
        ({"quarter": "last year"}, "quarter"),
        ({"quarters": 0}, "quarters"),
        ({"quarters": 21}, "quarters"),
        ({"quarters": "many"}, "quarters"),
        ({"scope": "NOWHERE"}, "scope"),
        ({"scope": "BA-S1-C1-X1"}, "scope"),  # a station is no area
    ],
)
def test_bad_parameters_answer_400_naming_the_field(
    tree: dict[str, Community], params: dict[str, Any], field: str
) -> None:
    admin = user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"])
    response = client_for(admin).get(URL, {"scope": "BA", "quarter": "2026Q4", **params})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_a_secretary_of_another_community_is_refused(tree: dict[str, Community]) -> None:
    other = user_with_role(Role.Kind.SECRETARY, community=tree["C21"])
    response = client_for(other).get(URL, {"scope": "BA-S1-C1", "quarter": "2026Q4"})
    assert response.status_code == 403
    assert list(response.json()["error"]["fields"]) == ["scope"]


def test_a_partner_member_is_refused(tree: dict[str, Community]) -> None:
    partner = PartnerFactory.create(code="P-A", community=tree["C11"])
    member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=partner)
    assert client_for(member).get(URL, {"scope": "BA-S1-C1"}).status_code == 403
    assert client_for(member).get(URL).status_code == 403


def test_anonymous_is_asked_to_sign_in(tree: dict[str, Community]) -> None:
    response = APIClient().get(URL, {"scope": "BA-S1-C1", "quarter": "2026Q4"})
    assert response.status_code == 401


def test_the_query_count_does_not_grow_with_the_quarters(
    tree: dict[str, Community], django_assert_max_num_queries: Any
) -> None:
    admin = user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"])
    counts = []
    for quarters in (1, 20):
        client = client_for(type(admin).objects.get(pk=admin.pk))
        # The roles and tree for the scope, the area, then the six reads of the trends.
        with django_assert_max_num_queries(13) as captured:
            response = client.get(URL, {"scope": "BA", "quarter": "2026Q4", "quarters": quarters})
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
