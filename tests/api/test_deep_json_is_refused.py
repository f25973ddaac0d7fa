"""A JSON body nested deeper than ``JSON_MAX_DEPTH`` levels answers 400 on every JSON
endpoint, the anonymous token endpoint included, before parsing it: a thousand levels
(13 KB) made Python's parser fail with a server error."""

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from core.parsers import json_depth

pytestmark = pytest.mark.django_db

DEEP = "[" * 1000 + "]" * 1000


def test_the_token_endpoint_refuses_deep_nesting_without_signing_in() -> None:
    response = APIClient().post(reverse("api-token"), data=DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_a_write_refuses_deep_nesting(client_for: Any, resident: Any) -> None:
    body = '{"title": ' + DEEP + "}"
    response = client_for(resident).post(
        reverse("need-list"), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert str(settings.JSON_MAX_DEPTH) in response.json()["error"]["message"]


def test_nesting_up_to_the_limit_reaches_the_serializer(client_for: Any, resident: Any) -> None:
    depth = settings.JSON_MAX_DEPTH
    body = '{"tags": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"
    response = client_for(resident).post(
        reverse("need-list"), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"  # the fields, not the nesting


def test_brackets_inside_strings_do_not_count() -> None:
    assert json_depth(b'{"a": "[[[[{{{{\\"[[", "b": [[1]]}') == 3
