"""Rate limits and the sign-in lockout count by the client address the platform's own
proxies vouch for (``NUM_PROXIES``, none by default); an address a client writes in
``X-Forwarded-For`` itself buys it no fresh budget."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.fixtures import SettingsWrapper
from rest_framework.test import APIClient

from core.client_ip import client_ip
from needs.models import Need
from partners.models import Partner
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REGISTRATION_LIMIT = 10  # settings: THROTTLE_REGISTRATION=10/hour


def _application(tree: dict[str, Any], i: int) -> dict[str, Any]:
    return {
        "account-username": f"applicant{i}",
        "account-password1": "Bread-and-butter-2026",
        "account-password2": "Bread-and-butter-2026",
        "partner-name": f"海裕烘焙坊{i}",
        "consent": "on",
        "partner-kind": "unit",
        "partner-unit_type": "enterprise",
        "partner-community": tree["C11"].pk,
        "partner-contact_name": "李梅",
        "partner-phone": "13900001111",
        "offering-title": "长者生日蛋糕",
        "offering-category": "elderly_meal",
        "offering-modes": ["at_center"],
        "offering-beneficiaries": ["elderly"],
        "offering-capacity": "10",
        "offering-unit": "item",
        "offering-cost": "free",
    }


def test_forged_address_does_not_lift_the_registration_limit(tree: dict[str, Any]) -> None:
    url = reverse("partner-register")
    for i in range(REGISTRATION_LIMIT):
        assert Client().post(url, _application(tree, i)).status_code == 302
    for i in range(REGISTRATION_LIMIT, REGISTRATION_LIMIT + 3):
        forged = Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
        assert forged.post(url, _application(tree, i)).status_code == 429
    assert Partner.objects.count() == REGISTRATION_LIMIT


def test_behind_one_proxy_each_client_has_its_own_budget(
    tree: dict[str, Any], settings: SettingsWrapper
) -> None:
    settings.NUM_PROXIES = 1
    url = reverse("partner-register")

    def via_proxy(client_address: str, forged: str = "") -> Client:
        chain = f"{forged}, {client_address}" if forged else client_address
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=chain)

    for i in range(REGISTRATION_LIMIT):
        assert via_proxy("198.51.100.7").post(url, _application(tree, i)).status_code == 302
    # The same client, prefixing a made-up hop, is still itself.
    spoof = via_proxy("198.51.100.7", forged="203.0.113.9").post(url, _application(tree, 90))
    assert spoof.status_code == 429
    # Another client behind the same proxy is not held back by the first one.
    other = via_proxy("198.51.100.8").post(url, _application(tree, 91))
    assert other.status_code == 302


def test_audit_trail_records_the_trusted_address(secretary_a: Any, client_for: Any) -> None:
    client: APIClient = client_for(secretary_a)
    need = {
        "community": "BA-S1-C1",
        "title": "楼道灯坏了",
        "window": {"start": "2026-10-01", "end": "2026-12-31"},
    }
    response = client.post(
        "/api/v1/needs/", need, format="json", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert response.status_code == 201
    entry = LogEntry.objects.get_for_model(Need).latest("timestamp")
    assert entry.remote_addr == "127.0.0.1"


def test_forged_address_does_not_escape_the_sign_in_lockout() -> None:
    url = reverse("api-token")
    for i in range(settings.AXES_FAILURE_LIMIT):
        client = APIClient(HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
        client.post(url, {"username": f"guess{i}", "password": "wrong"}, format="json")
    user = UserFactory.create(username="innocent")
    forged = APIClient(HTTP_X_FORWARDED_FOR="203.0.113.200")
    answer = forged.post(url, {"username": user.username, "password": PASSWORD}, format="json")
    assert answer.status_code == 429


def test_behind_one_proxy_the_lockout_holds_one_client_not_everyone(
    settings: SettingsWrapper,
) -> None:
    settings.NUM_PROXIES = 1
    url = reverse("api-token")
    for i in range(settings.AXES_FAILURE_LIMIT):
        client = APIClient(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
        client.post(url, {"username": f"guess{i}", "password": "wrong"}, format="json")
    user = UserFactory.create(username="neighbour")
    other = APIClient(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.8")
    answer = other.post(url, {"username": user.username, "password": PASSWORD}, format="json")
    assert answer.status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),
        (1, "203.0.113.9, 198.51.100.7", "198.51.100.7"),
        (2, "203.0.113.9, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_client_address_believes_only_the_configured_proxies(
    proxies: int, forwarded: str, expected: str, settings: SettingsWrapper
) -> None:
    settings.NUM_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
