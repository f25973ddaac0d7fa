"""认领: a partner claims an open need it can serve; the community confirms the claim
(accepted work) or declines it with a reason, within the time its district promises.

The claim is a project in the state ``claimed``: it holds its units of the offering's
capacity for the quarter until it is answered, so claims, dispatches and accepts
together never over-book an offering. Which offerings may claim a need at all (the
ranking's hard rules) is checked by ``matching.claims.need_claim``, the entry point the
API and the pages call.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from changes.log import record_change
from core.errors import ConflictError, has_perm, require
from core.i18n import chinese
from core.problems import UNSTORABLE_MESSAGE, Problems, reason_text
from core.validators import MAX_COUNT, UNSTORABLE
from core.workdays import add_workdays
from needs.deadlines import district_of
from needs.lifecycle import S
from needs.models import DeadlinePolicy, Need, Notification, Project, ProjectEvent
from needs.services.notifications import notification_send
from needs.services.projects import (
    _check_capacity,
    _community_admin_ids,
    _lock_offering,
    _move,
    _notify,
    _record,
    _sync_need_status,
    default_quarter,
)
from partners.models import Community, Offering, Partner
from partners.selectors import scope_of
from partners.services import Actor

CLAIM_NOTE_MAX = 500
# States in which a need's units are taken by a partner (handed over or confirmed).
TAKEN = (S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS, S.DELIVERED, S.EVALUATED)
TAKEN_BY_OTHERS = "已由其他合伙人承接 / another partner is serving this need"


def claim_terms(community: Community) -> tuple[int, bool]:
    """The district's terms for claims in ``community``: working days to answer one,
    and whether a small wish (微心愿) is confirmed as it is claimed."""
    district = district_of(community)
    policy = (
        DeadlinePolicy.objects.filter(district=district).first() if district is not None else None
    )
    if policy is None:
        return DeadlinePolicy._meta.get_field("claim_answer_days").default, False
    return policy.claim_answer_days, policy.wishes_confirm_on_claim


def units_taken(need: Need, *, excluding: int | None = None) -> int:
    rows = Project.objects.filter(need=need, status__in=TAKEN)
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return int(rows.aggregate(units=Sum("quantity"))["units"] or 0)


def _refuse_if_served(need: Need, quantity: int, *, project: int | None) -> None:
    taken = units_taken(need, excluding=project)
    if taken + quantity > need.quantity:
        raise ConflictError(
            f"这项需求已有合伙人承接（{taken}/{need.quantity}）/ {TAKEN_BY_OTHERS}",
            fields={"quantity": [f"{max(need.quantity - taken, 0)} of {need.quantity} left"]},
        )


@transaction.atomic
def claim_record(
    *, actor: Actor, need: Need, offering: Offering, quantity: int = 1, note: str = ""
) -> Project:
    """A member of ``offering``'s partner claims ``need`` for ``quantity`` units.

    Locks the offering's row, then the need's, so that concurrent claims never exceed
    the offering's capacity, a partner holds one live claim per need, and a small wish
    confirmed on claim goes to exactly one partner. The need's secretaries are told.
    ``ConflictError`` when the need is no longer open, already served, already claimed
    by the partner, or the offering has no units left."""
    require(
        has_perm(actor, "needs.claim_need", offering),
        "只有合伙人的成员可以用它的资源认领 / only the partner's members claim with it",
        "offering",
    )
    problems = Problems()
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        problems.add("quantity", "应为不小于 1 的整数 / a whole number, 1 or more")
    elif quantity > min(need.quantity, MAX_COUNT):
        problems.add(
            "quantity", f"不能超过需求的数量 {need.quantity} / at most the need's {need.quantity}"
        )
    if UNSTORABLE.search(note):
        problems.add("note", UNSTORABLE_MESSAGE)
    elif len(note) > CLAIM_NOTE_MAX:
        problems.add("note", f"不超过 {CLAIM_NOTE_MAX} 字 / at most {CLAIM_NOTE_MAX} characters")
    problems.raise_if_any()
    locked_offering = _lock_offering(offering.pk)
    locked = Need.objects.select_for_update().select_related("community").get(pk=need.pk)
    if locked_offering.partner.status != Partner.Status.VERIFIED:
        raise ConflictError(
            "合伙人尚未通过审核 / the offering's partner is not verified",
            fields={"offering": ["partner not verified"]},
        )
    if locked.status != Need.Status.OPEN:
        label = chinese(Need.Status(locked.status).label)
        raise ConflictError(
            f"需求{label}，不能认领 / the need is {locked.status}, not open",
            fields={"need": [f"need is {locked.status}"]},
        )
    if Project.objects.filter(
        need=locked, offering__partner_id=locked_offering.partner_id, status__in=Project.LIVE
    ).exists():
        raise ConflictError(
            "贵单位已认领或承接这项需求 / your partner already claimed or serves this need",
            fields={"need": ["already claimed by your partner"]},
        )
    _refuse_if_served(locked, quantity, project=None)
    quarter = str(default_quarter(locked))
    _check_capacity(locked_offering, quarter, quantity, project=None)
    days, wishes_on_claim = claim_terms(locked.community)
    now = timezone.now()
    project = Project.objects.create(
        need=locked,
        offering=locked_offering,
        quantity=quantity,
        quarter=quarter,
        status=S.CLAIMED,
        claim_note=note.strip(),
        answer_by=add_workdays(now, days),
        created_by_id=scope_of(actor).user_id,
    )
    _record(project, action="claim", before="", actor=actor, note=project.claim_note)
    # A small wish claimed whole.
    if wishes_on_claim and locked.is_small_wish and quantity == 1:
        project.status = S.ACCEPTED
        project.save(update_fields=["status", "updated_at"])
        # Confirmed by the district's rule, not by a person.
        ProjectEvent.objects.create(
            project=project,
            action="confirm",
            from_status=S.CLAIMED,
            to_status=S.ACCEPTED,
            actor=None,
            note="微心愿认领即确认（区里的规则）",
        )
        _sync_need_status(locked, actor)
        _notify(project, Notification.Kind.CLAIM_CONFIRMED)
        # The community is told, not asked: the district's rule has answered for it.
        notification_send(
            recipient_ids=_community_admin_ids(locked.community),
            kind=Notification.Kind.CLAIMED,
            text=(
                f"{locked_offering.partner.name} 认领了微心愿「{locked.title}」，已按区里的规则确认"
            ),
            project=project,
        )
    else:
        _notify(project, Notification.Kind.CLAIMED)
    record_change(capacity=[locked_offering.code], partners=[locked_offering.partner.code])
    return project


@transaction.atomic
def project_confirm(*, actor: Actor, project: Project) -> Project:
    """确认认领: the community takes a partner's claim; it becomes accepted work. Refused
    when the need's units are already taken by others; once they all are, the other
    claims on the need are declined and their partners told."""
    # Offering, then need, as a claim locks them: one lock order, no deadlocks.
    _lock_offering(project.offering_id)
    need = Need.objects.select_for_update().get(pk=project.need_id)
    locked = Project.objects.get(pk=project.pk)
    if locked.status == S.CLAIMED:
        _refuse_if_served(need, locked.quantity, project=locked.pk)
    moved = _move(actor=actor, project=project, action="confirm", outcome="accepted")
    if units_taken(need) >= need.quantity:
        others = Project.objects.filter(need=need, status=S.CLAIMED).exclude(pk=moved.pk)
        for other in others:
            _move(actor=actor, project=other, action="refuse", note=TAKEN_BY_OTHERS)
    return moved


@transaction.atomic
def project_refuse(*, actor: Actor, project: Project, reason: str) -> Project:
    """谢绝认领: the community declines a partner's claim with a reason; its units go back
    to the offering and the partner is told."""
    return _move(actor=actor, project=project, action="refuse", note=reason_text(reason))


@transaction.atomic
def project_withdraw(*, actor: Actor, project: Project) -> Project:
    """撤回认领: the partner withdraws its claim before the community answers."""
    return _move(actor=actor, project=project, action="withdraw")
