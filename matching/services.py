"""Writes of the matching: the nightly round. Recording what changed for the index is
``changes.log.record_change``, called by every writer inside its own transaction; each
process's index applies the change on its next read, so pages and the API rank live.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from changes.log import CHANGES_KEPT, record_change
from changes.models import IndexChange
from core.errors import ConflictError, has_perm, require
from matching.facts import need_facts
from matching.index import current_index
from matching.selectors import OPPORTUNITIES_MAX, opportunities_for
from needs import services as needs_services
from needs.models import Need, Notification, Project
from needs.reminders import members_of, notify_once
from partners.models import Offering, Partner
from partners.services import Actor


def matching_nightly() -> int:
    """The nightly round: forget changes older than :data:`CHANGES_KEPT` and rebuild
    every process's index (partners' load and reliability move with time, and a
    process further behind than the log rebuilds anyway). Returns the new version."""
    IndexChange.objects.filter(created_at__lt=timezone.now() - CHANGES_KEPT).delete()
    with transaction.atomic():
        return record_change(everything=True)


# --- 认领 -------------------------------------------------------------------------------------

_RULE_TEXT = {
    "partner": "合伙人尚未通过审核 / the partner is not verified",
    "validity": "资源在需求的时间内无效 / the offering is not valid in the need's window",
    "mode": "服务方式不是需求接受的 / the need does not accept the offering's delivery modes",
    "area": "需求所在社区不在资源的服务范围内 / the need is outside the offering's area",
    "unknown": "资源尚未上架 / the offering is not listed",
}


def need_claim(
    *, actor: Actor, need: Need, offering: Offering, quantity: int = 1, note: str = ""
) -> Project:
    """认领: a member of ``offering``'s partner claims ``need``. The need's window must
    not be over and the offering must pass the ranking's hard rules for the need
    (verified partner, validity, delivery mode, area), as the partner's opportunities
    list them (:func:`~matching.opportunities.claimable_needs`); then
    ``needs.services.claim_record`` holds the units under lock and tells the community."""
    require(
        has_perm(actor, "needs.claim_need", offering),
        "只有合伙人的成员可以用它的资源认领 / only the partner's members claim with it",
        "offering",
    )
    today = timezone.localdate()
    if need.window_end < today:
        raise ConflictError(
            f"需求的时段已于 {need.window_end:%Y-%m-%d} 结束，不能认领 / "
            f"the need's window ended on {need.window_end:%Y-%m-%d}: it cannot be claimed",
            fields={"need": ["window over"]},
        )
    broken = current_index().hard_rules_broken(need_facts(need), offering.code, today=today)
    if broken:
        raise ConflictError(
            "；".join(_RULE_TEXT[r].split(" / ")[0] for r in broken)
            + " / "
            + "; ".join(_RULE_TEXT[r].split(" / ")[1] for r in broken),
            fields={"offering": list(broken)},
        )
    return needs_services.claim_record(
        actor=actor, need=need, offering=offering, quantity=quantity, note=note
    )


DIGEST_TITLES = 3


def opportunity_digests_send(*, today: dt.date | None = None) -> int:
    """The weekly digest of 认领: each verified partner's members hear of the needs
    opened in the past seven days that its offerings could serve (as its opportunities
    list them), with the first few titles. Once per partner and ISO week, and never
    more than one such notice a day to one person (a member of two partners hears of
    the first). Partners with nothing new hear nothing. Returns how many notices."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    since = timezone.now() - dt.timedelta(days=7)
    told_today = set(
        Notification.objects.filter(
            kind=Notification.Kind.OPPORTUNITIES,
            created_at__gte=timezone.now() - dt.timedelta(days=1),
        ).values_list("recipient_id", flat=True)
    )
    members = members_of(
        Partner.objects.filter(status=Partner.Status.VERIFIED).values_list("pk", flat=True)
    )
    created = 0
    for partner in Partner.objects.filter(pk__in=list(members)).order_by("code"):
        rows = [
            row
            for row in opportunities_for(partner=partner, limit=OPPORTUNITIES_MAX)
            if row.need.created_at >= since
        ]
        recipients = [uid for uid in members[partner.pk] if uid not in told_today]
        if not rows or not recipients:
            continue
        titles = "、".join(f"「{row.need.title}」" for row in rows[:DIGEST_TITLES])
        more = f"等 {len(rows)} 项" if len(rows) > DIGEST_TITLES else ""
        text = (
            f"{partner.name}：近 7 天新开的需求中，{titles}{more}是您的资源可以承接的，"
            "欢迎到「可认领的需求」查看认领"
        )
        made = notify_once(
            recipient_ids=recipients,
            kind=Notification.Kind.OPPORTUNITIES,
            text=text,
            key=f"opportunities:{partner.code}:{year}W{week:02d}",
        )
        told_today.update(recipients)
        created += made
    return created
