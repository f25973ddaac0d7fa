"""From scheduling the meeting to the agenda, the recorded minutes and the projects they
created, through the API as the secretary would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from needs.models import LiaisonMeeting, Need, Project
from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


def test_schedule_agenda_minutes_projects(
    scenario: Scenario, api_as: Callable, django_capture_on_commit_callbacks: Any
) -> None:
    client = api_as(scenario.secretary)
    # Schedule the next quarter's meeting.
    response = client.post(
        reverse("meeting-list"),
        {
            "code": "M-Q4B",
            "community": "BA-S1-C1",
            "date": "2026-11-20",
            "start_time": "09:30",
            "end_time": "11:30",
            "place": "社区议事厅",
            "title": "2026年第四季度党建联席会（增开）",
            "attendees": ["P-VET", "P-HOS"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["place"], response.json()["status"]) == ("社区议事厅", "scheduled")

    def url(name: str, **kw: Any) -> str:
        return reverse(f"meeting-{name}", kwargs={"code": "M-Q4B", **kw})

    # Generate the agenda from the data.
    agenda = client.post(url("agenda-generate")).json()
    by_need = {i["need"]: i for i in agenda if i["need"]}
    assert by_need["N-BP"]["kind"] == "need"
    top = by_need["N-BP"]["details"]["suggestions"][0]["offering"]

    # The secretary moves the need first and adds an item.
    ids = [i["id"] for i in agenda]
    order = [by_need["N-BP"]["id"], *[i for i in ids if i != by_need["N-BP"]["id"]]]
    assert client.post(url("agenda-order"), {"order": order}, format="json").status_code == 200
    added = client.post(url("agenda-item-add"), {"title": "年末走访安排"}, format="json")
    assert added.status_code == 201

    # The meeting: attendance, the top partner takes the need, a need is raised.
    present = {"present": {"P-VET": True, "P-HOS": True}}
    assert client.post(url("attendance"), present, format="json").status_code == 200
    decided = client.post(
        url("agenda-item-decide", item_id=by_need["N-BP"]["id"]),
        {"decision": "taken", "offering": top, "minutes": "当场认领"},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    raised = client.post(
        url("raise-need"),
        {"title": "独居老人防诈骗宣传", "window": {"start": "2026-12-01", "end": "2027-02-28"}},
        format="json",
    )
    assert raised.status_code == 201, raised.json()
    assert client.post(url("close"), {"summary": "顺利召开"}, format="json").status_code == 200

    # The minutes say what happened, and the projects and needs exist.
    minutes = client.get(url("minutes")).json()
    assert minutes["status"] == "held"
    assert [a["present"] for a in minutes["attendance"]] == [True, True]
    assert {i["decision"] for i in minutes["items"]} == {"taken", "raised"}
    project = Project.objects.get(need__code="N-BP")
    assert (project.status, project.offering.code, project.quarter) == ("accepted", top, "2026Q4")
    assert decided.json()["project"] == project.pk
    need = Need.objects.get(title="独居老人防诈骗宣传")
    assert need.source == "meeting"
    assert need.meeting == LiaisonMeeting.objects.get(code="M-Q4B")

    # The minutes export names the project.
    with django_capture_on_commit_callbacks(execute=True):
        export = client.post(
            url("exports"), {"document": "minutes", "format": "html"}, format="json"
        )
    ready = client.get(url("export-detail", export_id=export.json()["id"])).json()
    page = client.get(ready["download"]).content.decode("utf-8")
    assert f"形成项目 {project.pk}" in page
