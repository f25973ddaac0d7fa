"""GET /api/v1/me/data/ gives the signed-in person everything held about them, unmasked,
and records that personal data was handed out."""

from __future__ import annotations

from typing import Any

import pytest

from partners.models import AuditEvent, Partner, Role
from tests.factories import NeedFactory, PartnerFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_resident_gets_her_requests_partners_and_consents(tree: Any, client_for: Any) -> None:
    her = user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
    mine = PartnerFactory.create(
        code="P-ME", kind=Partner.Kind.RESIDENT, community=tree["C11"], phone="13912345678"
    )
    Role.objects.create(user=her, kind=Role.Kind.PARTNER_MEMBER, partner=mine)
    NeedFactory.create(code="N-ME", community=tree["C11"], created_by=her, description="我家住3栋")
    NeedFactory.create(code="N-OTHER", community=tree["C11"])

    response = client_for(her).get("/api/v1/me/data/")

    assert response.status_code == 200
    data = response.json()
    assert data["account"]["username"] == her.username
    assert [p["phone"] for p in data["partners"]] == ["13912345678"]
    assert [n["code"] for n in data["requests"]] == ["N-ME"]
    assert data["requests"][0]["description"] == "我家住3栋"
    assert {r["kind"] for r in data["roles"]} == {"resident", "partner_member"}
    event = AuditEvent.objects.get(action=AuditEvent.Action.ACCESS)
    assert event.actor == her
    assert event.personal_data


def test_anonymous_gets_401(client: Any) -> None:
    assert client.get("/api/v1/me/data/").status_code == 401
