"""Self-registration and residents' requests record the person's consent: purpose,
notice version and time."""

from __future__ import annotations

from typing import Any

import pytest

from needs.models import Need
from partners.models import ConsentRecord
from partners.services import CONSENT_NOTICES

pytestmark = pytest.mark.django_db

NEED = {
    "community": "BA-S1-C1",
    "title": "老人想理发",
    "window": {"start": "2026-10-01", "end": "2026-12-31"},
}


def test_self_registration_records_consent(resident: Any, client_for: Any) -> None:
    body = {"name": "李师傅修鞋", "kind": "resident", "community": "BA-S1-C1", "consent": True}
    response = client_for(resident).post("/api/v1/partners/", body, format="json")
    assert response.status_code == 201
    consent = ConsentRecord.objects.get(user=resident)
    assert consent.purpose == ConsentRecord.Purpose.PARTNER_REGISTRATION
    assert consent.text_version == CONSENT_NOTICES[consent.purpose][0]
    assert consent.record == response.json()["code"]
    assert consent.given_at is not None


def test_resident_request_records_consent(resident: Any, client_for: Any) -> None:
    response = client_for(resident).post("/api/v1/needs/", {**NEED, "consent": True}, format="json")
    assert response.status_code == 201
    consent = ConsentRecord.objects.get(user=resident)
    assert consent.purpose == ConsentRecord.Purpose.RESIDENT_REQUEST
    assert consent.record == response.json()["code"]


@pytest.mark.parametrize("consent", [False, None])
def test_a_resident_posting_a_need_without_the_box_is_refused(
    resident: Any, client_for: Any, consent: Any
) -> None:
    body = NEED if consent is None else {**NEED, "consent": consent}
    response = client_for(resident).post("/api/v1/needs/", body, format="json")
    assert response.status_code == 400
    assert "consent" in response.json()["error"]["fields"]
    assert not ConsentRecord.objects.exists()
    assert not Need.objects.exists()


def test_secretary_posting_for_the_community_records_none(
    secretary_a: Any, client_for: Any
) -> None:
    response = client_for(secretary_a).post("/api/v1/needs/", NEED, format="json")
    assert response.status_code == 201
    assert not ConsentRecord.objects.exists()
