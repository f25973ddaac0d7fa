"""The residents' request form on the pages counts against the same limit as the API:
past it the page answers 429 with a message and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from needs.models import ResidentRequest

pytestmark = pytest.mark.django_db

REQUEST_LIMIT = 20  # settings: THROTTLE_RESIDENT_REQUEST=20/hour


def test_request_form_past_the_limit_answers_429(tree: Any, resident: Any) -> None:
    client = Client()
    client.force_login(resident)
    form = {"community": tree["C11"].pk, "text": "楼道灯坏了", "phone": "", "consent": "on"}
    for _ in range(REQUEST_LIMIT):
        assert client.post(reverse("request-new"), form).status_code == 302
    refused = client.post(reverse("request-new"), form)
    assert refused.status_code == 429
    assert "频繁" in refused.content.decode()
    assert ResidentRequest.objects.count() == REQUEST_LIMIT
