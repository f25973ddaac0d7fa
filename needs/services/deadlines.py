"""限时办结 and 首问负责: keeping the promised times, the district's policy, handing a
need or request over, and telling the street when a promise is broken."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.errors import InvalidInputError, NotFoundError, has_perm, require
from needs.deadlines import stamp, validate_rules
from needs.models import (
    DeadlinePolicy,
    Handover,
    Need,
    Notification,
    Project,
    ResidentRequest,
)
from needs.selectors import overdue_needs, overdue_requests
from needs.services.notifications import notification_send
from partners.models import Community, Role
from partners.selectors import community_subtree_ids, scope_of
from partners.services import Actor

# A claim is answered within at most this many working days.
MAX_CLAIM_DAYS = 30

Item = Need | ResidentRequest


def _administers(user: Any, community: Community) -> bool:
    return has_perm(user, "partners.administer_community", community)


def take_first_responsibility(item: Item, actor: Actor | None) -> bool:
    """首问负责: the first administrator who acts on ``item`` becomes responsible for
    it (not saved). True when that changed it."""
    if item.responsible_id is not None or actor is None:
        return False
    user_id = scope_of(actor).user_id
    if user_id is None or not _administers(actor, item.community):
        return False
    item.responsible_id = user_id
    return True


def promise_keep(need: Need, *, actor: Actor | None = None) -> None:
    """After a need's projects changed: it is answered once work is handed to a
    partner, completed once done (and reopened when it is no longer); the actor takes
    the responsibility if nobody holds it. Its request, if any, follows."""
    fields = promise_fields(need, actor=actor, now=timezone.now())
    if fields:
        need.save(update_fields=fields)
    if "completed_at" in fields and need.request_id is not None:
        ResidentRequest.objects.filter(pk=need.request_id).update(completed_at=need.completed_at)


def promise_fields(need: Need, *, actor: Actor | None, now: dt.datetime) -> list[str]:
    """What :func:`promise_keep` sets on ``need`` (not saved): the fields changed."""
    fields: list[str] = []
    handed = need.status in (Need.Status.MATCHED, Need.Status.IN_PROGRESS, Need.Status.DONE)
    if handed and need.responded_at is None:
        need.responded_at = now
        fields.append("responded_at")
    done = need.status == Need.Status.DONE
    if done and need.completed_at is None:
        need.completed_at = now
        fields.append("completed_at")
    elif not done and need.completed_at is not None:
        need.completed_at = None
        fields.append("completed_at")
    if take_first_responsibility(need, actor):
        fields.append("responsible")
    return fields


def request_answered(request: ResidentRequest, *, actor: Actor, finished: bool) -> list[str]:
    """A request is answered (turned into a need, or declined); declining finishes it.
    Sets the fields (not saved) and answers which."""
    now = timezone.now()
    request.responded_at = now
    fields = ["responded_at"]
    if finished:
        request.completed_at = now
        fields.append("completed_at")
    if take_first_responsibility(request, actor):
        fields.append("responsible")
    return fields


# --- The district's policy ----------------------------------------------------------------


@transaction.atomic
def deadline_policy_set(
    *,
    actor: Actor,
    district: Community,
    rules: object,
    apply_to_open: bool = False,
    claim_answer_days: object = None,
    wishes_confirm_on_claim: bool | None = None,
) -> tuple[DeadlinePolicy, int]:
    """Replace ``district``'s rules (validated: ``InvalidInputError`` naming
    ``rules[i].field``). New needs and requests take them from now on; deadlines already
    promised stay as they were, unless ``apply_to_open``: then the open needs and
    requests of the district are counted again from their arrival. The change says
    which in ``change_note``. Answers the policy and how many deadlines were recounted.
    Only the district's administrators may (``NotAllowedError``).

    认领 terms go with the policy: ``claim_answer_days`` (working days, 1 to 30, for the
    community to answer a partner's claim) and ``wishes_confirm_on_claim`` (a small
    wish is confirmed as it is claimed); None keeps what the district had. Claims
    already made keep the time they were promised."""
    require(
        district.level == Community.Level.DISTRICT
        and _administers(actor, district)
        and (scope_of(actor).everything or _holds_district(actor, district)),
        "只有区管理员可以修改办结时限 / only the district's administrators may",
        "district",
    )
    clean = validate_rules(rules)
    if claim_answer_days is not None and (
        isinstance(claim_answer_days, bool)
        or not isinstance(claim_answer_days, int)
        or not 1 <= claim_answer_days <= MAX_CLAIM_DAYS
    ):
        raise InvalidInputError(
            f"claim_answer_days: 应为 1 到 {MAX_CLAIM_DAYS} 的整数（工作日）/ "
            f"whole working days 1 to {MAX_CLAIM_DAYS}",
            fields={"claim_answer_days": [f"1 to {MAX_CLAIM_DAYS}"]},
        )
    policy, created = DeadlinePolicy.objects.select_for_update().get_or_create(
        district=district, defaults={"rules": clean}
    )
    if not created:
        policy.version += 1
    policy.rules = clean
    if claim_answer_days is not None:
        policy.claim_answer_days = claim_answer_days
    if wishes_confirm_on_claim is not None:
        policy.wishes_confirm_on_claim = wishes_confirm_on_claim
    policy.changed_by_id = scope_of(actor).user_id
    policy.changed_at = timezone.now()
    recounted = _recount_open(district) if apply_to_open else 0
    when = timezone.localtime(policy.changed_at).strftime("%Y-%m-%d %H:%M")
    policy.change_note = f"第 {policy.version} 版：{when} 起提交的需求和点单适用；" + (
        f"已按新规则重算 {recounted} 项未办结事项的时限"
        if apply_to_open
        else "此前已有的事项保留原时限"
    )
    policy.save()
    if apply_to_open:
        _restamp_versions(district, policy.version)
    return policy, recounted


def _holds_district(actor: Actor, district: Community) -> bool:
    user_id = scope_of(actor).user_id
    return user_id is not None and (
        Role.objects.filter(
            user_id=user_id, kind=Role.Kind.DISTRICT_ADMIN, community=district
        ).exists()
    )


def _open_items(district: Community) -> tuple[Any, Any]:
    places = community_subtree_ids([district.pk])
    needs = Need.objects.filter(community_id__in=places).exclude(
        status__in=(Need.Status.DONE, Need.Status.CANCELLED, Need.Status.DRAFT)
    )
    requests = ResidentRequest.objects.filter(
        community_id__in=places, status=ResidentRequest.Status.OPEN
    )
    return needs, requests


def _recount_open(district: Community) -> int:
    needs, requests = _open_items(district)
    count = 0
    for item in [*needs.select_related("community"), *requests.select_related("community")]:
        stamp(item, start=item.created_at)
        item.save(update_fields=["respond_by", "complete_by", "policy_version"])
        count += 1
    return count


def _restamp_versions(district: Community, version: int) -> None:
    needs, requests = _open_items(district)
    needs.update(policy_version=version)
    requests.update(policy_version=version)


# --- 首问负责: handing over ---------------------------------------------------------------


@transaction.atomic
def responsibility_hand_over(*, actor: Actor, item: Item, to: str, note: str = "") -> Handover:
    """Hand ``item`` to the administrator ``to`` (a username) of its community, with a
    note kept on its record. Its responsible person or any administrator over its
    community may; the new person must administer the community too."""
    require(
        _administers(actor, item.community),
        "只有社区可以移交 / only the community's administrators may hand over",
    )
    person = get_user_model().objects.filter(username=to).first()
    if person is None:
        raise NotFoundError(f"to: 没有用户 {to!r} / no such user", fields={"to": ["no such user"]})
    if not _administers(person, item.community):
        raise InvalidInputError(
            f"to: {to} 不是该社区的工作人员 / {to} does not administer the community",
            fields={"to": ["not an administrator of the community"]},
        )
    handover = Handover.objects.create(
        need=item if isinstance(item, Need) else None,
        request=item if isinstance(item, ResidentRequest) else None,
        from_user_id=item.responsible_id,
        to_user=person,
        note=note.strip()[:500],
    )
    item.responsible = person
    item.save(update_fields=["responsible"])
    return handover


# --- Escalation ---------------------------------------------------------------------------


def _street_admin_ids(community: Community) -> list[int]:
    place: Community | None = community
    while place is not None and place.level != Community.Level.STREET:
        place = place.parent
    if place is None:
        return []
    return list(
        Role.objects.filter(kind=Role.Kind.STREET_ADMIN, community=place)
        .values_list("user_id", flat=True)
        .distinct()
    )


def overdue_escalate(*, now: dt.datetime | None = None) -> int:
    """Tell the street administrators above each overdue need or request, once per item
    and promise (answer, finish); the item records when it was first escalated. A
    partner's claim left unanswered past its time is reported the same way, once.
    Answers how many notices were sent."""
    moment = now or timezone.now()
    sent = 0
    for kind, rows in (
        ("need", overdue_needs(Need.objects.all(), now=moment)),
        ("request", overdue_requests(ResidentRequest.objects.all(), now=moment)),
    ):
        for item in rows.select_related("community"):
            late_answer = (
                item.responded_at is None
                and item.respond_by is not None
                and (item.respond_by < moment)
            )
            stage = "respond" if late_answer else "complete"
            if isinstance(item, Need):
                what = f"需求「{item.title}」"
                late = "超过响应时限仍未派单"
            else:
                what = f"居民点单「{item.text[:20]}」"
                late = "超过响应时限仍未答复"
            words = late if late_answer else "超过办结时限仍未办结"
            notices = notification_send(
                recipient_ids=_street_admin_ids(item.community),
                kind=Notification.Kind.OVERDUE,
                text=f"{item.community.name}的{what}{words}",
                request=item if isinstance(item, ResidentRequest) else None,
                key=f"overdue:{kind}:{item.pk}:{stage}",
            )
            sent += len(notices)
            if notices and item.escalated_at is None:
                item.escalated_at = moment
                item.save(update_fields=["escalated_at"])
    # 认领: a partner's claim the community has not answered in the promised time.
    late_claims = Project.objects.filter(
        status=Project.Status.CLAIMED, answer_by__lt=moment
    ).select_related("need__community", "offering__partner")
    for claim in late_claims:
        notices = notification_send(
            recipient_ids=_street_admin_ids(claim.need.community),
            kind=Notification.Kind.OVERDUE,
            text=(
                f"{claim.need.community.name}的需求「{claim.need.title}」有"
                f"{claim.offering.partner.name}的认领，超过确认时限仍未答复"
            ),
            project=claim,
            key=f"overdue:claim:{claim.pk}",
        )
        sent += len(notices)
    return sent
