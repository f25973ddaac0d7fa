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
