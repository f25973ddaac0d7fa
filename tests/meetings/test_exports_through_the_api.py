"""Exports requested through the API are built by the task and downloaded by their
requester only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from needs.models import MeetingExport
from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


def _exports(**kwargs: Any) -> str:
    return reverse("meeting-exports", kwargs={"code": "M-Q4", **kwargs})


def _post(client: Any, capture: Any, data: dict[str, str]) -> dict[str, Any]:
    """Request an export and let the task run, as it does once the request commits."""
    with capture(execute=True):
        response = client.post(_exports(), data, format="json")
    assert response.status_code in (201, 202), response.json()
    detail = reverse(
        "meeting-export-detail", kwargs={"code": "M-Q4", "export_id": response.json()["id"]}
    )
    return client.get(detail).json()


def test_a_requested_export_is_built_and_downloaded(
    generated: Scenario, api_as: Callable, django_capture_on_commit_callbacks: Any
) -> None:
    client = api_as(generated.secretary)
    body = _post(
        client, django_capture_on_commit_callbacks, {"document": "agenda", "format": "docx"}
    )
    assert body["status"] == "done"
    download = client.get(body["download"])
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="M-Q4-agenda.docx"' in download["Content-Disposition"]
    stored = MeetingExport.objects.get(pk=body["id"])
    assert stored.content is not None
    assert bytes(download.content) == bytes(stored.content)


def test_an_unknown_format_names_the_field(generated: Scenario, api_as: Callable) -> None:
    response = api_as(generated.secretary).post(_exports(), {"format": "odt"}, format="json")
    assert response.status_code == 400
    assert "format" in response.json()["error"]["fields"]


def test_someone_else_cannot_download_my_export(
    generated: Scenario, api_as: Callable, django_capture_on_commit_callbacks: Any
) -> None:
    client = api_as(generated.secretary)
    export_id = _post(client, django_capture_on_commit_callbacks, {"format": "ics"})["id"]
    url = reverse("meeting-export-download", kwargs={"code": "M-Q4", "export_id": export_id})
    assert client.get(url).status_code == 200
    url = reverse("meeting-export-download", kwargs={"code": "M-Q4", "export_id": export_id})
    assert api_as(generated.member).get(url).status_code == 404
    assert api_as(generated.other_secretary).get(url).status_code == 404


def test_the_page_serves_the_same_export_to_the_same_people(
    generated: Scenario, api_as: Callable, django_capture_on_commit_callbacks: Any, client: Any
) -> None:
    """The page's download and the API's ask one selector: hers opens on both faces,
    and whoever the API refuses, the page refuses too."""
    mine = api_as(generated.secretary)
    export_id = _post(mine, django_capture_on_commit_callbacks, {"format": "ics"})["id"]
    api_url = reverse("meeting-export-download", kwargs={"code": "M-Q4", "export_id": export_id})
    page_url = reverse("meeting-page-export-file", args=["M-Q4", export_id])
    for user, expected in (
        (generated.secretary, 200),
        (generated.member, 404),
        (generated.other_secretary, 404),
    ):
        client.force_login(user)
        assert (api_as(user).get(api_url).status_code, client.get(page_url).status_code) == (
            expected,
            expected,
        ), user


def test_export_list_queries_do_not_grow(
    generated: Scenario,
    api_as: Callable,
    django_assert_max_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = api_as(generated.secretary)
    for fmt in ("ics", "html", "ics", "html"):
        _post(client, django_capture_on_commit_callbacks, {"format": fmt})
    with django_assert_max_num_queries(6):
        response = client.get(_exports())
    assert [e["format"] for e in response.json()] == ["html", "ics", "html", "ics"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_builds_the_export(generated: Scenario, api_as: Callable) -> None:
    """With a broker the request only queues the export; a Celery worker (started here,
    on the configured Redis) builds it."""
    import time

    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    client = api_as(generated.secretary)
    with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
        response = client.post(_exports(), {"format": "pdf"}, format="json")
        assert response.status_code in (201, 202)
        detail = reverse(
            "meeting-export-detail", kwargs={"code": "M-Q4", "export_id": response.json()["id"]}
        )
        body = client.get(detail).json()
        for _ in range(240):
            if body["status"] != "pending":
                break
            time.sleep(0.5)
            body = client.get(detail).json()
    assert body["status"] == "done"
    assert client.get(body["download"]).content.startswith(b"%PDF")
