"""Every change to partners, offerings, needs, meetings, projects and verification
decisions leaves an audit log entry: who, when, what, before and after. Personal fields
are kept masked in it. Bulk imports and exports leave one audit event each."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from partners.models import AuditEvent, Offering, Partner
from tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db


def _token_client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def _entries(obj: Any) -> Any:
    return LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")


def test_offering_change_by_token_records_actor_before_and_after(
    partner_a: Partner, member_a: Any
) -> None:
    offering = OfferingFactory.create(code="O-A", partner=partner_a, title="长者义诊")
    response = _token_client(member_a).patch(
        "/api/v1/offerings/O-A/", {"title": "长者义诊（每月）"}, format="json"
    )
    assert response.status_code == 200
    entry = _entries(offering).last()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == member_a
    assert entry.changes_dict["title"] == ["长者义诊", "长者义诊（每月）"]
    assert entry.timestamp is not None


def test_need_created_through_a_session_records_the_actor(secretary_a: Any) -> None:
    client = Client()
    client.force_login(secretary_a)
    body = {
        "community": "BA-S1-C1",
        "title": "老人想理发",
        "window": {"start": "2026-10-01", "end": "2026-12-31"},
    }
    response = client.post("/api/v1/needs/", body, content_type="application/json")
    assert response.status_code == 201
    entry = LogEntry.objects.get(object_repr__contains="老人想理发")
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == secretary_a


def test_verification_decision_is_recorded(partner_a: Partner, secretary_a: Any) -> None:
    response = _token_client(secretary_a).post(
        "/api/v1/partners/P-A/verify/", {"status": "suspended", "reason": "资质过期"}, format="json"
    )
    assert response.status_code == 200
    entry = _entries(partner_a).last()
    assert entry.actor == secretary_a
    assert entry.changes_dict["status"] == ["verified", "suspended"]
    assert entry.changes_dict["status_reason"] == ["", "资质过期"]


def test_phone_change_is_kept_masked(partner_a: Partner, member_a: Any) -> None:
    response = _token_client(member_a).patch(
        "/api/v1/partners/P-A/", {"phone": "13987654321"}, format="json"
    )
    assert response.status_code == 200
    before, after = _entries(partner_a).last().changes_dict["phone"]
    assert (before, after) == ("138****5678", "139****4321")


def test_offering_removal_is_recorded(partner_a: Partner, member_a: Any) -> None:
    offering = OfferingFactory.create(code="O-GONE", partner=partner_a)
    pk = offering.pk
    assert _token_client(member_a).delete("/api/v1/offerings/O-GONE/").status_code == 204
    assert not Offering.objects.filter(pk=pk).exists()
    entry = LogEntry.objects.get(object_id=pk, action=LogEntry.Action.DELETE)
    assert entry.actor == member_a


def test_bulk_import_writes_one_summary_event(tree: Any, tmp_path: Path) -> None:
    doc = {
        "format": "jinlin-interchange/1",
        "partners": [
            {"code": f"P-IMP{i}", "name": f"导入{i}", "kind": "unit", "community": "BA-S1-C1"}
            for i in range(3)
        ],
    }
    path = tmp_path / "region.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    call_command("import_region", str(path), stdout=StringIO())
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.detail["partners"] == {"created": 3, "updated": 0}
    call_command("import_region", str(path), stdout=StringIO())  # nothing changes
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 1


def test_region_export_is_audited_with_its_scope(partner_a: Partner, tmp_path: Path) -> None:
    out = tmp_path / "street.json"
    call_command("export_region", "--scope", "BA-S1", "--output", str(out))
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.scope is not None
    assert event.scope.code == "BA-S1"
    assert event.personal_data
    assert event.detail["partners"] == 1
    assert "export_region" in event.actor_name
