"""Signing in for the API: a token for a username and password; nothing without one."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_right_password_gets_a_token_that_opens_the_api() -> None:
    user = UserFactory.create(username="wang")
    response = APIClient().post(
        reverse("api-token"), {"username": "wang", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=user).key == token

    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("need-list")).status_code == 200


def test_wrong_password_answers_400_in_the_error_shape() -> None:
    UserFactory.create(username="wang")
    response = APIClient().post(
        reverse("api-token"), {"username": "wang", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"]["non_field_errors"]


def test_anonymous_request_is_refused_in_the_error_shape() -> None:
    response = APIClient().get(reverse("partner-list"))
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"
