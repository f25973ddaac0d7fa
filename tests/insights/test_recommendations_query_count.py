"""The recommendations read a fixed number of queries, whatever the size of the area."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from matching.index import current_index, forget_index
from partners.models import Role
from tests.factories import CommunityFactory, NeedFactory, PartnerFactory, user_with_role
from tests.insights.recommendations_scenario import TODAY, Street, build_street

pytestmark = pytest.mark.django_db
URL = reverse("insights-recommendations")
# The scope and the user's roles, the community tree and the communities, the categories;
# per quarter the index's freshness, the free capacity (4), the needs' communities, the
# needs and their projects; the partners' names. 24 measured.
MAX_QUERIES = 24


@pytest.fixture
def street() -> Iterator[Street]:
    with time_machine.travel(TODAY, tick=False):
        yield build_street()
    forget_index()


def _count(user: Any, scope: str, django_assert_max_num_queries: Any) -> int:
    api = APIClient()
    # A fresh user object, as each real request has: the roles are cached on it.
    api.force_authenticate(user=type(user).objects.get(pk=user.pk))
    current_index()  # built once per process, not per request
    with django_assert_max_num_queries(MAX_QUERIES) as queries:
        response = api.get(URL, {"scope": scope, "quarter": "2026Q4"})
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_more_communities_needs_and_partners_cost_no_more_queries(
    street: Street, django_assert_max_num_queries: Any
) -> None:
    district_admin = user_with_role(Role.Kind.DISTRICT_ADMIN, community=street.tree["BA"])
    few = _count(district_admin, "BA", django_assert_max_num_queries)
    for n in range(5):
        community = CommunityFactory.create(code=f"BA-S1-N{n}", parent=street.tree["S1"])
        PartnerFactory.create(code=f"P-N{n}", community=community)
        NeedFactory.create(code=f"N-N{n}", community=community, category_id="rehab")
    forget_index()
    many = _count(district_admin, "BA", django_assert_max_num_queries)
    assert many == few


def test_a_secretary_reads_her_community_in_a_fixed_number(
    street: Street, django_assert_max_num_queries: Any
) -> None:
    _count(street.secretary, "BA-S1-C1", django_assert_max_num_queries)
