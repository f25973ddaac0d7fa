"""The registration form and the resident's request form show the notice (text and
version) whose consent they record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import ConsentRecord, Role
from partners.services import CONSENT_NOTICES
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_the_request_form_shows_the_request_notice_and_its_version(client, tree):
    client.force_login(user_with_role(Role.Kind.RESIDENT, community=tree["C11"]))
    page = client.get(reverse("request-new")).content.decode()
    version, text = CONSENT_NOTICES[ConsentRecord.Purpose.RESIDENT_REQUEST]
    assert text in page
    assert f"版本 {version}" in page


def test_the_registration_form_shows_the_registration_notice_and_its_version(client, tree):
    page = client.get(reverse("partner-register")).content.decode()
    version, text = CONSENT_NOTICES[ConsentRecord.Purpose.PARTNER_REGISTRATION]
    assert text in page
    assert f"版本 {version}" in page
