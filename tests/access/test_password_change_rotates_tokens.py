"""Changing a password, by whatever door, ends what the old password opened: the
person's API tokens stop answering (signing in again gives a new one) and their other
sessions end; the session that made the change stays signed in."""

from __future__ import annotations

import getpass
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lantern-street-2027"


@pytest.fixture
def person() -> Any:
    return UserFactory.create(username="secretary_anshan", is_staff=True)


def _token_of(username: str, password: str) -> str:
    answer = APIClient().post(
        reverse("api-token"), {"username": username, "password": password}, format="json"
    )
    assert answer.status_code == 200
    return str(answer.json()["token"])


def _answers(token: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return int(client.get("/api/v1/needs/").status_code)


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _still_signed_in(client: Client) -> bool:
    return int(client.get(reverse("admin:index")).status_code) == 200


def test_admin_password_change_rotates_token_and_ends_other_sessions(person: Any) -> None:
    old = _token_of(person.username, PASSWORD)
    elsewhere = _signed_in(person)
    here = _signed_in(person)
    form = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert here.post(reverse("admin:password_change"), form).status_code == 302

    assert _answers(old) == 401
    assert _token_of(person.username, NEW_PASSWORD) != old
    assert not _still_signed_in(elsewhere)
    assert _still_signed_in(here)


def test_superuser_setting_a_password_in_the_admin_rotates_its_token(
    person: Any, admin_client: Client
) -> None:
    old = _token_of(person.username, PASSWORD)
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    form = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    assert admin_client.post(url, form).status_code == 302

    assert _answers(old) == 401
    assert _token_of(person.username, NEW_PASSWORD) != old


def test_changepassword_command_rotates_token_and_ends_sessions(
    person: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _token_of(person.username, PASSWORD)
    elsewhere = _signed_in(person)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", person.username, stdout=None)

    assert _answers(old) == 401
    assert not Token.objects.filter(key=old).exists()
    assert not _still_signed_in(elsewhere)


def test_token_survives_when_the_password_is_unchanged(person: Any) -> None:
    old = _token_of(person.username, PASSWORD)
    person.first_name = "安"
    person.save()
    assert _answers(old) == 200
    assert _token_of(person.username, PASSWORD) == old
