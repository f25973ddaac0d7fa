"""Every page URL × every role answers a GET as ``page_matrix.csv`` says, and every URL
pattern of the pages is in the matrix.

One row per URL pattern (its name in ``frontend/urls.py``); one column per role, the
same roles as the API's ``permission_matrix.csv``. A cell is the status code, with
``login`` for a redirect to the sign-in page. The sample objects all belong to 海裕社区
(BA-S1-C1), as in the API matrix: the verified partner P-A (a resident partner, so
her address is personal data), its offering O-A, the need N-A a resident of 海裕
posted, the meeting M-A with one agenda item and one export the secretary asked for, a
project dispatched to P-A, a resident's request, an allocation run over 新安街道 and an
import job the district administrator started. Each row runs on a fresh database.

Only GET is walked: a form's POST is guarded by the API matrix (the services behind
both are the same) and by the pages' own tests; a POST-only URL answers GET with 405
once the sign-in check has passed, which the matrix records.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern
from django.utils import timezone

from centres.models import Activity, Booking, Room
from frontend import urls as frontend_urls
from matching.models import AllocationJob
from needs.models import AgendaItem, MeetingExport, Project, ResidentRequest
from partners.models import Community, Partner, Role
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

MATRIX = Path(__file__).with_name("page_matrix.csv")
ROWS = list(csv.DictReader(MATRIX.open(encoding="utf-8")))
ROLES = [
    "anonymous",
    "outsider",
    "resident",
    "member",
    "secretary",
    "secretary_other",
    "street_admin",
    "district_admin",
    "superuser",
]


def world() -> dict[str, Any]:
    """The sample objects and one user per role (``anonymous`` is None)."""
    tree = make_tree()
    c11: Community = tree["C11"]
    partner = PartnerFactory.create(
        code="P-A",
        community=c11,
        kind=Partner.Kind.RESIDENT,
        address="海裕花园3栋502",
        contact_name="王建国",
        phone="13812345678",
    )
    offering = OfferingFactory.create(code="O-A", partner=partner)
    users: dict[str, Any] = {
        "anonymous": None,
        "outsider": UserFactory.create(),
        "resident": user_with_role(Role.Kind.RESIDENT, community=c11),
        "member": user_with_role(Role.Kind.PARTNER_MEMBER, partner=partner),
        "secretary": user_with_role(Role.Kind.SECRETARY, community=c11),
        "secretary_other": user_with_role(Role.Kind.SECRETARY, community=tree["C21"]),
        "street_admin": user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"]),
        "district_admin": user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"]),
        "superuser": UserFactory.create(is_superuser=True, is_staff=True),
    }
    need = NeedFactory.create(
        code="N-A", community=c11, created_by=users["resident"], source="resident"
    )
    meeting = MeetingFactory.create(code="M-A", community=c11)
    meeting.attendees.add(partner)
    item = AgendaItem.objects.create(meeting=meeting, title="社区长者理发")
    export = MeetingExport.objects.create(
        meeting=meeting,
        requested_by=users["secretary"],
        document=MeetingExport.Document.AGENDA,
        format=MeetingExport.Format.HTML,
        status=MeetingExport.Status.DONE,
        content=b"<html><body>agenda</body></html>",
    )
    project = ProjectFactory.create(need=need, offering=offering, status=Project.Status.DISPATCHED)
    request = ResidentRequest.objects.create(
        community=c11, text="想请人修水管", phone="13600002222", resident=users["resident"]
    )
    allocation = AllocationJob.objects.create(scope=tree["S1"], quarter="2026Q4")
    room = Room.objects.create(centre=c11, name="舞蹈室", capacity=20)
    booking = Booking.objects.create(
        room=room,
        start=timezone.now() + dt.timedelta(days=1),
        end=timezone.now() + dt.timedelta(days=1, hours=1),
        purpose="排练",
        status="approved",
    )
    activity = Activity.objects.create(
        centre=c11,
        title="家长学校",
        start=timezone.now() + dt.timedelta(days=2),
        end=timezone.now() + dt.timedelta(days=2, hours=1),
        place="社区二楼",
        capacity=10,
        signup_opens=timezone.now(),
        signup_closes=timezone.now() + dt.timedelta(days=1),
    )
    from interchange.models import ImportJob

    job = ImportJob.objects.create(kind="import_check", owner=users["district_admin"])
    args = {
        "code": None,  # chosen per URL below
        "pk": None,
        "item_id": item.pk,
        "export_id": export.pk,
        "action": "accept",
        # No photo in this world: who may see one is tested with the service records.
        "photo_id": 999999,
        # A feed's link is its key: an unknown one is nobody's (its owner's: see
        # tests/centres).
        "token": "no-such-feed",
    }
    return {
        "users": users,
        "args": args,
        "need": need,
        "partner": partner,
        "codes": {
            "need": "N-A",
            "partner": "P-A",
            "offering": "O-A",
            "meeting": "M-A",
        },
        "pks": {
            "request": request.pk,
            "project": project.pk,
            "allocation": allocation.pk,
            "import": job.pk,
            "room": room.pk,
            "booking": booking.pk,
            "activity": activity.pk,
        },
    }


def _kwargs(name: str, route: str, w: dict[str, Any]) -> dict[str, Any]:
    """Sample arguments for a URL pattern: the objects of ``world`` it is about."""
    first = route.split("/")[0]
    code = {
        "needs": "need",
        "opportunities": "need",
        "partners": "partner",
        "offerings": "offering",
        "meetings": "meeting",
    }.get(first)
    pk = {
        "requests": "request",
        "projects": "project",
        "allocation": "allocation",
        "import": "import",
        "rooms": "room",
        "bookings": "booking",
        "activities": "activity",
    }.get(first)
    kwargs: dict[str, Any] = {}
    if "<str:code>" in route and code:
        kwargs["code"] = w["codes"][code]
    if "<int:pk>" in route and pk:
        kwargs["pk"] = w["pks"][pk]
    for key in ("item_id", "export_id", "action", "photo_id", "token"):
        if f":{key}>" in route:
            kwargs[key] = w["args"][key]
    return kwargs


def page_patterns() -> dict[str, str]:
    """Every URL pattern of the pages: name → route."""
    return {
        p.name: str(p.pattern)
        for p in frontend_urls.urlpatterns
        if isinstance(p, URLPattern) and p.name
    }


def answer(client: Client, name: str, route: str, w: dict[str, Any]) -> str:
    """What a GET of the page answers, as the matrix writes it."""
    response = client.get(resolve_url(name, **_kwargs(name, route, w)))
    if response.status_code == 302:
        login = resolve_url(settings.LOGIN_URL)
        if response["Location"].startswith(login):
            return "login"
    return str(response.status_code)


def client_as(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[r["page"] for r in ROWS])
def test_page_answers_each_role_as_the_matrix_says(row: dict[str, str]) -> None:
    w = world()
    route = page_patterns()[row["page"]]
    got = {role: answer(client_as(w["users"][role]), row["page"], route, w) for role in ROLES}
    expected = {role: row[role] for role in ROLES}
    assert got == expected


def test_every_page_url_pattern_is_in_the_matrix() -> None:
    assert {r["page"] for r in ROWS} == set(page_patterns())
    assert all(set(ROLES) <= set(r) for r in ROWS)
