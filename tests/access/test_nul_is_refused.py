"""A NUL character in a path, a query parameter or a form field answers 400 naming where,
before anything is looked up with it: PostgreSQL refuses NUL in a query with a server
error, whatever the lookup."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from partners.models import Role
from tests.factories import make_tree, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary() -> Any:
    tree = make_tree()
    return user_with_role(Role.Kind.SECRETARY, community=tree["C11"])


@pytest.mark.parametrize(
    "url",
    ["/api/v1/needs/%00/", "/api/v1/partners/P%00A/", "/api/v1/needs/?community=%00"],
)
def test_the_api_refuses_nul_in_a_lookup(secretary: Any, url: str) -> None:
    client = APIClient()
    client.force_authenticate(user=secretary)
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"]


@pytest.mark.parametrize("url", ["/needs/%00/", "/needs/?community=%00", "/partners/?q=a%00b"])
def test_pages_refuse_nul_in_a_lookup(secretary: Any, url: str) -> None:
    client = Client()
    client.force_login(secretary)
    assert client.get(url).status_code == 400


def test_a_form_field_holding_nul_is_refused(secretary: Any) -> None:
    client = Client()
    client.force_login(secretary)
    response = client.post("/needs/new/", {"title": "灯\x00坏了", "community": "BA-S1-C1"})
    assert response.status_code == 400
    assert "title" in response.content.decode()


def test_the_admin_filter_refuses_nul() -> None:
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    assert client.get("/admin/needs/need/?community__code=%00").status_code == 400
