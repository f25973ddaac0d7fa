"""An allocation run through the API: queued, computed by the task, read, accepted."""

from typing import Any

from django.test import TestCase
from django.urls import reverse

from matching.models import AllocationJob
from needs.models import Project
from tests.allocation.conftest import QUARTER


def start(client: Any, scope: str = "BA", quarter: str = QUARTER) -> Any:
    """POST a run and let the task it queues after commit run (in-process here), then
    answer the run as the client would read it next."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("allocation-list"), {"scope": scope, "quarter": quarter}, format="json"
        )
    if response.status_code != 202:
        return response
    return client.get(reverse("allocation-detail", args=[response.json()["id"]]))


def test_post_queues_a_run_that_the_task_completes(
    district: Any, district_admin: Any, client_for: Any
) -> None:
    client = client_for(district_admin)
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        response = client.post(
            reverse("allocation-list"), {"scope": "BA", "quarter": QUARTER}, format="json"
        )

    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    assert len(queued) == 1
    queued[0]()  # the task, enqueued once the run is committed
    job = AllocationJob.objects.get(pk=response.json()["id"])
    assert job.status == "done"
    assert job.plan is not None
    assert job.scope.code == "BA"
    assert job.quarter == QUARTER
    assert job.created_by == district_admin


def test_get_shows_the_plan_with_reasons(
    district: Any, district_admin: Any, client_for: Any
) -> None:
    client = client_for(district_admin)
    job_id = start(client).json()["id"]

    body = client.get(reverse("allocation-detail", args=[job_id])).json()

    assert body["status"] == "done"
    assert body["projects"] == []
    plan = body["plan"]
    assert {a["need"] for a in plan["assignments"]} >= {"N-BP-URGENT", "N-LAW"}
    assert all(a["reasons"] for a in plan["assignments"])
    assert {u["need"]: u["reason"] for u in plan["unfilled"]}["N-HOOP"] == "not_relevant"


def test_accept_creates_the_plan_s_projects(
    district: Any, district_admin: Any, client_for: Any
) -> None:
    client = client_for(district_admin)
    job_id = start(client).json()["id"]
    plan = AllocationJob.objects.get(pk=job_id).plan
    assert plan is not None

    response = client.post(reverse("allocation-accept", args=[job_id]))

    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    created = Project.objects.filter(id__in=response.json()["projects"])
    assert set(created.values_list("need__code", "offering__code", "quantity", "status")) == {
        (a["need"], a["offering"], a["quantity"], "proposed") for a in plan["assignments"]
    }
    assert AllocationJob.objects.get(pk=job_id).accepted_by == district_admin


def test_a_plan_is_accepted_only_once(district: Any, district_admin: Any, client_for: Any) -> None:
    client = client_for(district_admin)
    job_id = start(client).json()["id"]
    client.post(reverse("allocation-accept", args=[job_id]))
    count = Project.objects.count()

    again = client.post(reverse("allocation-accept", args=[job_id]))

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    assert Project.objects.count() == count


def test_a_run_not_yet_done_cannot_be_accepted(
    district: Any, district_admin: Any, client_for: Any
) -> None:
    job = AllocationJob.objects.create(scope=district["tree"]["BA"], quarter=QUARTER)

    response = client_for(district_admin).post(reverse("allocation-accept", args=[job.pk]))

    assert response.status_code == 409
    assert not Project.objects.exists()


def test_a_failed_run_records_its_error(
    district: Any, district_admin: Any, client_for: Any, monkeypatch: Any
) -> None:
    def broken(**_: Any) -> None:
        raise RuntimeError("solver unavailable")

    monkeypatch.setattr("matching.allocation.allocation_plan", broken)

    response = start(client_for(district_admin))

    assert response.status_code == 200
    assert response.json()["status"] == "failed"
    assert "solver unavailable" in response.json()["error"]


def test_bad_scope_and_quarter_are_named(
    district: Any, district_admin: Any, client_for: Any
) -> None:
    client = client_for(district_admin)

    unknown = start(client, scope="NOPE")
    station = start(client, scope="BA-S1-C1-X1")
    quarter = start(client, quarter="2026-10")

    assert unknown.status_code == station.status_code == quarter.status_code == 400
    assert "scope" in unknown.json()["error"]["fields"]
    assert "scope" in station.json()["error"]["fields"]
    assert "quarter" in quarter.json()["error"]["fields"]
    assert not AllocationJob.objects.exists()
