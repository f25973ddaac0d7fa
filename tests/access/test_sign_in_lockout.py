"""Repeated failed sign-ins lock the username out of the admin and the API token
endpoint, even with the right password afterwards."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_api_token_endpoint_locks_out_after_repeated_failures() -> None:
    user = UserFactory.create(username="tokenuser")
    client = APIClient()
    url = reverse("api-token")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = client.post(url, {"username": user.username, "password": "wrong"}, format="json")
        assert wrong.status_code == 400
    last = client.post(url, {"username": user.username, "password": "wrong"}, format="json")
    assert last.status_code == 429
    locked = client.post(url, {"username": user.username, "password": PASSWORD}, format="json")
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "locked_out"
    assert "token" not in locked.json()


def test_api_token_endpoint_signs_in_before_the_limit() -> None:
    user = UserFactory.create(username="tokenuser2")
    client = APIClient()
    url = reverse("api-token")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": user.username, "password": "wrong"}, format="json")
    ok = client.post(url, {"username": user.username, "password": PASSWORD}, format="json")
    assert ok.status_code == 200
    assert ok.json()["token"]


def test_admin_sign_in_locks_out_after_repeated_failures() -> None:
    user = UserFactory.create(username="staffer", is_staff=True)
    client = Client()
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = client.post(url, {"username": user.username, "password": "wrong"})
        assert wrong.status_code == 200  # the form again, with its error
    last = client.post(url, {"username": user.username, "password": "wrong"})
    assert last.status_code == 429
    assert "锁定" in last.content.decode()
    locked = client.post(url, {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
