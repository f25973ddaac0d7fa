"""Who may change a partner's details."""

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_member_updates_its_own_partner(client_for: Any, partner_a: Any, member_a: Any) -> None:
    response = client_for(member_a).patch(
        reverse("partner-detail", args=["P-A"]),
        {"description": "每周六义诊", "tags": ["义诊"]},
        format="json",
    )
    assert response.status_code == 200
    partner_a.refresh_from_db()
    assert partner_a.description == "每周六义诊"
    assert list(partner_a.tags.names()) == ["义诊"]


def test_member_cannot_change_its_partners_status(
    client_for: Any, partner_a: Any, member_a: Any
) -> None:
    response = client_for(member_a).patch(
        reverse("partner-detail", args=["P-A"]), {"status": "suspended"}, format="json"
    )
    assert response.status_code == 403
    partner_a.refresh_from_db()
    assert partner_a.status == "verified"


def test_secretary_of_another_community_cannot_change_a_visible_partner(
    client_for: Any, partner_a: Any, secretary_b: Any
) -> None:
    response = client_for(secretary_b).patch(
        reverse("partner-detail", args=["P-A"]), {"name": "改名"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_allowed"
    partner_a.refresh_from_db()
    assert partner_a.name != "改名"


def test_a_partners_code_never_changes(client_for: Any, partner_a: Any, secretary_a: Any) -> None:
    response = client_for(secretary_a).patch(
        reverse("partner-detail", args=["P-A"]), {"code": "P-OTHER"}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.json()["error"]["fields"]
