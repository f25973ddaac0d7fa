"""Text and request bodies past their limits are refused with a clear error."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from needs.models import Need

pytestmark = pytest.mark.django_db


def test_long_description_is_refused_naming_the_field(secretary_a: Any, client_for: Any) -> None:
    body = {
        "community": "BA-S1-C1",
        "title": "老人想理发",
        "description": "长" * (settings.TEXT_MAX_LENGTH + 1),
        "window": {"start": "2026-10-01", "end": "2026-12-31"},
    }
    response = client_for(secretary_a).post("/api/v1/needs/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "5000" in error["fields"]["description"][0]
    assert not Need.objects.exists()


def test_description_at_the_limit_is_kept(partner_a: Any, member_a: Any, client_for: Any) -> None:
    text = "长" * settings.TEXT_MAX_LENGTH
    response = client_for(member_a).patch(
        f"/api/v1/partners/{partner_a.code}/", {"description": text}, format="json"
    )
    assert response.status_code == 200
    partner_a.refresh_from_db()
    assert partner_a.description == text


def test_oversized_body_answers_413_in_the_error_shape(secretary_a: Any) -> None:
    client = APIClient()
    client.force_authenticate(user=secretary_a)
    payload = '{"title": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}'
    response = client.generic("POST", "/api/v1/needs/", payload, content_type="application/json")
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large"
    assert "MB" in error["message"]


def test_a_body_the_api_does_not_read_answers_415_as_documented(secretary_a: Any) -> None:
    """Any operation taking a body documents 415, which it answers in the error shape
    for a body that is not JSON, a form or multipart (the API fuzzing found it
    undocumented on the claim operation)."""
    client = APIClient()
    client.force_authenticate(user=secretary_a)
    response = client.generic(
        "POST", "/api/v1/needs/X/claim/", "offering=O-1", content_type="text/plain"
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    schema = client.get("/api/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if isinstance(operation, dict) and "requestBody" in operation:
                assert "415" in operation["responses"], (method, path)
