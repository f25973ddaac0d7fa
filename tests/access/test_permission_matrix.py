"""Every role × every API endpoint × every action answers as ``permission_matrix.csv``
says: the status code, and for lists whether the target object is in them.

The targets all belong to 海裕社区 (BA-S1-C1): the verified partner P-A, a pending
partner P-PEND, P-A's offering O-A, the need N-A a resident of 海裕 posted, the meeting
M-A P-A attends, and a project dispatched to P-A for the secretary's need N-P. Each cell
runs on a fresh database, so writes in one cell do not change another.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from needs.models import Project
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
    "me/data": ("/api/v1/me/data/", None),
    "me/erase": ("/api/v1/me/erase/", None),
}

CREATE = {
    "communities": {"code": "BA-S1-C9", "name": "新社区", "level": "community"},
    "categories": {"code": "x", "name_zh": "新类别"},
    "partners": {"name": "新合伙人", "kind": "social_org", "community": "BA-S1-C1"},
    "offerings": {"partner": "P-A", "title": "义务理发", "modes": ["at_center"], "capacity": 3},
    "needs": {
        "community": "BA-S1-C1",
        "title": "老人想理发",
        "window": {"start": "2026-10-01", "end": "2026-12-31"},
    },
    "meetings": {"community": "BA-S1-C1", "date": "2026-12-01", "title": "第四季度联席会"},
    "projects": {},
}

UPDATE = {
    "partners": {"description": "更新的简介"},
    "partners/pending": {"description": "更新的简介"},
    "offerings": {"title": "长者义诊（每月）"},
    "needs": {"description": "补充说明"},
    "meetings": {"title": "改期后的联席会"},
}


def _world() -> dict[str, Any]:
    tree = make_tree()
    c11: Community = tree["C11"]
    partner = PartnerFactory(code="P-A", community=c11)
    PartnerFactory(code="P-PEND", community=c11, status=Partner.Status.PENDING)
    OfferingFactory(code="O-A", partner=partner)
    other_offering = OfferingFactory(code="O-B", partner=partner)
    users = {
        "anonymous": None,
        "outsider": UserFactory(),
        "resident": user_with_role(Role.Kind.RESIDENT, community=c11),
        "member": user_with_role(Role.Kind.PARTNER_MEMBER, partner=partner),
        "secretary": user_with_role(Role.Kind.SECRETARY, community=c11),
        "secretary_other": user_with_role(Role.Kind.SECRETARY, community=tree["C21"]),
        "street_admin": user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"]),
        "district_admin": user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"]),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    NeedFactory(code="N-A", community=c11, created_by=users["resident"], source="resident")
    secretary_need = NeedFactory(code="N-P", community=c11, created_by=users["secretary"])
    meeting = MeetingFactory(code="M-A", community=c11)
    meeting.attendees.add(partner)
    project = ProjectFactory(
        need=secretary_need, offering=other_offering, status=Project.Status.DISPATCHED
    )
    return {"users": users, "project": project}


def _request(client: APIClient, world: dict[str, Any], endpoint: str, action: str) -> Any:
    base, code = TARGETS[endpoint]
    if endpoint == "projects":
        code = str(world["project"].pk)
    detail = f"{base}{code}/" if code else base
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
    return any(row["code"] == code for row in rows)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cell", ROWS, ids=[f"{r['role']}-{r['endpoint']}-{r['action']}" for r in ROWS]
)
def test_cell_answers_as_the_matrix_says(cell: dict[str, str]) -> None:
    world = _world()
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
