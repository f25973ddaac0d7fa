"""Every role × every API endpoint × every action answers as ``permission_matrix.csv``
says: the status code, and for lists whether the target object is in them.

The targets all belong to 海裕社区 (BA-S1-C1): the verified partner P-A, a pending
partner P-PEND, P-A's offering O-A, the need N-A a resident of 海裕 posted, the meeting
M-A P-A attends, and a project dispatched to P-A for the secretary's need N-P. Each cell
runs on a fresh database, so writes in one cell do not change another.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from centres.models import Activity, Room
from matching.index import forget_index
from needs.models import Notification, Project, ResidentRequest
from partners.models import Community, Offering, OfferingArea, Partner, Role
from tests.factories import (
    FACTORY_DAY,
    MeetingFactory,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
    UserFactory,
    make_tree,
    user_with_role,
)

MATRIX = Path(__file__).with_name("permission_matrix.csv")
ROWS = list(csv.DictReader(MATRIX.open(encoding="utf-8")))

# endpoint -> (collection URL, target code)
TARGETS = {
    "communities": ("/api/v1/communities/", "BA-S1-C1"),
    "categories": ("/api/v1/categories/", "legal_aid"),
    "partners": ("/api/v1/partners/", "P-A"),
    "partners/pending": ("/api/v1/partners/", "P-PEND"),
    "offerings": ("/api/v1/offerings/", "O-A"),
    "needs": ("/api/v1/needs/", "N-A"),
    "meetings": ("/api/v1/meetings/", "M-A"),
    "projects": ("/api/v1/projects/", None),
    "projects/lifecycle": ("/api/v1/projects/", None),
    "requests": ("/api/v1/requests/", None),
    "notifications": ("/api/v1/notifications/", None),
    "needs/matches": ("/api/v1/needs/", "N-A"),
    "needs/claim": ("/api/v1/needs/", "N-A"),
    "partners/opportunities": ("/api/v1/partners/", "P-A"),
    "me/data": ("/api/v1/me/data/", None),
    "me/erase": ("/api/v1/me/erase/", None),
    "insights/coverage": ("/api/v1/insights/coverage/", "BA-S1-C1"),
    "insights/trends": ("/api/v1/insights/trends/", "BA-S1-C1"),
    "insights/network": ("/api/v1/insights/network/", "BA-S1-C1"),
    "insights/recommendations": ("/api/v1/insights/recommendations/", "BA-S1-C1"),
    "categories/suggest": ("/api/v1/categories/suggest/", None),
    "rooms": ("/api/v1/rooms/", None),
    "bookings": ("/api/v1/bookings/", None),
    "activities": ("/api/v1/activities/", None),
}

CREATE = {
    "communities": {"code": "BA-S1-C9", "name": "新社区", "level": "community"},
    "categories": {"code": "x", "name_zh": "新类别"},
    "partners": {
        "name": "新合伙人",
        "kind": "social_org",
        "community": "BA-S1-C1",
        "consent": True,
    },
    "offerings": {"partner": "P-A", "title": "义务理发", "modes": ["at_center"], "capacity": 3},
    "needs": {
        "community": "BA-S1-C1",
        "title": "老人想理发",
        "window": {"start": "2026-10-01", "end": "2026-12-31"},
        "consent": True,
    },
    "meetings": {"community": "BA-S1-C1", "date": "2026-12-01", "title": "第四季度联席会"},
    "projects": {},
    "projects/lifecycle": {"need": "N-A", "offering": "O-A", "quantity": 1, "status": "proposed"},
    "requests": {
        "community": "BA-S1-C1",
        "text": "楼道灯坏了",
        "phone": "13700001111",
        "consent": True,
    },
}

# The state a project must be in for each step, and what the step sends.
LIFECYCLE = {
    "dispatch": (Project.Status.PROPOSED, {}),
    "accept": (Project.Status.DISPATCHED, {}),
    "decline": (Project.Status.DISPATCHED, {"reason": "本季度人手不足"}),
    "start": (Project.Status.ACCEPTED, {}),
    "deliver": (Project.Status.IN_PROGRESS, {}),
    "evaluate": (Project.Status.DELIVERED, {"rating": 5, "comment": "服务很好"}),
    "cancel": (Project.Status.DISPATCHED, {"reason": "需求已由他人满足"}),
    "confirm": (Project.Status.CLAIMED, {}),
    "refuse": (Project.Status.CLAIMED, {"reason": "已有志愿者承接"}),
    "withdraw": (Project.Status.CLAIMED, {}),
}
POSTS = {
    "convert": {"title": "修楼道灯"},
    "decline": {"reason": "已转交物业"},
    "read": {},
}

UPDATE = {
    "partners": {"description": "更新的简介"},
    "partners/pending": {"description": "更新的简介"},
    "offerings": {"title": "长者义诊（每月）"},
    "needs": {"description": "补充说明"},
    "meetings": {"title": "改期后的联席会"},
}


def _world(endpoint: str, action: str) -> dict[str, Any]:
    tree = make_tree()
    c11: Community = tree["C11"]
    partner = PartnerFactory.create(code="P-A", community=c11)
    PartnerFactory.create(code="P-PEND", community=c11, status=Partner.Status.PENDING)
    OfferingFactory.create(code="O-A", partner=partner)
    other_offering = OfferingFactory.create(code="O-B", partner=partner)
    users = {
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
    NeedFactory.create(code="N-A", community=c11, created_by=users["resident"], source="resident")
    secretary_need = NeedFactory.create(code="N-P", community=c11, created_by=users["secretary"])
    meeting = MeetingFactory.create(code="M-A", community=c11)
    meeting.attendees.add(partner)
    project = ProjectFactory.create(
        need=secretary_need, offering=other_offering, status=Project.Status.DISPATCHED
    )
    world = {"users": users, "project": project}
    if endpoint == "projects/lifecycle" and action in LIFECYCLE:
        own = NeedFactory.create(
            code="N-R", community=c11, created_by=users["resident"], source="resident"
        )
        world["project"] = ProjectFactory.create(
            need=own, offering=other_offering, status=LIFECYCLE[action][0]
        )
    if endpoint == "needs/claim":
        # O-A serves 海裕社区, so a member may claim N-A with it. The rows are written
        # past the services: this process's index is built afresh from them.
        OfferingArea.objects.create(
            offering=Offering.objects.get(code="O-A"), community=c11, position=0
        )
        forget_index()
    if endpoint in ("rooms", "bookings"):
        world["room"] = Room.objects.create(centre=c11, name="舞蹈室", capacity=20)
    if endpoint == "activities":
        world["activity"] = Activity.objects.create(
            centre=c11,
            title="家长学校",
            start=timezone.now() + dt.timedelta(days=2),
            end=timezone.now() + dt.timedelta(days=2, hours=1),
            place="社区二楼",
            capacity=10,
            signup_opens=timezone.now() - dt.timedelta(hours=1),
            signup_closes=timezone.now() + dt.timedelta(days=1),
        )
    if endpoint == "requests":
        world["request"] = ResidentRequest.objects.create(
            community=c11, text="想请人修水管", phone="13600002222", resident=users["resident"]
        )
    if endpoint == "notifications":
        world["notification"] = Notification.objects.create(
            recipient=users["resident"], kind=Notification.Kind.DISPATCHED, text="新派单"
        )
    return world


def _request(client: APIClient, world: dict[str, Any], endpoint: str, action: str) -> Any:
    base, code = TARGETS[endpoint]
    if endpoint in ("projects", "projects/lifecycle"):
        code = str(world["project"].pk)
    if endpoint == "requests":
        code = str(world["request"].pk)
    if endpoint == "notifications":
        code = str(world["notification"].pk)
    if endpoint == "rooms":
        code = str(world["room"].pk)
    if endpoint == "activities":
        code = str(world["activity"].pk)
        if action == "signup":
            return client.post(f"{base}{code}/signup/", {}, format="json")
    detail = f"{base}{code}/" if code else base
    if endpoint == "rooms" and action == "create":
        return client.post(
            base, {"centre": "BA-S1-C1", "name": "自习室", "capacity": 10}, format="json"
        )
    if endpoint == "bookings" and action == "create":
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        tz = timezone.get_current_timezone()
        return client.post(
            base,
            {
                "room": world["room"].pk,
                "start": dt.datetime.combine(tomorrow, dt.time(10), tz).isoformat(),
                "end": dt.datetime.combine(tomorrow, dt.time(11), tz).isoformat(),
                "purpose": "读书会",
            },
            format="json",
        )
    if endpoint == "needs/matches":
        return client.get(f"{detail}matches/")
    if endpoint == "needs/claim":
        return client.post(f"{detail}claim/", {"offering": "O-A"}, format="json")
    if endpoint == "partners/opportunities":
        return client.get(f"{detail}opportunities/")
    if endpoint == "categories/suggest":
        return client.get(base, {"text": "老人想理发"})
    if endpoint.startswith("insights/"):
        assert code is not None
        return client.get(base, {"scope": code, "quarter": "2026Q4"})
    if endpoint == "projects/lifecycle" and action in LIFECYCLE:
        return client.post(f"{detail}{action}/", LIFECYCLE[action][1], format="json")
    if action in POSTS:
        return client.post(f"{detail}{action}/", POSTS[action], format="json")
    if action == "list":
        return client.get(base, {"page_size": 500})
    if action == "retrieve":
        return client.get(detail)
    if action == "create":
        return client.post(base, CREATE.get(endpoint, {}), format="json")
    if action == "update":
        return client.patch(detail, UPDATE[endpoint], format="json")
    if action == "delete":
        return client.delete(detail)
    if action == "verify":
        return client.post(
            f"{detail}verify/", {"status": "suspended", "reason": "核查"}, format="json"
        )
    raise AssertionError(f"unknown action {action!r} in {MATRIX.name}")


def _listed(response: Any, endpoint: str, world: dict[str, Any]) -> bool:
    _, code = TARGETS[endpoint]
    rows = response.json()["results"]
    if endpoint == "projects":
        return any(row["id"] == world["project"].pk for row in rows)
    if endpoint in ("requests", "notifications"):
        target = world["request" if endpoint == "requests" else "notification"]
        return any(row["id"] == target.pk for row in rows)
    return any(row["code"] == code for row in rows)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cell", ROWS, ids=[f"{r['role']}-{r['endpoint']}-{r['action']}" for r in ROWS]
)
@time_machine.travel(FACTORY_DAY, tick=True)  # a claim needs the need's window not over
def test_cell_answers_as_the_matrix_says(cell: dict[str, str]) -> None:
    world = _world(cell["endpoint"], cell["action"])
    client = APIClient()
    user = world["users"][cell["role"]]
    if user is not None:
        client.force_authenticate(user=user)
    response = _request(client, world, cell["endpoint"], cell["action"])
    assert response.status_code == int(cell["expected"]), getattr(response, "data", response)
    if cell["in_list"] != "-":
        assert _listed(response, cell["endpoint"], world) == (cell["in_list"] == "yes")


def test_matrix_covers_every_role_and_endpoint() -> None:
    roles = {r["role"] for r in ROWS}
    assert len(roles) == 9
    for endpoint in TARGETS:
        assert {r["role"] for r in ROWS if r["endpoint"] == endpoint} == roles, endpoint
