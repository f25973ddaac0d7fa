"""Consent is given, never assumed: without the ticked box (page) or ``consent: true``
(API) neither a partner registration nor a resident's request is written, and the
consent recorded when given carries the version of the notice shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from needs.models import ResidentRequest
from partners.models import ConsentRecord, Partner
from partners.services import CONSENT_NOTICES
from tests.frontend.test_partner_registration_and_review import _application

pytestmark = pytest.mark.django_db

PARTNER_VERSION = CONSENT_NOTICES[ConsentRecord.Purpose.PARTNER_REGISTRATION][0]
REQUEST_VERSION = CONSENT_NOTICES[ConsentRecord.Purpose.RESIDENT_REQUEST][0]


def _nothing_written() -> None:
    assert not Partner.objects.exists()
    assert not ResidentRequest.objects.exists()
    assert not ConsentRecord.objects.exists()


def test_registration_page_without_the_box_keeps_what_was_typed_and_writes_nothing(
    client: Any, tree: Any
) -> None:
    data = _application(tree)
    del data["consent"]
    response = client.post(reverse("partner-register"), data)
    assert response.status_code == 200
    assert response.context["consent_form"].errors["consent"]
    assert "海裕烘焙坊" in response.content.decode()
    assert not get_user_model().objects.filter(username="haiyu_bakery").exists()
    _nothing_written()


def test_registration_page_with_the_box_records_the_version_shown(client: Any, tree: Any) -> None:
    shown = client.get(reverse("partner-register")).content.decode()
    assert f"版本 {PARTNER_VERSION}" in shown
    assert 'name="consent"' in shown
    assert "checked" not in shown.split('name="consent"')[1].split(">")[0]
    assert client.post(reverse("partner-register"), _application(tree)).status_code == 302
    assert ConsentRecord.objects.get().text_version == PARTNER_VERSION


@pytest.mark.parametrize("consent", [False, None])
def test_registration_api_without_consent_answers_400_naming_it(
    resident: Any, client_for: Any, consent: Any
) -> None:
    body: dict[str, Any] = {"name": "李师傅修鞋", "kind": "resident", "community": "BA-S1-C1"}
    if consent is not None:
        body["consent"] = consent
    response = client_for(resident).post("/api/v1/partners/", body, format="json")
    assert response.status_code == 400
    assert "consent" in response.json()["error"]["fields"]
    _nothing_written()


def test_request_page_without_the_box_keeps_the_text_and_writes_nothing(
    client: Any, resident: Any, tree: Any
) -> None:
    client.force_login(resident)
    form = {"community": tree["C11"].pk, "text": "楼道灯坏了", "phone": "13900002222"}
    response = client.post(reverse("request-new"), form)
    assert response.status_code == 200
    assert response.context["consent_form"].errors["consent"]
    assert "楼道灯坏了" in response.content.decode()
    _nothing_written()
    accepted = client.post(reverse("request-new"), {**form, "consent": "on"})
    assert accepted.status_code == 302
    assert ConsentRecord.objects.get().text_version == REQUEST_VERSION


def test_request_api_refuses_consent_false_and_accepts_true(resident: Any, client_for: Any) -> None:
    client = client_for(resident)
    body = {"community": "BA-S1-C1", "text": "楼道灯坏了", "consent": False}
    response = client.post("/api/v1/requests/", body, format="json")
    assert response.status_code == 400
    assert "consent" in response.json()["error"]["fields"]
    _nothing_written()
    accepted = client.post("/api/v1/requests/", {**body, "consent": True}, format="json")
    assert accepted.status_code == 201
    assert ConsentRecord.objects.get().text_version == REQUEST_VERSION
