"""Registering a partner: pending until verified, unless its own administrator registers it."""

from typing import Any

import pytest
from django.urls import reverse

from partners.models import Partner, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BODY = {
    "code": "P-NEW",
    "name": "海裕义剪队",
    "kind": "social_org",
    "community": "BA-S1-C1",
    "contact_name": "李红",
    "phone": "13900001111",
    "tags": ["义剪", "长者"],
    "consent": True,
}


def test_a_user_registering_a_partner_gets_it_pending_and_becomes_its_member(
    tree: Any, client_for: Any
) -> None:
    user = UserFactory.create()
    response = client_for(user).post(reverse("partner-list"), BODY, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    partner = Partner.objects.get(code="P-NEW")
    assert partner.status == "pending"
    assert sorted(partner.tags.names()) == ["义剪", "长者"]
    assert Role.objects.filter(user=user, kind="partner_member", partner=partner).exists()


def test_secretary_registering_in_her_community_verifies_it(
    tree: Any, client_for: Any, secretary_a: Any
) -> None:
    response = client_for(secretary_a).post(reverse("partner-list"), BODY, format="json")
    assert response.status_code == 201
    partner = Partner.objects.get(code="P-NEW")
    assert partner.status == "verified"
    assert partner.status_changed_by == secretary_a


def test_a_user_may_not_register_a_partner_as_verified(tree: Any, client_for: Any) -> None:
    response = client_for(UserFactory.create()).post(
        reverse("partner-list"), {**BODY, "status": "verified"}, format="json"
    )
    assert response.status_code == 403
    assert "status" in response.json()["error"]["fields"]
    assert not Partner.objects.filter(code="P-NEW").exists()


def test_a_partner_without_code_gets_one(tree: Any, client_for: Any, secretary_a: Any) -> None:
    body = {k: v for k, v in BODY.items() if k != "code"}
    response = client_for(secretary_a).post(reverse("partner-list"), body, format="json")
    assert response.status_code == 201
    assert Partner.objects.filter(code=response.json()["code"]).exists()
