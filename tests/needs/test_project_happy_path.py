"""A project from creation to evaluation through the services: each step moves the
project, the need follows (open → matched → in_progress → done), and the timeline keeps
who did what, in order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matching.engine.quarters import Quarter
from needs import services
from needs.models import Evaluation, Need, Project, ProjectEvent
from partners.models import Offering


def test_project_runs_from_proposal_to_evaluation(
    secretary: Any,
    member: Any,
    resident: Any,
    offering: Offering,
    make_need: Callable[..., Need],
) -> None:
    need = make_need()
    project = services.project_create(
        actor=secretary, need=need, offering=offering, quantity=2, quarter=Quarter(2026, 4)
    )
    assert (project.status, project.quarter) == ("proposed", "2026Q4")
    need.refresh_from_db()
    assert need.status == "open"

    steps = [
        (lambda: services.project_dispatch(actor=secretary, project=project), "matched"),
        (lambda: services.project_accept(actor=member, project=project), "matched"),
        (lambda: services.project_start(actor=member, project=project), "in_progress"),
        (lambda: services.project_deliver(actor=member, project=project), "done"),
        (
            lambda: services.project_evaluate(
                actor=secretary, project=project, rating=5, comment="老人们很满意"
            ),
            "done",
        ),
    ]
    for step, need_status in steps:
        step()
        need.refresh_from_db()
        assert need.status == need_status
    services.project_evaluate(actor=resident, project=project, rating=4, comment="准时")

    project.refresh_from_db()
    assert project.status == "evaluated"
    timeline = list(
        ProjectEvent.objects.filter(project=project).values_list(
            "action", "from_status", "to_status", "actor_id"
        )
    )
    assert timeline == [
        ("create", "", "proposed", secretary.pk),
        ("dispatch", "proposed", "dispatched", secretary.pk),
        ("accept", "dispatched", "accepted", member.pk),
        ("start", "accepted", "in_progress", member.pk),
        ("deliver", "in_progress", "delivered", member.pk),
        ("evaluate", "delivered", "evaluated", secretary.pk),
        ("evaluate", "evaluated", "evaluated", resident.pk),
    ]
    ratings = dict(Evaluation.objects.filter(project=project).values_list("by", "rating"))
    assert ratings == {"community": 5, "resident": 4}


def test_decline_keeps_the_reason_and_reopens_the_need(
    secretary: Any, member: Any, offering: Offering, make_need: Callable[..., Need]
) -> None:
    need = make_need()
    project = services.project_create(
        actor=secretary, need=need, offering=offering, quantity=1, status="dispatched"
    )
    need.refresh_from_db()
    assert need.status == "matched"
    services.project_decline(actor=member, project=project, reason="周末没有志愿者")
    need.refresh_from_db()
    assert need.status == "open"
    event = ProjectEvent.objects.filter(project=project, action="decline").get()
    assert event.note == "周末没有志愿者"


def test_a_declined_pairing_may_be_proposed_again(
    secretary: Any, member: Any, offering: Offering, make_need: Callable[..., Need]
) -> None:
    need = make_need()
    first = services.project_create(
        actor=secretary, need=need, offering=offering, quantity=1, status="dispatched"
    )
    services.project_decline(actor=member, project=first, reason="人手不足")
    again = services.project_create(actor=secretary, need=need, offering=offering, quantity=1)
    assert again.pk != first.pk
    assert Project.objects.filter(need=need).count() == 2


def test_one_finished_project_of_two_keeps_the_need_in_progress(
    make_project: Callable[..., Project], make_need: Callable[..., Need], offering: Offering
) -> None:
    assert services.need_status_from_projects(["delivered", "accepted"]) == "in_progress"
    assert services.need_status_from_projects(["delivered", "declined"]) == "done"
    assert services.need_status_from_projects(["proposed", "cancelled"]) == "open"
    assert services.need_status_from_projects(["dispatched"]) == "matched"
