"""POST /api/v1/me/erase/ anonymises the person and blanks their personal fields, while
requests, projects and evaluations-to-be stay for the community's history."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from needs.models import Evaluation, Need, Project, ResidentRequest
from partners.models import AuditEvent, Partner, Role
from tests.factories import (
    PASSWORD,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def her(tree: Any) -> Any:
    user = user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
    user.first_name, user.email = "秀英", "xiuying@example.cn"
    user.save()
    return user


def test_erasure_blanks_personal_fields_and_keeps_history(tree: Any, her: Any) -> None:
    skill = PartnerFactory.create(
        code="P-ME",
        name="王秀英裁缝",
        kind=Partner.Kind.RESIDENT,
        community=tree["C11"],
        phone="13912345678",
        address="海裕社区3栋101",
    )
    Role.objects.create(user=her, kind=Role.Kind.PARTNER_MEMBER, partner=skill)
    need = NeedFactory.create(
        code="N-ME", community=tree["C11"], created_by=her, source="resident", description="3栋"
    )
    project = ProjectFactory.create(need=need, offering=OfferingFactory.create(partner=skill))
    Token.objects.create(user=her)
    client = APIClient()
    client.force_authenticate(user=her)
    client.patch("/api/v1/needs/N-ME/", {"title": "老人想理发"}, format="json")

    response = client.post("/api/v1/me/erase/")

    assert response.status_code == 204
    her.refresh_from_db()
    assert her.username == f"erased-{her.pk}"
    assert (her.first_name, her.email, her.is_active) == ("", "", False)
    assert not her.has_usable_password()
    assert not Role.objects.filter(user=her).exists()
    assert not Token.objects.filter(user=her).exists()
    need.refresh_from_db()
    assert (need.title, need.description, need.created_by) == ("老人想理发", "", None)
    assert Project.objects.filter(pk=project.pk).exists()
    skill.refresh_from_db()
    assert "秀英" not in str(skill.name)
    assert (skill.phone, skill.address, skill.contact_name) == ("", "", "")
    assert skill.status == Partner.Status.SUSPENDED
    assert not LogEntry.objects.filter(actor=her).exclude(actor_email=None).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ERASURE, actor=her).exists()


def test_erased_person_cannot_sign_in(her: Any) -> None:
    client = APIClient()
    client.force_authenticate(user=her)
    assert client.post("/api/v1/me/erase/").status_code == 204
    her.refresh_from_db()
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": her.username, "password": PASSWORD}, format="json"
    )
    assert token.status_code == 400


def test_a_unit_she_belongs_to_keeps_its_details(tree: Any, her: Any, partner_a: Any) -> None:
    Role.objects.create(user=her, kind=Role.Kind.PARTNER_MEMBER, partner=partner_a)
    client = APIClient()
    client.force_authenticate(user=her)
    assert client.post("/api/v1/me/erase/").status_code == 204
    partner_a.refresh_from_db()
    assert partner_a.phone == "13812345678"
    assert partner_a.status == Partner.Status.VERIFIED
    assert not Role.objects.filter(partner=partner_a).exists()


def test_other_people_are_untouched(tree: Any, her: Any, resident: Any) -> None:
    NeedFactory.create(
        code="N-OTHER", community=tree["C11"], created_by=resident, description="留着"
    )
    client = APIClient()
    client.force_authenticate(user=her)
    client.post("/api/v1/me/erase/")
    other = Need.objects.get(code="N-OTHER")
    assert (other.description, other.created_by) == ("留着", resident)
    assert get_user_model().objects.get(pk=resident.pk).is_active


def test_her_small_requests_and_ratings_lose_their_personal_fields(tree: Any, her: Any) -> None:
    request = ResidentRequest.objects.create(
        community=tree["C11"], text="我家3栋101水管漏了", phone="13700001111", resident=her
    )
    project = ProjectFactory.create(status=Project.Status.EVALUATED)
    rating = Evaluation.objects.create(
        project=project, by="resident", author=her, rating=4, comment="王师傅很耐心"
    )
    client = APIClient()
    client.force_authenticate(user=her)
    assert client.get("/api/v1/me/data/").json()["small_requests"][0]["phone"] == "13700001111"
    assert client.post("/api/v1/me/erase/").status_code == 204
    request.refresh_from_db()
    rating.refresh_from_db()
    assert (request.text, request.phone, request.resident) == ("", "", None)
    assert (rating.rating, rating.comment, rating.author) == (4, "", None)
