"""The OpenAPI schema and the Swagger UI are served."""

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_schema_is_served(client_for: Any, secretary_a: Any) -> None:
    response = client_for(secretary_a).get(reverse("api-schema"))
    assert response.status_code == 200
    assert b"/api/v1/partners/{code}/verify/" in response.content


def test_docs_page_is_served_without_a_cdn(client_for: Any, secretary_a: Any) -> None:
    response = client_for(secretary_a).get(reverse("api-docs"))
    assert response.status_code == 200
    assert b"cdn.jsdelivr.net" not in response.content
