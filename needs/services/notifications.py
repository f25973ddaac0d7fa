"""In-app notifications and their e-mail."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core.errors import require
from core.i18n import chinese
from core.tasks import enqueue_on_commit
from needs.models import (
    Notification,
    Project,
    ResidentRequest,
)
from partners.selectors import scope_of
from partners.services import (
    Actor,
)

# --- Notifications ------------------------------------------------------------------------


def notification_send(
    *,
    recipient_ids: Iterable[int],
    kind: str,
    text: str,
    project: Project | None = None,
    request: ResidentRequest | None = None,
    key: str = "",
) -> list[Notification]:
    """Create one in-app notification per recipient and, once the transaction commits,
    enqueue its email (``needs.tasks.send_notification_email``). With ``key`` (what the
    notice is about), a recipient who already has a notice of that key gets no other."""
    recipients = list(dict.fromkeys(recipient_ids))
    if key:
        told = set(
            Notification.objects.filter(recipient_id__in=recipients, key=key).values_list(
                "recipient_id", flat=True
            )
        )
        recipients = [uid for uid in recipients if uid not in told]
    rows = Notification.objects.bulk_create(
        Notification(
            recipient_id=uid,
            kind=kind,
            text=text[:500],
            project=project,
            request=request,
            key=key,
        )
        for uid in recipients
    )
    for row in rows:
        enqueue_on_commit("needs.tasks.send_notification_email", row.pk)
    return rows


def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification to its recipient, at most once.

    Locks the notification row (``SELECT … FOR UPDATE``) and sends only if it has not
    been emailed, then marks it sent in the same transaction: a task delivered twice
    sends one email. If sending fails the mark rolls back and the caller may retry.
    Returns whether an email went out (no email address: nothing to send).
    """
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if row is None or row.emailed_at is not None:
            return False
        address = getattr(row.recipient, "email", "")
        if not address:
            return False
        body = f"{row.text}\n\n{row.link}".strip()
        send_mail(f"近邻 Jinlin：{chinese(row.get_kind_display())}", body, None, [address])
        row.emailed_at = timezone.now()
        row.save(update_fields=["emailed_at"])
        return True


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Mark one of the actor's notifications read (again is harmless)."""
    require(notification.recipient_id == scope_of(actor).user_id, "not your notification")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    user_id = scope_of(actor).user_id
    if user_id is None:
        return 0
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# What each step on a project answers: the notices asking for it are settled (read) for
# everyone who got them, so the badge counts only what still waits.
SETTLES = {
    "accept": ("dispatched",),
    "decline": ("dispatched",),
    "evaluate": ("delivered",),
    # A claim answered (or withdrawn) no longer waits for the community.
    "confirm": ("claimed",),
    "refuse": ("claimed",),
    "withdraw": ("claimed",),
}


def notifications_settle(
    *, project_id: int, action: str, recipient_ids: Iterable[int] | None = None
) -> int:
    """Mark read the unread notices about ``project_id`` that ``action`` answers (a
    dispatch notice once the partner accepts or declines; a delivery notice once it is
    rated), for ``recipient_ids`` or everyone. Answers how many."""
    kinds = SETTLES.get(action)
    if not kinds:
        return 0
    rows = Notification.objects.filter(project_id=project_id, kind__in=kinds, read_at=None)
    if recipient_ids is not None:
        rows = rows.filter(recipient_id__in=list(recipient_ids))
    return rows.update(read_at=timezone.now())


def notifications_seen(*, user_id: int, project_id: int) -> int:
    """The user opened the project: its notices to her are read."""
    return Notification.objects.filter(
        recipient_id=user_id, project_id=project_id, read_at=None
    ).update(read_at=timezone.now())


def proposed_notices_settle(*, user_id: int) -> int:
    """Her notices of proposed work are read once none is left for her to dispatch."""
    return Notification.objects.filter(
        recipient_id=user_id, kind=Notification.Kind.PROPOSED, read_at=None
    ).update(read_at=timezone.now())
