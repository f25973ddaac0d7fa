"""Verification: the home community's administrators decide, and the decision is recorded."""

from typing import Any

import pytest
from django.urls import reverse

from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_secretary_verifies_a_pending_partner_of_her_community(
    tree: Any, client_for: Any, secretary_a: Any
) -> None:
    partner = PartnerFactory.create(code="P-NEW", community=tree["C11"], status="pending")
    response = client_for(secretary_a).post(
        reverse("partner-verify", args=["P-NEW"]),
        {"status": "verified", "reason": "资质齐全"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "verified"
    partner.refresh_from_db()
    assert partner.status == "verified"
    assert partner.status_reason == "资质齐全"
    assert partner.status_changed_by == secretary_a
    assert partner.status_changed_at is not None


def test_street_admin_suspends_a_partner_in_its_street(
    tree: Any, client_for: Any, street_admin: Any
) -> None:
    partner = PartnerFactory.create(code="P-X", community=tree["X1"])
    response = client_for(street_admin).post(
        reverse("partner-verify", args=["P-X"]), {"status": "suspended"}, format="json"
    )
    assert response.status_code == 200
    partner.refresh_from_db()
    assert partner.status == "suspended"


def test_partner_member_cannot_verify_its_own_partner(
    tree: Any, client_for: Any, partner_a: Any, member_a: Any
) -> None:
    partner_a.status = "pending"
    partner_a.save()
    response = client_for(member_a).post(
        reverse("partner-verify", args=["P-A"]), {"status": "verified"}, format="json"
    )
    assert response.status_code == 403
    partner_a.refresh_from_db()
    assert partner_a.status == "pending"


def test_secretary_of_another_community_cannot_suspend_a_partner(
    client_for: Any, partner_a: Any, secretary_b: Any
) -> None:
    response = client_for(secretary_b).post(
        reverse("partner-verify", args=["P-A"]), {"status": "suspended"}, format="json"
    )
    assert response.status_code == 403


def test_unknown_status_is_refused(client_for: Any, partner_a: Any, secretary_a: Any) -> None:
    response = client_for(secretary_a).post(
        reverse("partner-verify", args=["P-A"]), {"status": "approved"}, format="json"
    )
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]
