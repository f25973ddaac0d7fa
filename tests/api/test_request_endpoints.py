"""Residents' requests over the API: posting, what each role sees (the phone only for
the community and the resident), turning one into a need, declining with a reason."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from needs.models import Need, Project, ResidentRequest
from partners.models import Community
from tests.factories import OfferingFactory


def post(client: Any, **body: Any) -> Any:
    body.setdefault("consent", True)
    return client.post(reverse("request-list"), body, format="json")


def test_resident_posts_and_follows_her_request(
    client_for: Any, resident: Any, secretary_a: Any, tree: dict[str, Community]
) -> None:
    mine = client_for(resident)
    created = post(mine, community="BA-S1-C1", text="想学用手机挂号", phone="13900001111")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["resident"], body["phone"], body["need"]) == (
        "open",
        resident.username,
        "13900001111",
        None,
    )
    need = client_for(secretary_a).post(
        reverse("request-convert", args=[body["id"]]),
        {"category": "digital_literacy", "quantity": 2},
        format="json",
    )
    assert need.status_code == 201, need.json()
    assert need.json()["title"] == "想学用手机挂号"
    assert need.json()["source"] == "resident"
    followed = mine.get(reverse("request-detail", args=[body["id"]])).json()
    assert (followed["status"], followed["need"], followed["need_status"]) == (
        "converted",
        need.json()["code"],
        "open",
    )
    assert Need.objects.get(code=need.json()["code"]).request_id == body["id"]


def test_secretary_posts_for_a_resident_and_declines_with_a_reason(
    client_for: Any, resident: Any, secretary_a: Any, tree: dict[str, Community]
) -> None:
    secretary = client_for(secretary_a)
    created = post(secretary, community="BA-S1-C1", text="家里水管漏水", resident=resident.username)
    assert created.status_code == 201, created.json()
    rid = created.json()["id"]
    missing = secretary.post(reverse("request-decline", args=[rid]), {}, format="json")
    assert missing.status_code == 400
    assert "reason" in missing.json()["error"]["fields"]
    declined = secretary.post(
        reverse("request-decline", args=[rid]), {"reason": "请联系物业维修"}, format="json"
    )
    assert declined.json()["status"] == "declined"
    seen = client_for(resident).get(reverse("request-detail", args=[rid])).json()
    assert (seen["status"], seen["reason"]) == ("declined", "请联系物业维修")
    again = secretary.post(
        reverse("request-decline", args=[rid]), {"reason": "重复"}, format="json"
    )
    assert again.status_code == 409


def test_requests_are_scoped_and_partners_never_see_them(
    client_for: Any,
    resident: Any,
    secretary_a: Any,
    secretary_b: Any,
    member_a: Any,
    street_admin: Any,
    tree: dict[str, Community],
) -> None:
    rid = post(client_for(resident), community="BA-S1-C1", text="修自行车", phone="13900001111")
    rid = rid.json()["id"]
    for user, count in ((secretary_a, 1), (street_admin, 1), (secretary_b, 0), (member_a, 0)):
        listed = client_for(user).get(reverse("request-list")).json()
        assert listed["count"] == count, user
    assert (
        client_for(street_admin).get(reverse("request-list")).json()["results"][0]["phone"]
        == "13900001111"
    )
    assert client_for(secretary_b).get(reverse("request-detail", args=[rid])).status_code == 404
    convert = client_for(secretary_b).post(
        reverse("request-convert", args=[rid]), {}, format="json"
    )
    assert convert.status_code == 404
    assert ResidentRequest.objects.get(pk=rid).status == "open"


def test_resident_cannot_post_in_another_community(
    client_for: Any, resident: Any, tree: dict[str, Community]
) -> None:
    response = post(client_for(resident), community="BA-S2-C1", text="想学太极")
    assert response.status_code == 403
    assert "community" in response.json()["error"]["fields"]


def test_bad_phone_and_empty_text_are_named(
    client_for: Any, resident: Any, tree: dict[str, Community]
) -> None:
    response = post(client_for(resident), community="BA-S1-C1", text="   ", phone="abc")
    assert response.status_code == 400
    assert {"text"} <= set(response.json()["error"]["fields"])
    response = post(client_for(resident), community="BA-S1-C1", text="修灯", phone="abc")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"phone"}


def test_resident_rates_the_service_that_answered_her_request(
    client_for: Any, resident: Any, secretary_a: Any, member_a: Any, partner_a: Any, tree: Any
) -> None:
    rid = post(client_for(resident), community="BA-S1-C1", text="想给老人理发").json()["id"]
    code = (
        client_for(secretary_a)
        .post(reverse("request-convert", args=[rid]), {}, format="json")
        .json()["code"]
    )
    project = Project.objects.create(
        need=Need.objects.get(code=code),
        offering=OfferingFactory.create(partner=partner_a),
        quarter="2026Q4",
        status="delivered",
    )
    mine = client_for(resident)
    followed = mine.get(reverse("request-detail", args=[rid])).json()
    assert [(p["id"], p["status"]) for p in followed["projects"]] == [(project.pk, "delivered")]
    rated = mine.post(
        reverse("project-evaluate", args=[project.pk]),
        {"rating": 4, "comment": "手艺好"},
        format="json",
    )
    assert rated.status_code == 200, rated.json()
    assert [(e["by"], e["rating"]) for e in rated.json()["evaluations"]] == [("resident", 4)]
    assert rated.json()["status"] == "delivered"
    # She rates; she does not run the project.
    assert (
        mine.post(reverse("project-cancel", args=[project.pk]), {"reason": "x"}).status_code == 403
    )
