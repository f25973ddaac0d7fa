"""The secretary reorders, edits, removes and adds items, through the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs: Any) -> str:
    return reverse(f"meeting-{name}", kwargs={"code": "M-Q4", **kwargs})


def test_reorder_puts_items_in_the_given_order(generated: Scenario, api_as: Callable) -> None:
    ids = list(generated.meeting.agenda_items.order_by("position").values_list("id", flat=True))
    wanted = list(reversed(ids))
    response = api_as(generated.secretary).post(
        _url("agenda-order"), {"order": wanted}, format="json"
    )
    assert response.status_code == 200
    assert [i["id"] for i in response.json()] == wanted
    stored = list(generated.meeting.agenda_items.order_by("position").values_list("id", flat=True))
    assert stored == wanted


def test_reorder_missing_an_item_names_the_field(generated: Scenario, api_as: Callable) -> None:
    ids = list(generated.meeting.agenda_items.values_list("id", flat=True))
    response = api_as(generated.secretary).post(
        _url("agenda-order"), {"order": ids[1:]}, format="json"
    )
    assert response.status_code == 400
    assert "order" in response.json()["error"]["fields"]


def test_edit_changes_title_body_and_minutes(generated: Scenario, api_as: Callable) -> None:
    item = generated.meeting.agenda_items.get(need=generated.blood_pressure)
    response = api_as(generated.secretary).patch(
        _url("agenda-item", item_id=item.pk),
        {"title": "老人每月测血压", "minutes": "医院愿意承接"},
        format="json",
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.title, item.minutes) == ("老人每月测血压", "医院愿意承接")


def test_remove_takes_the_item_off_and_closes_the_gap(
    generated: Scenario, api_as: Callable
) -> None:
    item = generated.meeting.agenda_items.get(kind="new_partners")
    response = api_as(generated.secretary).delete(_url("agenda-item", item_id=item.pk))
    assert response.status_code == 204
    positions = list(
        generated.meeting.agenda_items.order_by("position").values_list("position", flat=True)
    )
    assert positions == list(range(len(positions)))
    assert not generated.meeting.agenda_items.filter(pk=item.pk).exists()


def test_add_puts_a_new_item_where_asked(generated: Scenario, api_as: Callable) -> None:
    response = api_as(generated.secretary).post(
        _url("agenda-item-add"),
        {"title": "垃圾分类宣传周安排", "body": "街道要求各社区配合", "position": 1},
        format="json",
    )
    assert response.status_code == 201
    titles = list(
        generated.meeting.agenda_items.order_by("position").values_list("title", flat=True)
    )
    assert titles[1] == "垃圾分类宣传周安排"


def test_a_partner_member_reads_but_may_not_edit(generated: Scenario, api_as: Callable) -> None:
    client = api_as(generated.member)
    assert client.get(_url("agenda")).status_code == 200
    item = generated.meeting.agenda_items.get(kind="review")
    response = client.patch(_url("agenda-item", item_id=item.pk), {"title": "x"}, format="json")
    assert response.status_code == 403


def test_another_community_does_not_see_the_agenda(generated: Scenario, api_as: Callable) -> None:
    assert api_as(generated.other_secretary).get(_url("agenda")).status_code == 404


def test_agenda_list_queries_do_not_grow_with_items(
    generated: Scenario, api_as: Callable, django_assert_max_num_queries: Any
) -> None:
    client = api_as(generated.secretary)
    for n in range(15):
        client.post(_url("agenda-item-add"), {"title": f"事项{n}"}, format="json")
    with django_assert_max_num_queries(8):
        response = client.get(_url("agenda"))
    assert len(response.json()) == 21  # six generated, fifteen added
