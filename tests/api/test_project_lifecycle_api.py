"""The project endpoints: create, each transition, the detail with its timeline, and
the one error shape (400 naming the field, 403 for the wrong side, 404 outside one's
scope, 409 for the wrong state or a full quarter)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from needs.models import Need, Project
from partners.models import Community, Offering, Partner
from tests.factories import NeedFactory, OfferingFactory


@pytest.fixture
def offering(partner_a: Partner) -> Offering:
    offering: Offering = OfferingFactory.create(code="O-API", partner=partner_a, capacity=3)
    return offering


@pytest.fixture
def need(tree: dict[str, Community]) -> Need:
    need: Need = NeedFactory.create(code="N-API", community=tree["C11"])
    return need


def step(client: Any, project_id: int, action: str, body: dict[str, Any] | None = None) -> Any:
    url = reverse(f"project-{action}", args=[project_id])
    return client.post(url, body or {}, format="json")


def test_project_goes_through_the_api_and_shows_its_timeline(
    client_for: Any, secretary_a: Any, member_a: Any, offering: Offering, need: Need
) -> None:
    secretary, member = client_for(secretary_a), client_for(member_a)
    created = secretary.post(
        reverse("project-list"),
        {"need": "N-API", "offering": "O-API", "quantity": 2, "quarter": "2026Q4"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["quarter"], body["need"], body["partner"]) == (
        "proposed",
        "2026Q4",
        "N-API",
        "P-A",
    )
    assert body["actions"] == ["dispatch", "cancel"]
    pid = body["id"]
    assert step(secretary, pid, "dispatch").json()["status"] == "dispatched"
    assert step(member, pid, "accept").json()["actions"] == ["start"]
    assert step(member, pid, "start").status_code == 200
    assert step(member, pid, "deliver").json()["status"] == "delivered"
    evaluated = step(secretary, pid, "evaluate", {"rating": 5, "comment": "准时、细心"})
    assert evaluated.status_code == 200
    detail = secretary.get(reverse("project-detail", args=[pid])).json()
    assert [e["to_status"] for e in detail["timeline"]] == [
        "proposed",
        "dispatched",
        "accepted",
        "in_progress",
        "delivered",
        "evaluated",
    ]
    assert detail["timeline"][2]["actor"] == member_a.username
    assert [(e["by"], e["rating"], e["comment"]) for e in detail["evaluations"]] == [
        ("community", 5, "准时、细心")
    ]
    assert Need.objects.get(pk=need.pk).status == "done"


def test_decline_and_cancel_need_a_reason(
    client_for: Any, secretary_a: Any, member_a: Any, offering: Offering, need: Need
) -> None:
    project = Project.objects.create(
        need=need, offering=offering, quarter="2026Q4", status="dispatched"
    )
    response = step(client_for(member_a), project.pk, "decline", {})
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]
    response = step(client_for(secretary_a), project.pk, "cancel", {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]
    response = step(client_for(member_a), project.pk, "decline", {"reason": "本周没有人手"})
    assert response.status_code == 200
    assert response.json()["timeline"][-1]["note"] == "本周没有人手"


@pytest.mark.parametrize("rating", [0, 6, "five", None])
def test_evaluate_needs_a_rating_from_1_to_5(
    client_for: Any, secretary_a: Any, offering: Offering, need: Need, rating: Any
) -> None:
    project = Project.objects.create(
        need=need, offering=offering, quarter="2026Q4", status="delivered"
    )
    response = step(client_for(secretary_a), project.pk, "evaluate", {"rating": rating})
    assert response.status_code == 400
    assert "rating" in response.json()["error"]["fields"]
    assert Project.objects.get(pk=project.pk).status == "delivered"


def test_wrong_side_is_403_wrong_state_is_409(
    client_for: Any, secretary_a: Any, member_a: Any, offering: Offering, need: Need
) -> None:
    project = Project.objects.create(
        need=need, offering=offering, quarter="2026Q4", status="dispatched"
    )
    forbidden = step(client_for(member_a), project.pk, "cancel", {"reason": "不想做了"})
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "not_allowed"
    conflict = step(client_for(member_a), project.pk, "deliver")
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "conflict"


def test_full_quarter_answers_409_naming_it(
    client_for: Any, member_a: Any, offering: Offering, tree: dict[str, Community]
) -> None:
    Project.objects.create(
        need=NeedFactory.create(community=tree["C11"]),
        offering=offering,
        quantity=3,
        quarter="2026Q4",
        status="accepted",
    )
    waiting = Project.objects.create(
        need=NeedFactory.create(community=tree["C11"]),
        offering=offering,
        quarter="2026Q4",
        status="dispatched",
    )
    response = step(client_for(member_a), waiting.pk, "accept")
    assert response.status_code == 409
    assert "本季度名额已满" in response.json()["error"]["message"]
    assert "2026Q4" in response.json()["error"]["message"]


def test_outside_ones_scope_is_404(
    client_for: Any, secretary_b: Any, member_a: Any, offering: Offering, need: Need
) -> None:
    proposed = Project.objects.create(need=need, offering=offering, quarter="2026Q4")
    # Another street's secretary, and the partner before anything is dispatched to it.
    assert step(client_for(secretary_b), proposed.pk, "dispatch").status_code == 404
    assert step(client_for(member_a), proposed.pk, "accept").status_code == 404
    assert (
        client_for(secretary_b).get(reverse("project-detail", args=[proposed.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"need": "N-NOPE", "offering": "O-API", "quantity": 1}, "need"),
        ({"need": "N-API", "offering": "O-NOPE", "quantity": 1}, "offering"),
        ({"need": "N-API", "offering": "O-API", "quantity": 0}, "quantity"),
        ({"need": "N-API", "offering": "O-API", "quantity": 1, "quarter": "2026Q5"}, "quarter"),
        ({"need": "N-API", "offering": "O-API", "quantity": 1, "status": "delivered"}, "status"),
    ],
)
def test_create_names_the_bad_field(
    client_for: Any,
    secretary_a: Any,
    offering: Offering,
    need: Need,
    body: dict[str, Any],
    field: str,
) -> None:
    response = client_for(secretary_a).post(reverse("project-list"), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Project.objects.exists()


def test_needs_outside_scope_are_unknown_not_forbidden(
    client_for: Any, secretary_b: Any, offering: Offering, need: Need
) -> None:
    response = client_for(secretary_b).post(
        reverse("project-list"),
        {"need": "N-API", "offering": "O-API", "quantity": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["need"] == ["unknown need code 'N-API'"]


def test_projects_filter_by_quarter_and_refuse_a_malformed_one(
    client_for: Any, secretary_a: Any, offering: Offering, need: Need
) -> None:
    Project.objects.create(need=need, offering=offering, quarter="2026Q4")
    client = client_for(secretary_a)
    assert client.get(reverse("project-list"), {"quarter": "2026Q4"}).json()["count"] == 1
    assert client.get(reverse("project-list"), {"quarter": "2027Q1"}).json()["count"] == 0
    bad = client.get(reverse("project-list"), {"quarter": "2026\x00Q4"})
    assert bad.status_code == 400
    assert "quarter" in bad.json()["error"]["fields"]
