"""Partner contact details in the admin are masked for staff not entitled to them."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import Role

pytestmark = pytest.mark.django_db


def test_secretary_of_another_community_sees_masked_phone_and_name(
    client: Client, district: dict[str, Any], staff_with_role: Any
) -> None:
    client.force_login(staff_with_role(Role.Kind.SECRETARY, community=district["C21"]))
    page = client.get(reverse("admin:partners_partner_changelist")).content.decode()
    # Her own community's partner in full, the other community's masked.
    assert page.count("13812345678") == 1
    assert "138****5678" in page
    assert "王**" in page


def test_change_form_leaves_contact_out_when_not_entitled(
    client: Client, district: dict[str, Any], staff_with_role: Any
) -> None:
    client.force_login(staff_with_role(Role.Kind.SECRETARY, community=district["C21"]))
    other = district["partner_C11"]
    page = client.get(reverse("admin:partners_partner_change", args=[other.pk])).content.decode()
    assert "13812345678" not in page
    assert "王建国" not in page


def test_superuser_sees_every_phone_in_full(admin_client: Client, district: dict[str, Any]) -> None:
    page = admin_client.get(reverse("admin:partners_partner_changelist")).content.decode()
    assert page.count("13812345678") == 2
    assert "****" not in page
