"""Partner self-registration and residents' requests are rate-limited per user, with
the same budget for the API and the pages; administrators are not limited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from needs.models import Need
from partners.models import Partner
from partners.throttles import allow

pytestmark = pytest.mark.django_db

REGISTRATION_LIMIT = 10  # settings: THROTTLE_REGISTRATION=10/hour
REQUEST_LIMIT = 20  # settings: THROTTLE_RESIDENT_REQUEST=20/hour


def _need(i: int) -> dict[str, Any]:
    return {
        "community": "BA-S1-C1",
        "title": f"请求{i}",
        "window": {"start": "2026-10-01", "end": "2026-12-31"},
        "consent": True,
    }


def _partner(i: int) -> dict[str, Any]:
    return {"name": f"合伙人{i}", "kind": "social_org", "community": "BA-S1-C1", "consent": True}


def test_resident_requests_past_the_limit_answer_429(resident: Any, client_for: Any) -> None:
    client: APIClient = client_for(resident)
    for i in range(REQUEST_LIMIT):
        assert client.post("/api/v1/needs/", _need(i), format="json").status_code == 201
    refused = client.post("/api/v1/needs/", _need(99), format="json")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert Need.objects.filter(created_by=resident).count() == REQUEST_LIMIT


def test_self_registration_past_the_limit_answers_429(resident: Any, client_for: Any) -> None:
    client: APIClient = client_for(resident)
    for i in range(REGISTRATION_LIMIT):
        assert client.post("/api/v1/partners/", _partner(i), format="json").status_code == 201
    assert client.post("/api/v1/partners/", _partner(99), format="json").status_code == 429
    assert Partner.objects.count() == REGISTRATION_LIMIT


def test_reads_and_updates_are_not_limited(resident: Any, client_for: Any) -> None:
    client: APIClient = client_for(resident)
    for _ in range(REQUEST_LIMIT + 5):
        assert client.get("/api/v1/needs/").status_code == 200


def test_secretary_is_not_limited(secretary_a: Any, client_for: Any) -> None:
    client: APIClient = client_for(secretary_a)
    for i in range(REQUEST_LIMIT + 2):
        assert client.post("/api/v1/needs/", _need(i), format="json").status_code == 201


def test_page_forms_share_the_api_budget(resident: Any, client_for: Any) -> None:
    client: APIClient = client_for(resident)
    for i in range(REQUEST_LIMIT - 1):
        assert client.post("/api/v1/needs/", _need(i), format="json").status_code == 201
    request = RequestFactory().post("/requests/new/")
    request.user = resident
    assert allow(request, "resident_request")  # the last one left
    assert not allow(request, "resident_request")
    assert client.post("/api/v1/needs/", _need(98), format="json").status_code == 429
