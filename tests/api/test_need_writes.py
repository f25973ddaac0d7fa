"""Posting and changing needs: administrators in their area, residents where they live."""

from typing import Any

import pytest
from django.urls import reverse

from needs.models import Need
from tests.factories import MeetingFactory, NeedFactory

pytestmark = pytest.mark.django_db

BODY = {
    "community": "BA-S1-C1",
    "title": "楼道灯坏了",
    "description": "3栋楼道灯不亮，老人晚上出门不便",
    "category": "home_repair",
    "tags": ["维修"],
    "quantity": 1,
    "modes": ["home_visit"],
    "window": {"start": "2026-10-01", "end": "2026-10-31"},
    "preferred_slots": [{"weekday": 2, "start": "14:00", "end": "17:00"}],
    "priority": "high",
}


def test_resident_posts_a_request_in_her_community(client_for: Any, resident: Any) -> None:
    response = client_for(resident).post(
        reverse("need-list"), {**BODY, "source": "survey", "consent": True}, format="json"
    )
    assert response.status_code == 201, response.json()
    need = Need.objects.get(code=response.json()["code"])
    assert (need.source, need.status, need.created_by) == ("resident", "open", resident)
    assert response.json()["window"] == {"start": "2026-10-01", "end": "2026-10-31"}


def test_resident_cannot_post_in_another_community(client_for: Any, resident: Any) -> None:
    response = client_for(resident).post(
        reverse("need-list"), {**BODY, "community": "BA-S2-C1"}, format="json"
    )
    assert response.status_code == 403
    assert not Need.objects.exists()


def test_secretary_posts_a_need_raised_at_her_meeting(
    tree: Any, client_for: Any, secretary_a: Any
) -> None:
    MeetingFactory.create(code="M-Q4", community=tree["C11"])
    response = client_for(secretary_a).post(
        reverse("need-list"), {**BODY, "code": "N-Q4-1", "meeting": "M-Q4"}, format="json"
    )
    assert response.status_code == 201
    need = Need.objects.get(code="N-Q4-1")
    assert need.meeting is not None
    assert (need.source, need.meeting.code, need.created_by) == ("meeting", "M-Q4", secretary_a)


def test_need_without_modes_accepts_every_mode(client_for: Any, secretary_a: Any) -> None:
    body = {k: v for k, v in BODY.items() if k != "modes"}
    response = client_for(secretary_a).post(reverse("need-list"), body, format="json")
    assert response.status_code == 201
    assert response.json()["modes"] == ["at_center", "at_partner", "home_visit", "online"]


def test_resident_updates_her_open_request(tree: Any, client_for: Any, resident: Any) -> None:
    NeedFactory.create(code="N-MINE", community=tree["C11"], created_by=resident)
    response = client_for(resident).patch(
        reverse("need-detail", args=["N-MINE"]),
        {"description": "灯修好了一半", "window": {"end": "2026-11-30"}},
        format="json",
    )
    assert response.status_code == 200
    need = Need.objects.get(code="N-MINE")
    assert need.description == "灯修好了一半"
    assert str(need.window_end) == "2026-11-30"


def test_resident_cannot_change_a_request_once_matched(
    tree: Any, client_for: Any, resident: Any
) -> None:
    NeedFactory.create(code="N-MINE", community=tree["C11"], created_by=resident, status="matched")
    response = client_for(resident).patch(
        reverse("need-detail", args=["N-MINE"]), {"title": "改"}, format="json"
    )
    assert response.status_code == 409
    assert Need.objects.get(code="N-MINE").title != "改"


def test_secretary_cancels_a_need(tree: Any, client_for: Any, secretary_a: Any) -> None:
    NeedFactory.create(code="N-1", community=tree["C11"])
    response = client_for(secretary_a).patch(
        reverse("need-detail", args=["N-1"]), {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 200
    assert Need.objects.get(code="N-1").status == "cancelled"


def test_status_that_follows_projects_cannot_be_set_by_hand(
    tree: Any, client_for: Any, secretary_a: Any
) -> None:
    NeedFactory.create(code="N-1", community=tree["C11"])
    response = client_for(secretary_a).patch(
        reverse("need-detail", args=["N-1"]), {"status": "done"}, format="json"
    )
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_secretary_removes_a_need(tree: Any, client_for: Any, secretary_a: Any) -> None:
    NeedFactory.create(code="N-1", community=tree["C11"])
    response = client_for(secretary_a).delete(reverse("need-detail", args=["N-1"]))
    assert response.status_code == 204
    assert not Need.objects.filter(code="N-1").exists()


def test_partner_member_cannot_post_needs(client_for: Any, member_a: Any) -> None:
    response = client_for(member_a).post(reverse("need-list"), BODY, format="json")
    assert response.status_code == 403
