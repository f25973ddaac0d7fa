"""批量派单: several proposed projects dispatched together, all or none, each partner
told once; the API and the page ask the same service and list the same projects."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from core.errors import ConflictError
from needs.models import Notification, Project
from needs.selectors import projects_to_dispatch
from needs.services import projects_dispatch
from partners.models import Offering, Partner, Role
from tests.factories import PASSWORD, OfferingFactory, PartnerFactory, user_with_role


@pytest.fixture
def second(tree: Any) -> tuple[Partner, Offering]:
    partner = PartnerFactory.create(code="P-SECOND", community=tree["C11"])
    offering = OfferingFactory.create(code="O-SECOND", partner=partner, capacity=1)
    return partner, offering


def test_one_notice_per_partner_for_its_share(
    secretary: Any,
    member: Any,
    partner: Partner,
    second: tuple[Partner, Offering],
    make_project: Callable[..., Project],
) -> None:
    other_member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=second[0])
    ours = [make_project(), make_project(), make_project()]
    theirs = make_project(offering=second[1])

    moved = projects_dispatch(actor=secretary, projects=[*ours, theirs], note="请周六上午来")

    assert {p.status for p in moved} == {"dispatched"}
    assert Project.objects.filter(status="dispatched").count() == 4
    mine = Notification.objects.filter(recipient=member, kind="dispatched")
    assert [n.text for n in mine] == ["新派单：海裕社区 派来 3 个项目，请在项目清单中接单"]
    single = Notification.objects.get(recipient=other_member, kind="dispatched")
    assert single.project == theirs
    assert set(theirs.events.values_list("note", flat=True)) == {"请周六上午来"}


def test_one_refusal_dispatches_none(
    secretary: Any, second: tuple[Partner, Offering], make_project: Callable[..., Project]
) -> None:
    fine = make_project()
    # The second offering has one unit, and accepted work already holds it.
    make_project(offering=second[1], status="accepted")
    full = make_project(offering=second[1])

    with pytest.raises(ConflictError) as refused:
        projects_dispatch(actor=secretary, projects=[fine, full])

    assert f"项目 {full.pk}" in refused.value.message
    assert f"projects.{full.pk}" in refused.value.fields
    fine.refresh_from_db()
    assert fine.status == "proposed"
    assert not Notification.objects.exists()


def test_api_dispatches_the_batch_and_names_the_project_at_fault(
    secretary: Any, member: Any, make_project: Callable[..., Project], client_for: Any
) -> None:
    first, second_, done = make_project(), make_project(), make_project(status="accepted")
    client = client_for(secretary)
    url = reverse("project-dispatch-many")

    refused = client.post(url, {"projects": [first.pk, done.pk]}, format="json")
    unknown = client.post(url, {"projects": [first.pk, 999999]}, format="json")
    accepted = client.post(url, {"projects": [first.pk, second_.pk]}, format="json")

    assert refused.status_code == 409
    assert f"projects.{done.pk}" in refused.json()["error"]["fields"]
    assert unknown.status_code == 400
    assert "projects.1" in unknown.json()["error"]["fields"]
    assert accepted.status_code == 200
    assert [p["id"] for p in accepted.json()] == [first.pk, second_.pk]
    assert [p["status"] for p in accepted.json()] == ["dispatched", "dispatched"]
    assert Notification.objects.filter(recipient=member, kind="dispatched").count() == 1


def test_api_refuses_what_the_user_may_not_dispatch(
    other_secretary: Any, member: Any, make_project: Callable[..., Project], client_for: Any
) -> None:
    project = make_project()

    for user in (other_secretary, member):
        response = client_for(user).post(
            reverse("project-dispatch-many"), {"projects": [project.pk]}, format="json"
        )
        assert response.status_code in (400, 403, 404)
    project.refresh_from_db()
    assert project.status == "proposed"


def test_the_page_and_the_home_list_what_may_be_dispatched_and_send_the_ticked(
    secretary: Any, member: Any, make_project: Callable[..., Project]
) -> None:
    first, second_, third = make_project(), make_project(), make_project()
    make_project(status="dispatched")  # already handed on: not listed
    browser = Client()
    browser.login(username=secretary.username, password=PASSWORD)
    assert [p.pk for p in projects_to_dispatch(secretary)] == [first.pk, second_.pk, third.pk]

    home = browser.get("/").content.decode()
    page = browser.get(reverse("projects-dispatch")).content.decode()
    for p in (first, second_, third):
        assert f'name="project" value="{p.pk}"' in home
        assert f'name="project" value="{p.pk}"' in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = browser.post(
            reverse("projects-dispatch"), {"project": [first.pk, third.pk], "note": "带上工具"}
        )

    assert response.status_code == 302
    statuses = dict(Project.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second_.pk], statuses[third.pk]) == (
        "dispatched",
        "proposed",
        "dispatched",
    )
    assert Notification.objects.filter(recipient=member, kind="dispatched").count() == 1
    assert [p.pk for p in projects_to_dispatch(secretary)] == [second_.pk]


def test_her_notice_of_proposed_work_settles_once_none_is_left(
    secretary: Any, make_project: Callable[..., Project]
) -> None:
    first, second = make_project(), make_project()
    Notification.objects.create(recipient=secretary, kind="proposed", text="2 个拟对接项目待派单")
    unread = Notification.objects.filter(recipient=secretary, kind="proposed", read_at=None)

    projects_dispatch(actor=secretary, projects=[first])
    assert unread.exists()  # one still waits for her
    projects_dispatch(actor=secretary, projects=[second])
    assert not unread.exists()
