"""Scheduled notices: reminders to partners before an offering
expires, and the weekly digest to secretaries.

Services like those in ``needs/services.py``: keyword-only, typed, called by the tasks
celery beat enqueues (``needs/tasks.py``). Each notice is a :class:`Notification` with a
``key`` naming what it is about; the key is unique per recipient, so running a job twice
(a re-delivered task, a beat that fired twice) gives nobody a second notice or email.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from core.tasks import enqueue_on_commit
from needs.models import LiaisonMeeting, Need, Notification, Project
from partners.models import Offering, Role

# Partners hear about an offering this many days before its last valid day.
OFFERING_EXPIRY_NOTICE_DAYS = 30


def notify_once(*, recipient_ids: Iterable[int], kind: str, text: str, key: str) -> int:
    """Give each recipient one notification with this key (none if she has one already)
    and enqueue its email once the transaction commits; return how many were created."""
    created = 0
    for user_id in dict.fromkeys(recipient_ids):
        try:
            with transaction.atomic():
                row, new = Notification.objects.get_or_create(
                    recipient_id=user_id, key=key, defaults={"kind": kind, "text": text[:500]}
                )
        except IntegrityError:  # the same notice created at this moment by another run
            continue
        if new:
            enqueue_on_commit("needs.tasks.send_notification_email", row.pk)
            created += 1
    return created


def members_of(partner_ids: Iterable[int]) -> dict[int, list[int]]:
    members: dict[int, list[int]] = {}
    rows = Role.objects.filter(kind=Role.Kind.PARTNER_MEMBER, partner_id__in=list(partner_ids))
    for partner_id, user_id in rows.values_list("partner_id", "user_id"):
        members.setdefault(partner_id, []).append(user_id)
    return members


def secretaries_of(community_ids: Iterable[int]) -> dict[int, list[int]]:
    secretaries: dict[int, list[int]] = {}
    rows = Role.objects.filter(kind=Role.Kind.SECRETARY, community_id__in=list(community_ids))
    for community_id, user_id in rows.values_list("community_id", "user_id"):
        secretaries.setdefault(community_id, []).append(user_id)
    return secretaries


def offering_expiry_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind the members of each partner whose offering's last valid day falls within
    :data:`OFFERING_EXPIRY_NOTICE_DAYS` days of ``today``, once per offering and date (a
    later extension of the date gives a new reminder). Returns how many notifications
    were created."""
    today = today or timezone.localdate()
    offerings = list(
        Offering.objects.filter(
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=OFFERING_EXPIRY_NOTICE_DAYS),
        ).only("code", "title", "partner_id", "valid_until")
    )
    members = members_of(o.partner_id for o in offerings)
    created = 0
    for offering in offerings:
        assert offering.valid_until is not None  # noqa: S101 - filtered above
        days = (offering.valid_until - today).days
        created += notify_once(
            recipient_ids=members.get(offering.partner_id, []),
            kind=Notification.Kind.OFFERING_EXPIRY,
            text=(
                f"资源「{offering.title}」（{offering.code}）将于 "
                f"{offering.valid_until:%Y-%m-%d} 到期（还有 {days} 天），如需继续提供请更新有效期"
            ),
            key=f"offering-expiry:{offering.code}:{offering.valid_until:%Y%m%d}",
        )
    return created


def weekly_digests_send(*, today: dt.date | None = None) -> int:
    """Send each community secretary the week's summary of her community: open needs,
    projects waiting for a partner's answer, projects accepted and declined in the past
    seven days, offerings expiring within :data:`OFFERING_EXPIRY_NOTICE_DAYS` days and
    meetings in the coming week. Once per secretary and ISO week. Returns how many
    notifications were created."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    since = timezone.now() - dt.timedelta(days=7)
    secretaries = secretaries_of(
        Role.objects.filter(kind=Role.Kind.SECRETARY).values_list("community_id", flat=True)
    )
    communities = list(secretaries)
    open_needs = dict(
        Need.objects.filter(community_id__in=communities, status=Need.Status.OPEN)
        .values_list("community_id")
        .annotate(n=Count("pk"))
    )
    project_counts = {
        row["need__community_id"]: row
        for row in Project.objects.filter(need__community_id__in=communities)
        .values("need__community_id")
        .annotate(
            waiting=Count("pk", filter=Q(status=Project.Status.DISPATCHED)),
            accepted=Count("pk", filter=Q(status=Project.Status.ACCEPTED, updated_at__gte=since)),
            declined=Count("pk", filter=Q(status=Project.Status.DECLINED, updated_at__gte=since)),
        )
    }
    expiring = dict(
        Offering.objects.filter(
            partner__community_id__in=communities,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=OFFERING_EXPIRY_NOTICE_DAYS),
        )
        .values_list("partner__community_id")
        .annotate(n=Count("pk"))
    )
    meetings = dict(
        LiaisonMeeting.objects.filter(
            community_id__in=communities,
            status=LiaisonMeeting.Status.SCHEDULED,
            date__gte=today,
            date__lt=today + dt.timedelta(days=7),
        )
        .values_list("community_id")
        .annotate(n=Count("pk"))
    )
    created = 0
    for community_id, users in secretaries.items():
        counts = project_counts.get(community_id, {})
        waiting, accepted = counts.get("waiting", 0), counts.get("accepted", 0)
        declined = counts.get("declined", 0)
        text = (
            f"本周摘要（{year} 年第 {week} 周）：待对接需求 {open_needs.get(community_id, 0)} 项，"
            f"待合伙人接单 {waiting} 项，近 7 天接单 {accepted} 项、婉拒 {declined} 项，"
            f"30 天内到期的资源 {expiring.get(community_id, 0)} 项，"
            f"未来 7 天的联席会议 {meetings.get(community_id, 0)} 场"
        )
        created += notify_once(
            recipient_ids=users,
            kind=Notification.Kind.WEEKLY_DIGEST,
            text=text,
            key=f"digest:{community_id}:{year}W{week:02d}",
        )
    return created
