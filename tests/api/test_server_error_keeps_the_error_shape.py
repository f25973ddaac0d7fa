"""With ``DEBUG`` off, an unexpected failure under ``/api/`` still answers the documented
JSON error shape (500 ``server_error``), not Django's HTML page; pages keep the page."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from partners.api.views import CommunityViewSet

pytestmark = pytest.mark.django_db


def _fail(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("unexpected")


def test_an_api_failure_answers_the_json_error_shape(
    settings: Any, monkeypatch: pytest.MonkeyPatch, secretary_a: Any
) -> None:
    settings.DEBUG = False
    monkeypatch.setattr(CommunityViewSet, "list", _fail)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user=secretary_a)
    response = client.get("/api/v1/communities/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "server_error"
    assert response.json()["error"]["fields"] == {}


def test_a_page_failure_answers_a_page(
    settings: Any, monkeypatch: pytest.MonkeyPatch, secretary_a: Any
) -> None:
    from frontend.views import needs

    settings.DEBUG = False
    monkeypatch.setattr(needs, "render", _fail)
    client = Client(raise_request_exception=False)
    client.force_login(secretary_a)
    response = client.get("/needs/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
