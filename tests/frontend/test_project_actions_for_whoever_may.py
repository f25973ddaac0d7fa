import pytest
from django.urls import reverse
from django.utils import timezone

from needs.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(need, offering):
    return ProjectFactory.create(need=need, offering=offering, status=Project.Status.DISPATCHED)


def test_partner_member_is_offered_accept_and_the_secretary_is_not(
    client, member, secretary, project
):
    accept = reverse("project-act", args=[project.pk, "accept"])
    client.force_login(member)
    assert accept in client.get(reverse("project-page", args=[project.pk])).content.decode()
    client.force_login(secretary)
    assert accept not in client.get(reverse("project-page", args=[project.pk])).content.decode()


def test_partner_accepts_starts_and_delivers_then_secretary_evaluates(
    client, member, secretary, project
):
    client.force_login(member)
    for action in ("accept", "start"):
        client.post(reverse("project-act", args=[project.pk, action]))
    record = {"served_on": timezone.localdate().isoformat(), "hours": "2", "people_served": "3"}
    client.post(reverse("project-act", args=[project.pk, "deliver"]), record)
    project.refresh_from_db()
    assert project.status == Project.Status.DELIVERED
    client.force_login(secretary)
    page = client.get(reverse("project-page", args=[project.pk])).content.decode()
    assert 'name="rating"' in page
    client.post(
        reverse("project-act", args=[project.pk, "evaluate"]), {"rating": "4", "comment": "准时"}
    )
    project.refresh_from_db()
    assert project.status == Project.Status.EVALUATED
    timeline = client.get(reverse("project-page", args=[project.pk])).content.decode()
    assert "已评价" in timeline


def test_secretary_trying_to_accept_gets_404_and_nothing_changes(client, secretary, project):
    client.force_login(secretary)
    response = client.post(reverse("project-act", args=[project.pk, "accept"]))
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.status == Project.Status.DISPATCHED


def test_an_illegal_step_comes_back_as_a_message(client, member, project):
    client.force_login(member)
    response = client.post(reverse("project-act", args=[project.pk, "deliver"]), follow=True)
    project.refresh_from_db()
    assert project.status == Project.Status.DISPATCHED
    assert "不能" in response.content.decode()


def test_dispatch_from_the_need_creates_a_dispatched_project(client, secretary, need, offering):
    client.force_login(secretary)
    response = client.post(reverse("need-dispatch", args=[need.code]), {"offering": offering.code})
    project = Project.objects.get()
    assert response["Location"] == reverse("project-page", args=[project.pk])
    assert project.status == Project.Status.DISPATCHED
    assert project.quantity == need.quantity


def test_board_shows_projects_in_their_column(client, secretary, project):
    client.force_login(secretary)
    body = client.get(reverse("projects")).content.decode()
    assert reverse("project-page", args=[project.pk]) in body
