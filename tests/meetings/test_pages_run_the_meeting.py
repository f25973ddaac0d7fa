"""On the meeting's page the secretary draws up the agenda, records the decisions and
exports the documents, through the same services as the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from needs.models import AgendaItem, Project
from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"code": "M-Q4", **kwargs})


def test_generate_then_decide_creates_the_project(scenario: Scenario) -> None:
    client = _client(scenario.secretary)
    response = client.post(_url("meeting-page-generate"))
    assert response.status_code == 302
    page = client.get(_url("meeting-page")).content.decode()
    assert "老人想测血压" in page
    assert "社区医院" in page  # a suggested partner
    item = AgendaItem.objects.get(meeting=scenario.meeting, need=scenario.blood_pressure)
    client.post(
        _url("meeting-page-item-decide", item_id=item.pk),
        {"decision": "taken", "offering": "O-CHECK", "quantity": "2", "minutes": "医院承接"},
    )
    project = Project.objects.get(need=scenario.blood_pressure)
    assert (project.status, project.offering_id, project.quantity) == (
        "accepted",
        scenario.checkup.pk,
        2,
    )
    assert "医院承接" in client.get(_url("meeting-page")).content.decode()


def test_moving_an_item_up_swaps_it_with_the_one_before(generated: Scenario) -> None:
    client = _client(generated.secretary)
    before = list(generated.meeting.agenda_items.order_by("position").values_list("id", flat=True))
    client.post(_url("meeting-page-item-move", item_id=before[2]), {"direction": "up"})
    after = list(generated.meeting.agenda_items.order_by("position").values_list("id", flat=True))
    assert after == [before[0], before[2], before[1], *before[3:]]


def test_a_refused_decision_is_shown_as_a_message(generated: Scenario) -> None:
    client = _client(generated.secretary)
    item = AgendaItem.objects.get(meeting=generated.meeting, need=generated.blood_pressure)
    response = client.post(
        _url("meeting-page-item-decide", item_id=item.pk),
        {"decision": "taken", "offering": "O-BP", "quantity": "9"},
        follow=True,
    )
    assert response.status_code == 200
    assert not Project.objects.filter(need=generated.blood_pressure).exists()
    assert "flash-error" in response.content.decode()


def test_export_from_the_page_downloads_the_file(
    generated: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(generated.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("meeting-page-export"), {"document": "agenda", "format": "xlsx"})
    page = client.get(_url("meeting-page")).content.decode()
    export = generated.meeting.exports.get()
    link = _url("meeting-page-export-file", export_id=export.pk)
    assert link in page
    download = client.get(link)
    assert download.status_code == 200
    assert download.content[:2] == b"PK"


def test_a_partner_member_reads_the_page_without_edit_forms_and_masked(
    generated: Scenario,
) -> None:
    page = _client(generated.member).get(_url("meeting-page")).content.decode()
    assert "老人想测血压" in page
    assert "记录决定" not in page
    assert "13900001111" in page  # its own phone
    assert "137****2222" in page  # the hospital's, masked
    assert "13700002222" not in page


def test_another_community_gets_not_found(generated: Scenario) -> None:
    client = _client(generated.other_secretary)
    assert client.get(_url("meeting-page")).status_code == 404
    assert client.post(_url("meeting-page-generate")).status_code == 404


def test_taking_without_an_offering_says_so_in_the_page_s_words(generated: Scenario) -> None:
    client = _client(generated.secretary)
    item = AgendaItem.objects.get(meeting=generated.meeting, need=generated.blood_pressure)

    chinese = client.post(
        _url("meeting-page-item-decide", item_id=item.pk), {"decision": "taken"}, follow=True
    ).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.post(
        _url("meeting-page-item-decide", item_id=item.pk), {"decision": "taken"}, follow=True
    ).content.decode()

    assert "选择合伙人认领时，请选定承接的资源" in chinese
    assert "required when a partner takes it" not in chinese
    assert "required when a partner takes it" in english


def test_regenerating_is_offered_only_while_it_would_be_accepted(generated: Scenario) -> None:
    client = _client(generated.secretary)
    assert "重新生成议程" in client.get(_url("meeting-page")).content.decode()
    item = AgendaItem.objects.get(meeting=generated.meeting, need=generated.blood_pressure)
    client.post(_url("meeting-page-item-decide", item_id=item.pk), {"decision": "deferred"})

    page = client.get(_url("meeting-page")).content.decode()
    refused = client.post(_url("meeting-page-generate"), follow=True).content.decode()

    assert "重新生成议程" not in page
    assert "议程不再重新生成" in page
    assert "不能重新生成议程" in refused


def test_the_review_summary_is_said_once(generated: Scenario) -> None:
    page = _client(generated.secretary).get(_url("meeting-page")).content.decode()
    review = AgendaItem.objects.get(meeting=generated.meeting, kind="review")

    assert review.body
    assert f"<p>{review.body}" not in page  # the edit box still holds it
    assert page.count(f"{review.details['quarter']}：已完成") == 1
