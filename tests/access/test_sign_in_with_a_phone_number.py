"""A person may sign in with the mainland mobile number on their profile instead of their
username, on the pages and the API token endpoint; failures by number and by username
count towards one lockout."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.phones import mainland_mobile
from partners.models import Profile
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def wang():
    user = UserFactory.create(username="wangshifu")
    Profile.objects.create(user=user, phone="13800138000")
    return user


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("8613912345678", "13912345678"),
        ("12800138000", None),  # no mainland mobile begins 12
        ("1380013800", None),
        ("wangshifu", None),
    ],
)
def test_mobile_numbers_are_read_as_people_write_them(written: str, number: str) -> None:
    assert mainland_mobile(written) == number


def test_sign_in_page_accepts_the_phone_number(wang: Any) -> None:
    client = Client()
    response = client.post(
        reverse("login"), {"username": "+86 138-0013-8000", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(wang.pk)


def test_api_token_endpoint_accepts_the_phone_number(wang: Any) -> None:
    response = APIClient().post(
        reverse("api-token"), {"username": "13800138000", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["token"]


def test_a_wrong_password_with_the_number_is_refused(wang: Any) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "13800138000", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_failures_by_phone_lock_the_username_too(wang: Any) -> None:
    url = reverse("login")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # From a new address each time: it is the person, not an address, that is locked.
        Client(REMOTE_ADDR=f"10.0.0.{attempt + 1}").post(
            url, {"username": "138-0013-8000", "password": "wrong"}
        )
    client = Client(REMOTE_ADDR="10.0.1.1")
    locked = client.post(url, {"username": wang.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_by_username_lock_the_phone_too(wang: Any) -> None:
    url = reverse("api-token")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        APIClient(REMOTE_ADDR=f"10.0.2.{attempt + 1}").post(
            url, {"username": wang.username, "password": "wrong"}, format="json"
        )
    locked = APIClient(REMOTE_ADDR="10.0.3.1").post(
        url, {"username": "13800138000", "password": PASSWORD}, format="json"
    )
    assert locked.status_code == 429


def test_two_people_cannot_share_a_number(wang: Any) -> None:
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Profile.objects.create(user=UserFactory.create(username="other"), phone="13800138000")
