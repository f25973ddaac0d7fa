"""Writes of the matching: the nightly round. Recording what changed for the index is
``changes.log.record_change``, called by every writer inside its own transaction; each
process's index applies the change on its next read, so pages and the API rank live.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from changes.log import CHANGES_KEPT, record_change
from changes.models import IndexChange
from core.errors import ConflictError, has_perm, require
from matching.facts import need_facts
from matching.index import current_index
from needs import services as needs_services
from needs.models import Need, Project
from partners.models import Offering
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
    """认领: a member of ``offering``'s partner claims ``need``. The offering must pass
    the ranking's hard rules for the need (verified partner, validity, delivery mode,
    area), as the partner's opportunities list it; then ``needs.services.claim_record``
    holds the units under lock and tells the community."""
    require(
        has_perm(actor, "needs.claim_need", offering),
        "只有合伙人的成员可以用它的资源认领 / only the partner's members claim with it",
        "offering",
    )
    broken = current_index().hard_rules_broken(
        need_facts(need), offering.code, today=timezone.localdate()
    )
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
