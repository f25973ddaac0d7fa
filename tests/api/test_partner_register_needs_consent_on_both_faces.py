"""A signed-in user registers a partner through the API or the page by the same rule:
with consent to the registration notice it is created pending, without it nothing is."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import Partner, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _page_form(tree: Any, **changes: str) -> dict[str, Any]:
    data = {
        "partner-name": "海裕烘焙坊",
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
    data.update(changes)
    return data


def _api_body(consent: bool) -> dict[str, Any]:
    return {
        "name": "海裕烘焙坊",
        "kind": "social_org",
        "community": "BA-S1-C1",
        "contact_name": "李梅",
        "phone": "13900001111",
        "consent": consent,
    }


@pytest.mark.parametrize("consent", [True, False])
def test_api_and_page_register_alike_by_consent(tree: Any, client_for: Any, consent: bool) -> None:
    api_user, page_user = UserFactory.create(), UserFactory.create()
    response = client_for(api_user).post(reverse("partner-list"), _api_body(consent), format="json")
    assert (response.status_code == 201) is consent

    page = Client()
    page.force_login(page_user)
    form = _page_form(tree)
    if not consent:
        del form["consent"]
    page.post(reverse("partner-register"), form)

    for user in (api_user, page_user):
        member = Role.objects.filter(user=user, kind="partner_member").first()
        assert (member is not None) is consent
        if member is not None:
            assert member.partner is not None
            assert member.partner.status == Partner.Status.PENDING
