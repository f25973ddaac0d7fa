"""Administrators browse the audit trail in the admin, each seeing the entries about
records of their own area; superusers see every entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partners.models import AuditEvent, Partner
from partners.services import partner_set_status
from tests.factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions(tree: Any, secretary_a: Any, secretary_b: Any) -> None:
    mine = PartnerFactory.create(code="P-MINE", name="海裕修鞋铺", community=tree["C11"])
    theirs = PartnerFactory.create(code="P-THEIRS", name="九围理发店", community=tree["C21"])
    partner_set_status(actor=secretary_a, partner=mine, status=Partner.Status.SUSPENDED)
    partner_set_status(actor=secretary_b, partner=theirs, status=Partner.Status.SUSPENDED)
    AuditEvent.objects.create(action="export", what="导出九围", scope=tree["C21"])


def _page(user: Any, path: str) -> str:
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_secretary_sees_only_entries_about_her_area(decisions: None, secretary_a: Any) -> None:
    html = _page(secretary_a, "/admin/auditlog/logentry/")
    assert "海裕修鞋铺" in html
    assert "九围理发店" not in html


def test_secretary_sees_only_events_over_her_area(decisions: None, secretary_a: Any) -> None:
    assert "导出九围" not in _page(secretary_a, "/admin/partners/auditevent/")


def test_superuser_sees_every_entry(decisions: None) -> None:
    html = _page(UserFactory.create(is_superuser=True), "/admin/auditlog/logentry/")
    assert "海裕修鞋铺" in html
    assert "九围理发店" in html


def test_resident_cannot_open_the_audit_trail(resident: Any) -> None:
    resident.is_staff = True
    resident.save()
    client = Client()
    client.force_login(resident)
    assert client.get("/admin/auditlog/logentry/").status_code == 403
