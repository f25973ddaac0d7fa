"""Every form and every session-authenticated API write needs the CSRF token."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from needs.models import ResidentRequest

pytestmark = pytest.mark.django_db


def test_page_form_without_token_is_refused(tree: Any, resident: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    form = {"community": tree["C11"].pk, "text": "楼道灯坏了", "phone": "", "consent": "on"}
    assert client.post(reverse("request-new"), form).status_code == 403
    assert not ResidentRequest.objects.exists()


def test_page_form_with_token_goes_through(tree: Any, resident: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    page = client.get(reverse("request-new"))
    token = page.context["csrf_token"]
    form = {
        "community": tree["C11"].pk,
        "text": "楼道灯坏了",
        "phone": "",
        "consent": "on",
        "csrfmiddlewaretoken": token,
    }
    assert client.post(reverse("request-new"), form).status_code == 302
    assert ResidentRequest.objects.count() == 1


def test_session_api_write_without_token_is_refused(resident: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    body = {"community": "BA-S1-C1", "text": "楼道灯坏了"}
    response = client.post("/api/v1/requests/", body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
