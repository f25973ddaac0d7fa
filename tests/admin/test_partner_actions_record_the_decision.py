"""Verifying or suspending partners from the admin records who decided and when,
and refuses partners outside the administrator's area."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import Partner, Role

pytestmark = pytest.mark.django_db


def _act(client: Client, action: str, *partners: Partner) -> None:
    client.post(
        reverse("admin:partners_partner_changelist"),
        {"action": action, "_selected_action": [p.pk for p in partners]},
    )


def test_suspend_action_records_who_and_when(
    admin_client: Client, district: dict[str, Any]
) -> None:
    partner = district["partner_C11"]
    _act(admin_client, "suspend_partners", partner)
    partner.refresh_from_db()
    assert partner.status == Partner.Status.SUSPENDED
    assert partner.status_changed_by is not None
    assert partner.status_changed_by.username == "admin"
    assert partner.status_changed_at is not None


def test_secretary_verifies_only_partners_of_her_community(
    client: Client, district: dict[str, Any], staff_with_role: Any
) -> None:
    secretary = staff_with_role(Role.Kind.SECRETARY, community=district["C11"])
    secretary.user_permissions.add(
        *secretary.user_permissions.model.objects.filter(codename="change_partner")
    )
    mine, other = district["partner_C11"], district["partner_C21"]
    Partner.objects.filter(pk__in=[mine.pk, other.pk]).update(status=Partner.Status.PENDING)
    client.force_login(secretary)
    _act(client, "verify_partners", mine, other)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, mine.status_changed_by_id) == (Partner.Status.VERIFIED, secretary.pk)
    assert other.status == Partner.Status.PENDING
