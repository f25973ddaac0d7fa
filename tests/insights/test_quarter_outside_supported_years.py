"""A quarter outside the supported years (2000 to 2100) is refused naming ``quarter`` by
every insights endpoint, and the pages answer 404 as for any unknown quarter; before, the
edges of the calendar failed with a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from matching.engine.quarters import Quarter
from partners.models import Role
from tests.factories import user_with_role

OUTSIDE = ["0000Q1", "0001Q1", "1999Q4", "2101Q1", "9999Q4"]
ENDPOINTS = ["coverage", "trends", "network", "recommendations"]
PAGES = ["/insights/", "/insights/trends/", "/insights/network/"]


@pytest.mark.parametrize("quarter", OUTSIDE)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_insights_endpoints_refuse_a_quarter_outside_the_years(area, endpoint, quarter):
    admin = user_with_role(Role.Kind.STREET_ADMIN, community=area["S1"])
    client = APIClient()
    client.force_authenticate(user=admin)
    response = client.get(f"/api/v1/insights/{endpoint}/", {"scope": "BA-S1", "quarter": quarter})
    assert response.status_code == 400
    assert "quarter" in response.json()["error"]["fields"]


@pytest.mark.parametrize("quarter", ["0000Q1", "0001Q1", "9999Q4"])
@pytest.mark.parametrize("page", PAGES)
def test_insights_pages_answer_404_for_a_quarter_outside_the_years(area, page, quarter):
    admin = user_with_role(Role.Kind.STREET_ADMIN, community=area["S1"])
    client = Client()
    client.force_login(admin)
    response = client.get(page, {"scope": "BA-S1", "quarter": quarter})
    assert response.status_code == 404


def test_the_first_and_last_supported_quarters_are_read():
    assert Quarter.parse("2000Q1") == Quarter(2000, 1)
    assert Quarter.parse("2100Q4") == Quarter(2100, 4)
