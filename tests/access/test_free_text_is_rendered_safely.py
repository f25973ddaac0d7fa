"""Free text typed by users (names, titles, descriptions, contacts, tags, requests,
comments, reasons) is shown as text wherever it appears: every payload below is stored
in every free-text field, then every page that shows those records is checked for a
live script, an event handler or the payload's raw markup. Pages found from the URL
configuration are covered as they are added."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from needs.models import Evaluation, Notification, Project, ResidentRequest
from partners.models import Role
from tests.access.test_pages_run_no_inline_scripts import _pages, _Scripts
from tests.factories import (
    MeetingFactory,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
    UserFactory,
    make_tree,
    user_with_role,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">点我</a>',
    "</textarea><script>alert(1)</script>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "{{ 7|add:7 }}<b onmouseover=alert(1)>悬停</b>",
    "<body onload=alert(1)>",
]


def _world(payload: str) -> dict[str, Any]:
    tree = make_tree()
    c11 = tree["C11"]
    resident = user_with_role(Role.Kind.RESIDENT, community=c11)
    partner = PartnerFactory.create(
        code="P-X",
        community=c11,
        name=payload,
        description=payload,
        contact_name=payload,
        address=payload,
        status_reason=payload,
    )
    partner.tags.add(payload[:100])
    offering = OfferingFactory.create(
        code="O-X", partner=partner, title=payload, description=payload
    )
    need = NeedFactory.create(
        code="N-X",
        community=c11,
        title=payload,
        description=payload,
        created_by=resident,
        source="resident",
    )
    MeetingFactory.create(code="M-X", community=c11, title=payload)
    project = ProjectFactory.create(need=need, offering=offering, status=Project.Status.EVALUATED)
    Evaluation.objects.create(project=project, by="resident", rating=5, comment=payload)
    request = ResidentRequest.objects.create(community=c11, text=payload, resident=resident)
    Notification.objects.create(recipient=resident, kind="dispatched", text=payload)
    return {"project": project, "request": request, "offering": offering, "partner": partner}


def _record_pages(world: dict[str, Any]) -> list[str]:
    return [
        "/admin/partners/partner/",
        f"/admin/partners/partner/{world['partner'].pk}/change/",
        "/admin/partners/offering/",
        f"/admin/partners/offering/{world['offering'].pk}/change/",
        "/admin/needs/need/",
        "/admin/needs/liaisonmeeting/",
        "/admin/needs/project/",
        f"/admin/needs/project/{world['project'].pk}/change/",
        "/admin/needs/residentrequest/",
        f"/admin/needs/residentrequest/{world['request'].pk}/change/",
        "/admin/needs/notification/",
        "/admin/auditlog/logentry/",
        reverse("need-page", args=["N-X"]),
        reverse("need-change", args=["N-X"]),
        reverse("partner-page", args=["P-X"]),
        reverse("offering-change", args=["O-X"]),
        reverse("project-page", args=[world["project"].pk]),
        reverse("meeting-page", args=["M-X"]),
        reverse("request-to-need", args=[world["request"].pk]),
        reverse("requests") + "?status=open",
        reverse("partners") + "?status=verified",
        reverse("partner-list") + "?format=api",
        reverse("need-list") + "?format=api",
        reverse("project-detail", args=[world["project"].pk]) + "?format=api",
    ]


def _check(html: str, payload: str, path: str) -> None:
    parser = _Scripts()
    parser.feed(html)
    assert parser.problems == [], f"{path}: {parser.problems}"
    assert payload not in html, f"{path} shows the payload's markup raw"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert_on_every_page(payload: str) -> None:
    world = _world(payload)
    client = Client()
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    plain = _pages()
    pages = _record_pages(world) + plain
    for path in pages:
        response = client.get(path, follow=True)
        if response.status_code == 405 or (response.status_code == 404 and path in plain):
            continue  # an action taking only POST, or a page for residents only
        assert response.status_code == 200, path
        _check(response.content.decode(), payload, path)
