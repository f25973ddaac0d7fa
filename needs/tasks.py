"""Celery tasks of the needs app: entry points that take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from needs import services
from needs.reminders import offering_expiry_reminders_send, weekly_digests_send
from needs.services.deadlines import overdue_escalate


@shared_task(
    autoretry_for=(OSError,),  # SMTP and connection errors (smtplib's are OSErrors)
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_notification_email(notification_id: int) -> bool:
    """Email one notification; a second delivery of the same task sends nothing."""
    return services.notification_email_send(notification_id=notification_id)


# --- Scheduled jobs (celery beat, see CELERY_BEAT_SCHEDULE) ---------------------------------
# Each may run twice (late acknowledgement re-delivers a task whose worker died): the
# notices carry a key unique per recipient, so nobody is told twice.


@shared_task
def remind_expiring_offerings() -> int:
    """Remind partners of offerings whose validity ends within 30 days."""

    return offering_expiry_reminders_send()


@shared_task
def send_weekly_digests() -> int:
    """Send every secretary her community's weekly summary."""

    return weekly_digests_send()


@shared_task
def escalate_overdue() -> int:
    """Tell each street administrator of the needs and requests of her street that
    passed a promised time (限时办结), once per item and promise."""

    return overdue_escalate()
