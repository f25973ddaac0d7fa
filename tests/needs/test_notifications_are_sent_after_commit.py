"""Who is told of what: the partner's members of a dispatch, the community's
secretaries of an accept or decline, community and resident of a delivery. Emails go
out only once the transaction commits, and a task delivered twice sends one email."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from needs import services
from needs.models import Notification, Project
from needs.services import notifications
from needs.tasks import send_notification_email
from partners.models import Role
from tests.factories import user_with_role


@pytest.fixture
def with_emails(secretary: Any, member: Any, resident: Any) -> None:
    for user, address in ((secretary, "sec@example.cn"), (member, "member@example.cn")):
        user.email = address
        user.save()
    resident.email = "resident@example.cn"
    resident.save()


def test_dispatch_emails_the_partners_members_after_commit(
    with_emails: None,
    secretary: Any,
    member: Any,
    make_project: Callable[..., Project],
    django_capture_on_commit_callbacks: Any,
) -> None:
    project = make_project("proposed")
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.project_dispatch(actor=secretary, project=project)
    assert mail.outbox == []  # nothing before the commit
    note = Notification.objects.get()
    assert (note.recipient_id, note.kind, note.project_id, note.read_at) == (
        member.pk,
        "dispatched",
        project.pk,
        None,
    )
    for callback in pending:
        callback()
    assert [m.to for m in mail.outbox] == [["member@example.cn"]]
    assert f"/api/v1/projects/{project.pk}/" in mail.outbox[0].body
    assert "新派单" in mail.outbox[0].subject


def test_a_redelivered_task_does_not_send_twice(
    with_emails: None,
    secretary: Any,
    make_project: Callable[..., Project],
    django_capture_on_commit_callbacks: Any,
) -> None:
    project = make_project("proposed")
    with django_capture_on_commit_callbacks(execute=True):
        services.project_dispatch(actor=secretary, project=project)
    assert len(mail.outbox) == 1
    note = Notification.objects.get()
    # The broker hands the same task over again (a worker died before acknowledging).
    send_notification_email.delay(note.pk)
    send_notification_email.delay(note.pk)
    assert len(mail.outbox) == 1
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_a_failed_send_is_not_marked_and_is_retried(
    with_emails: None,
    secretary: Any,
    member: Any,
    make_project: Callable[..., Project],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = make_project("proposed")
    services.project_dispatch(actor=secretary, project=project)  # on_commit not run here
    note = Notification.objects.get()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(notifications, "send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        services.notification_email_send(notification_id=note.pk)
    note.refresh_from_db()
    assert note.emailed_at is None
    monkeypatch.undo()
    assert services.notification_email_send(notification_id=note.pk) is True
    assert len(mail.outbox) == 1
    # The task retries on such errors rather than dropping the email.
    assert OSError in send_notification_email.autoretry_for


def test_accept_and_decline_tell_the_communitys_secretaries(
    with_emails: None,
    secretary: Any,
    member: Any,
    tree: Any,
    make_project: Callable[..., Project],
    django_capture_on_commit_callbacks: Any,
) -> None:
    street_admin = user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"])
    accepted, declined = make_project("dispatched"), make_project("dispatched")
    with django_capture_on_commit_callbacks(execute=True):
        services.project_accept(actor=member, project=accepted)
        services.project_decline(actor=member, project=declined, reason="周末没有人手")
    rows = list(
        Notification.objects.order_by("id").values_list("recipient_id", "kind", "project_id")
    )
    assert rows == [
        (secretary.pk, "accepted", accepted.pk),
        (secretary.pk, "declined", declined.pk),
    ]
    assert street_admin.pk not in {r[0] for r in rows}
    assert [m.to for m in mail.outbox] == [["sec@example.cn"], ["sec@example.cn"]]


def test_delivery_asks_the_community_and_the_resident_to_rate(
    secretary: Any, member: Any, resident: Any, make_project: Callable[..., Project]
) -> None:
    project = make_project("in_progress")
    services.project_deliver(actor=member, project=project)
    assert set(Notification.objects.values_list("recipient_id", "kind")) == {
        (secretary.pk, "delivered"),
        (resident.pk, "delivered"),
    }


def test_users_without_an_email_address_get_only_the_in_app_notice(
    secretary: Any,
    member: Any,
    make_project: Callable[..., Project],
    django_capture_on_commit_callbacks: Any,
) -> None:
    member.email = ""
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.project_dispatch(actor=secretary, project=make_project("proposed"))
    assert Notification.objects.filter(recipient=member).count() == 1
    assert mail.outbox == []
