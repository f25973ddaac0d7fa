import pytest
from django.urls import reverse

from matching.models import AllocationJob
from needs.models import Project
from tests.factories import NeedFactory, OfferingFactory
from tests.frontend.conftest import serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def street_work(tree, partner, secretary):
    serve(OfferingFactory.create(code="O-A", partner=partner, capacity=5), tree["C11"], tree["C12"])
    NeedFactory.create(code="N-A", community=tree["C11"], created_by=secretary)
    NeedFactory.create(code="N-B", community=tree["C12"], created_by=secretary)


def _run(client, tree, capture):
    with capture(execute=True):
        response = client.post(reverse("allocation"), {"scope": tree["S1"].pk, "quarter": "2026Q4"})
    return AllocationJob.objects.get(), response


def test_street_admin_runs_reviews_and_accepts_the_plan(
    client, street_admin, tree, street_work, django_capture_on_commit_callbacks
):
    client.force_login(street_admin)
    job, response = _run(client, tree, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("allocation-run", args=[job.pk])
    job.refresh_from_db()
    assert job.status == AllocationJob.Status.DONE
    page = client.get(reverse("allocation-run", args=[job.pk])).content.decode()
    assert "采纳勾选的对接" in page
    assert reverse("need-page", args=["N-A"]) in page
    client.post(reverse("allocation-adopt", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == AllocationJob.Status.ACCEPTED
    assert set(Project.objects.values_list("need__code", "status")) == {
        ("N-A", "proposed"),
        ("N-B", "proposed"),
    }


def test_progress_part_polls_while_the_run_is_pending(client, street_admin, tree):
    job = AllocationJob.objects.create(scope=tree["S1"], quarter="2026Q4")
    client.force_login(street_admin)
    body = client.get(reverse("allocation-run", args=[job.pk]), HTTP_HX_REQUEST="true")
    text = body.content.decode()
    assert 'hx-trigger="every 1s"' in text
    assert 'role="progressbar"' in text
    assert "<html" not in text


def test_secretary_cannot_run_over_the_street(client, secretary, tree):
    client.force_login(secretary)
    response = client.post(reverse("allocation"), {"scope": tree["S1"].pk, "quarter": "2026Q4"})
    assert response.status_code == 200
    assert 'id="id_scope_errors"' in response.content.decode()
    assert not AllocationJob.objects.exists()


def test_runs_of_another_street_are_not_found(client, street_admin, tree):
    job = AllocationJob.objects.create(scope=tree["S2"], quarter="2026Q4")
    client.force_login(street_admin)
    assert client.get(reverse("allocation-run", args=[job.pk])).status_code == 404
