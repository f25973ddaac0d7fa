"""Projects and their lifecycle (派单 → 接单 → 评单): creating a pairing, each step of
the table in ``needs.lifecycle``, capacity held under lock, the need's status following.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NoReturn

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from changes.log import record_change
from core.errors import ConflictError, DomainError, InvalidInputError, has_perm, require
from core.i18n import chinese
from core.problems import (
    UNSTORABLE_MESSAGE,
    Problems,
    reason_text,
)
from core.validators import MAX_COUNT, UNSTORABLE
from matching.engine.quarters import Quarter
from needs.lifecycle import (
    CREATE_STATUSES,
    S,
    Side,
    resident_of,
    transition_for,
)
from needs.models import (
    Evaluation,
    Need,
    Notification,
    Project,
    ProjectEvent,
    ResidentRequest,
    ServicePhoto,
    ServiceRecord,
)
from needs.selectors import any_project_to_dispatch
from needs.services.deadlines import promise_fields, promise_keep
from needs.services.notifications import (
    notification_send,
    notifications_settle,
    proposed_notices_settle,
)
from needs.signals import project_outcome
from partners.models import Community, Offering, Partner, Role
from partners.selectors import scope_of
from partners.services import (
    Actor,
)

# Projects dispatched in one go, at most.
MAX_BATCH = 200

# --- Projects: the lifecycle (派单 → 接单 → 评单) ----------------------------------------


def default_quarter(need: Need, today: dt.date | None = None) -> Quarter:
    """The quarter a project for ``need`` uses when none is given: today's, kept inside
    the need's window (the window's first quarter if it starts later, its last if it
    is over)."""
    day = today or timezone.localdate()
    return Quarter.of(min(max(day, need.window_start), need.window_end))


def _lock_offering(offering_id: int) -> Offering:
    """The offering's row, locked until the transaction ends, so that capacity checks on
    it run one at a time. The lock is FOR NO KEY UPDATE (on PostgreSQL): it does not
    stop other transactions from committing rows that refer to the offering (their
    foreign-key check takes a key-share lock at commit). A full FOR UPDATE did: a
    proposal for the offering, holding the change log's row, waited at commit for a
    dispatch holding the offering, which waited for the change log: a deadlock, and a
    500 on one of them, under the load test."""
    return Offering.objects.select_for_update(no_key=True).get(pk=offering_id)


def _units_used(offering_id: int, quarter: str, *, excluding: int | None = None) -> int:
    rows = Project.objects.filter(
        offering_id=offering_id, quarter=quarter, status__in=Project.USES_CAPACITY
    )
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return int(rows.aggregate(units=Sum("quantity"))["units"] or 0)


def _check_capacity(
    offering: Offering, quarter: str, quantity: int, *, project: int | None
) -> None:
    # The caller holds the offering's row lock, so no one else counts at the same time.
    left = offering.capacity - _units_used(offering.pk, quarter, excluding=project)
    if quantity > left:
        raise ConflictError(
            f"本季度名额已满：{offering.title} 在 {quarter} 还剩 {max(left, 0)} 个名额，"
            f"需要 {quantity} / capacity for {quarter} is used up "
            f"({max(left, 0)} left, {quantity} needed)",
            fields={"quantity": [f"{max(left, 0)} left in {quarter}"]},
        )


def need_status_from_projects(statuses: Iterable[str]) -> str:
    """What a need's status is, given the states of its projects: done when every
    handed-over project is delivered, in progress once any is being served, matched
    while work is dispatched or accepted, open otherwise."""
    live = [s for s in statuses if s not in (S.DECLINED, S.CANCELLED, S.PROPOSED, S.CLAIMED)]
    finished = (S.DELIVERED, S.EVALUATED)
    if live and all(s in finished for s in live):
        return Need.Status.DONE
    if any(s in (S.IN_PROGRESS, *finished) for s in live):
        return Need.Status.IN_PROGRESS
    if live:
        return Need.Status.MATCHED
    return Need.Status.OPEN


def _sync_need_status(need: Need, actor: Actor | None = None) -> None:
    # Draft and cancelled needs are the community's own decision; leave them be.
    if need.status in (Need.Status.DRAFT, Need.Status.CANCELLED):
        return
    status = need_status_from_projects(need.projects.values_list("status", flat=True))
    if status != need.status:
        need.status = status
        need.save(update_fields=["status", "updated_at"])
    promise_keep(need, actor=actor)


def _record(project: Project, *, action: str, before: str, actor: Actor, note: str = "") -> None:
    ProjectEvent.objects.create(
        project=project,
        action=action,
        from_status=before,
        to_status=project.status,
        actor_id=scope_of(actor).user_id,
        note=note,
    )


def _partner_member_ids(partner_id: int) -> list[int]:
    return list(
        Role.objects.filter(kind=Role.Kind.PARTNER_MEMBER, partner_id=partner_id)
        .values_list("user_id", flat=True)
        .distinct()
    )


def _community_admin_ids(community: Community) -> list[int]:
    """Secretaries of the need's community (of the community above, for a station)."""
    places = [community.pk]
    if community.level == Community.Level.STATION and community.parent_id is not None:
        places.append(community.parent_id)
    return list(
        Role.objects.filter(kind=Role.Kind.SECRETARY, community_id__in=places)
        .values_list("user_id", flat=True)
        .distinct()
    )


def _notify(project: Project, kind: str) -> None:
    need, offering = project.need, project.offering
    if kind == Notification.Kind.DISPATCHED:
        recipients = _partner_member_ids(offering.partner_id)
        text = (
            f"新派单：{need.community.name}「{need.title}」"
            f"请{offering.title}服务 {project.quantity} 次"
        )
    elif kind == Notification.Kind.ACCEPTED:
        recipients = _community_admin_ids(need.community)
        text = f"{offering.partner.name} 已接单：「{need.title}」"
    elif kind == Notification.Kind.CLAIM_CONFIRMED:
        recipients = _partner_member_ids(offering.partner_id)
        text = (
            f"认领已确认：{need.community.name}「{need.title}」"
            f"由{offering.title}服务 {project.quantity} 次"
        )
    elif kind == Notification.Kind.CLAIM_DECLINED:
        recipients = _partner_member_ids(offering.partner_id)
        text = f"{need.community.name}未确认您对「{need.title}」的认领"
    elif kind == Notification.Kind.CLAIMED:
        recipients = _community_admin_ids(need.community)
        text = f"{offering.partner.name} 认领了「{need.title}」（{offering.title}），请确认"
    elif kind == Notification.Kind.DELIVERED:
        # The community and the resident served are asked to rate it (评单).
        resident = resident_of(need)
        recipients = _community_admin_ids(need.community) + ([resident] if resident else [])
        text = f"{offering.partner.name} 已完成「{need.title}」的服务，请评价"
    else:
        recipients = _community_admin_ids(need.community)
        text = f"{offering.partner.name} 婉拒了「{need.title}」"
    notification_send(recipient_ids=recipients, kind=kind, text=text, project=project)


def _settle(project: Project, action: str, actor: Actor) -> None:
    """The badge counts what still waits: the notices this step answers are read (a
    dispatch once accepted or declined, for all the partner's members; a delivery once
    rated, for the side that rated); a secretary with no proposed work left has her
    notices of proposed work read."""
    user_id = scope_of(actor).user_id
    if action in ("accept", "decline", "confirm", "refuse", "withdraw"):
        notifications_settle(project_id=project.pk, action=action)
    elif action == "evaluate":
        resident = resident_of(project.need)
        rated_by = (
            [resident]
            if resident is not None and resident == user_id
            else _community_admin_ids(project.need.community)
        )
        notifications_settle(project_id=project.pk, action=action, recipient_ids=rated_by)
    elif action == "dispatch" and user_id is not None and not any_project_to_dispatch(actor):
        proposed_notices_settle(user_id=user_id)


def _locked(project: Project, *, lock_offering: bool) -> Project:
    # Offering first, then project, on every path: one lock order, no deadlocks.
    if lock_offering:
        _lock_offering(project.offering_id)
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("need", "need__community", "need__request", "offering__partner")
        .get(pk=project.pk)
    )


def _move(
    *,
    actor: Actor,
    project: Project,
    action: str,
    note: str = "",
    outcome: str | None = None,
    rating: int | None = None,
    notify: bool = True,
) -> Project:
    """Apply one row of :data:`TRANSITIONS` to ``project`` (locked), record it on the
    timeline, let the need's status follow and tell the other side; with ``learn`` (a
    :data:`needs.signals.project_outcome`), the layers above learn from the fit.
    The caller's ``project`` object is updated too."""
    uses_capacity = action in ("dispatch", "accept", "confirm")
    locked = _locked(project, lock_offering=uses_capacity)
    row = transition_for(actor, locked, action)
    if uses_capacity:
        _check_capacity(locked.offering, locked.quarter, locked.quantity, project=locked.pk)
    before = locked.status
    if row.target is not None:
        locked.status = row.target
        fields = ["status", "updated_at"]
        if action == "dispatch":
            locked.dispatch_note = note
            locked.dispatched_by_id = scope_of(actor).user_id
            fields += ["dispatch_note", "dispatched_by"]
        locked.save(update_fields=fields)
    _record(locked, action=action, before=before, actor=actor, note=note)
    _sync_need_status(locked.need, actor)
    learned = outcome is not None and any(
        answer is True
        for _, answer in project_outcome.send(
            sender=Project, project=locked, outcome=outcome, actor_id=actor.pk, rating=rating
        )
    )
    record_change(
        capacity=[locked.offering.code], partners=[locked.offering.partner.code], examples=learned
    )
    told = {
        "dispatch": "dispatched",
        "accept": "accepted",
        "decline": "declined",
        "confirm": Notification.Kind.CLAIM_CONFIRMED,
        "refuse": Notification.Kind.CLAIM_DECLINED,
    }
    if notify and (action in told or action == "deliver"):
        _notify(locked, told.get(action, Notification.Kind.DELIVERED))
    if notify:  # a batch settles once, at its end
        _settle(locked, action, actor)
    project.status = locked.status
    return locked


@transaction.atomic
def project_create(
    *,
    actor: Actor,
    need: Need,
    offering: Offering,
    quantity: int,
    status: str = "proposed",
    quarter: Quarter | None = None,
) -> Project:
    """Pair ``need`` with ``offering`` for ``quantity`` units of ``quarter``'s capacity
    (default :func:`default_quarter`).

    Only administrators over the need's community create projects. ``status`` is
    ``proposed`` (to dispatch later), ``dispatched`` (the partner is told at once) or
    ``accepted`` (the partner took the need at a liaison meeting; recorded by the
    community). The need must not be a draft or cancelled, the offering's partner must
    be verified, and a need and offering have at most one live pairing.

    Locks the offering row (``SELECT … FOR UPDATE``) when dispatching or accepting, then
    checks its capacity left for the quarter: ``ConflictError`` if ``quantity`` does not
    fit. Concurrent callers on the same offering therefore never overbook it.
    """
    require(
        has_perm(actor, "needs.create_project", need),
        "只有社区可以派单 / only the need's community creates projects",
        "need",
    )
    problems = Problems()
    if status not in CREATE_STATUSES:
        problems.add("status", f"expected one of {', '.join(CREATE_STATUSES)}, got {status!r}")
    if (problem := _quantity_problem(quantity)) is not None:
        problems.add("quantity", problem)
    problems.raise_if_any()
    _refuse_unpairable(need, offering)
    quarter = quarter or default_quarter(need)
    if status != S.PROPOSED:
        offering = _lock_offering(offering.pk)
        _check_capacity(offering, str(quarter), quantity, project=None)
    if Project.objects.filter(need=need, offering=offering, status__in=Project.LIVE).exists():
        _refuse_paired()
    project = Project.objects.create(
        need=need,
        offering=offering,
        quantity=quantity,
        quarter=str(quarter),
        status=status,
        created_by_id=scope_of(actor).user_id,
    )
    _record(project, action="create", before="", actor=actor)
    _sync_need_status(need, actor)
    record_change(capacity=[offering.code], partners=[offering.partner.code])
    if status != S.PROPOSED:
        # Work taken at a meeting is announced to the partner's members like a dispatch.
        _notify(project, Notification.Kind.DISPATCHED)
    return project


def _quantity_problem(quantity: object) -> str | None:
    """What is wrong with a project's ``quantity``, if anything."""
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        return "must be a whole number, 1 or more"
    if quantity > MAX_COUNT:
        return f"must be at most {MAX_COUNT}"
    return None


def _refuse_unpairable(need: Need, offering: Offering, label: str = "") -> None:
    """``ConflictError`` when ``need`` (a draft or cancelled) or ``offering`` (its partner
    not verified) cannot be paired; ``label`` names the pair in a batch."""
    at = f": {label}" if label else ""
    if need.status in (Need.Status.DRAFT, Need.Status.CANCELLED):
        raise ConflictError(
            f"需求{chinese(Need.Status(need.status).label)}，不能派单 / the need is "
            f"{need.status}{at}",
            fields={"need": [f"need is {need.status}"]},
        )
    if offering.partner.status != Partner.Status.VERIFIED:
        raise ConflictError(
            f"合伙人尚未通过审核 / the offering's partner is not verified{at}",
            fields={"offering": ["partner not verified"]},
        )


def _refuse_paired(label: str = "") -> NoReturn:
    """``ConflictError``: the need and offering already have a live pairing."""
    at = f": {label}" if label else ""
    raise ConflictError(
        f"这项需求已与该资源对接 / this need and offering are already paired{at}",
        fields={"offering": ["already paired with this need"]},
    )


@transaction.atomic
def projects_propose(
    *,
    actor: Actor,
    pairs: Sequence[tuple[Need, Offering, int]],
    quarter: Quarter,
) -> list[Project]:
    """Many proposed projects of ``quarter`` at once (an accepted allocation plan): each
    as :func:`project_create` with status ``proposed`` would make it (the rule, the
    need's and partner's state, one live pairing per need and offering; the event; the
    first administrator to act takes the responsibility), all of them or, on the first
    refusal, none; the error names the pair at fault. Written in bulk: a fixed number
    of queries whatever the number of pairs, and one entry in the matching index's
    change log. Proposals hold no capacity, so none is checked (dispatching does)."""
    problems = Problems()
    for k, (need, offering, quantity) in enumerate(pairs):
        if (problem := _quantity_problem(quantity)) is not None:
            problems.add(f"pairs[{k}] {need.code}/{offering.code}", f"quantity {problem}")
    problems.raise_if_any()
    seen: set[tuple[int, int]] = set()
    for need, offering, _ in pairs:
        label = f"{need.code} / {offering.code}"
        require(
            has_perm(actor, "needs.create_project", need),
            f"只有社区可以派单 / only the need's community creates projects: {label}",
            "need",
        )
        _refuse_unpairable(need, offering, label)
        if (need.pk, offering.pk) in seen:
            raise ConflictError(
                f"同一需求与资源重复出现 / the same need and offering twice: {label}",
                fields={"offering": [f"{need.code}/{offering.code} twice"]},
            )
        seen.add((need.pk, offering.pk))
    live = set(
        Project.objects.filter(
            need_id__in={need.pk for need, _, _ in pairs},
            offering_id__in={offering.pk for _, offering, _ in pairs},
            status__in=Project.LIVE,
        ).values_list("need_id", "offering_id")
    )
    for need, offering, _ in pairs:
        if (need.pk, offering.pk) in live:
            _refuse_paired(f"{need.code} / {offering.code}")
    user_id = scope_of(actor).user_id
    projects = Project.objects.bulk_create(
        Project(
            need=need,
            offering=offering,
            quantity=quantity,
            quarter=str(quarter),
            status=S.PROPOSED,
            created_by_id=user_id,
        )
        for need, offering, quantity in pairs
    )
    ProjectEvent.objects.bulk_create(
        ProjectEvent(
            project=project, action="create", from_status="", to_status=S.PROPOSED, actor_id=user_id
        )
        for project in projects
    )
    # A proposal changes no need's status (see need_status_from_projects); the first
    # administrator to act on a need takes the responsibility for it.
    now = timezone.now()
    changed: dict[tuple[str, ...], list[Need]] = {}
    for need in {need.pk: need for need, _, _ in pairs}.values():
        promised = promise_fields(need, actor=actor, now=now)
        if promised:
            changed.setdefault(tuple(promised), []).append(need)
    for names, needs in changed.items():
        Need.objects.bulk_update(needs, names)
        if "completed_at" in names:
            for need in needs:
                if need.request_id is not None:
                    ResidentRequest.objects.filter(pk=need.request_id).update(
                        completed_at=need.completed_at
                    )
    record_change(
        capacity=sorted({offering.code for _, offering, _ in pairs}),
        partners=sorted({offering.partner.code for _, offering, _ in pairs}),
    )
    return projects


@transaction.atomic
def project_dispatch(*, actor: Actor, project: Project, note: str = "") -> Project:
    """派单: the need's community hands a proposed project to the partner, whose members
    are notified; ``note`` (what the partner should know) goes with it. Locks the
    offering row, then refuses with ``ConflictError`` when the offering has no capacity
    left for the quantity in the project's quarter."""
    return _move(actor=actor, project=project, action="dispatch", note=_dispatch_note(note))


def _dispatch_note(note: str) -> str:
    text = (note or "").strip()
    if len(text) > 500:
        raise InvalidInputError(
            "note: 派单说明最多 500 字 / at most 500 characters", fields={"note": ["too long"]}
        )
    return text


@transaction.atomic
def projects_dispatch(
    *, actor: Actor, projects: Sequence[Project], note: str = ""
) -> list[Project]:
    """派单 for several proposed projects at once: each as :func:`project_dispatch` (rule,
    capacity under the offering's lock), all of them or, on the first refusal, none;
    the error names the project at fault. Each partner concerned gets one notice for
    its share of the batch, not one per project."""
    unique = list({p.pk: p for p in projects}.values())
    if not unique:
        raise InvalidInputError(
            "projects: 请至少选择一个项目 / choose at least one project",
            fields={"projects": ["choose at least one project"]},
        )
    if len(unique) > MAX_BATCH:
        raise InvalidInputError(
            f"projects: 一次最多派 {MAX_BATCH} 个项目 / at most {MAX_BATCH} projects at once",
            fields={"projects": [f"at most {MAX_BATCH}"]},
        )
    # One lock order (offering, then project) with every other path: no deadlocks.
    ordered = sorted(unique, key=lambda p: (p.offering_id, p.pk))
    moved = []
    for project in ordered:
        try:
            moved.append(
                _move(
                    actor=actor,
                    project=project,
                    action="dispatch",
                    note=_dispatch_note(note),
                    notify=False,
                )
            )
        except DomainError as exc:
            fields = {f"projects.{project.pk}": [str(exc)], **exc.fields}
            raise type(exc)(f"projects: 项目 {project.pk}：{exc}", fields=fields) from None
    by_partner: dict[int, list[Project]] = {}
    for project in moved:
        by_partner.setdefault(project.offering.partner_id, []).append(project)
    for partner_id, batch in by_partner.items():
        if len(batch) == 1:
            _notify(batch[0], Notification.Kind.DISPATCHED)
            continue
        places = "、".join(dict.fromkeys(p.need.community.name for p in batch))
        notification_send(
            recipient_ids=_partner_member_ids(partner_id),
            kind=Notification.Kind.DISPATCHED,
            text=f"新派单：{places} 派来 {len(batch)} 个项目，请在项目清单中接单",
        )
    user_id = scope_of(actor).user_id
    if user_id is not None and not any_project_to_dispatch(actor):
        proposed_notices_settle(user_id=user_id)
    return sorted(moved, key=lambda p: p.pk)


def proposed_work_notify(*, projects: Iterable[Project], key: str) -> None:
    """Tell the secretaries of the communities concerned that proposed projects wait for
    them to dispatch: one notice each, with the count of their communities' share
    (``key`` names the batch, so a retried batch tells no one twice)."""
    counts: dict[int, int] = {}
    for project in projects:
        for uid in _community_admin_ids(project.need.community):
            counts[uid] = counts.get(uid, 0) + 1
    by_count: dict[int, list[int]] = {}
    for uid, count in counts.items():
        by_count.setdefault(count, []).append(uid)
    for count, recipients in by_count.items():
        notification_send(
            recipient_ids=recipients,
            kind=Notification.Kind.PROPOSED,
            text=f"季度统筹方案已采纳：您的社区有 {count} 个拟对接项目待派单",
            key=key,
        )


@transaction.atomic
def project_accept(*, actor: Actor, project: Project) -> Project:
    """接单: a member of the offering's partner accepts dispatched work; the units now use
    the quarter's capacity. Locks the offering row (``SELECT … FOR UPDATE``) before
    counting, so concurrent accepts never exceed the capacity: the ones that do not fit
    get ``ConflictError`` ("本季度名额已满"). The community is notified."""
    return _move(actor=actor, project=project, action="accept", outcome="accepted")


@transaction.atomic
def project_decline(
    *, actor: Actor, project: Project, reason: str, not_our_kind: bool = False
) -> Project:
    """婉拒: the partner declines dispatched work with a reason; the community is told.
    With ``not_our_kind`` (the need is not the kind of service the offering gives), the
    need's district learns that such texts are not of the offering's category."""
    return _move(
        actor=actor,
        project=project,
        action="decline",
        note=reason_text(reason),
        outcome="declined" if not_our_kind else None,
    )


@transaction.atomic
def project_start(*, actor: Actor, project: Project) -> Project:
    """The partner starts serving accepted work; the need is in progress."""
    return _move(actor=actor, project=project, action="start")


@dataclass(frozen=True)
class ServiceData:
    """What a partner records when marking work delivered (服务记录)."""

    served_on: dt.date
    hours: Decimal
    people_served: int
    note: str = ""
    photos: Sequence[UploadedFile] = ()


# Photos a service record may hold, and the kinds accepted (read from the file's bytes).
MAX_PHOTOS = 6
PHOTO_KINDS = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def _photo_kind(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in PHOTO_KINDS.items() if head.startswith(magic)), None)


def _check_service(data: ServiceData) -> list[tuple[UploadedFile, str]]:
    problems = Problems()
    today = timezone.localdate()
    if data.served_on > today:
        problems.add("served_on", "服务日期不能晚于今天 / the service date is in the future")
    if not (Decimal("0") < data.hours <= Decimal("1000")):
        problems.add("hours", "服务时长应在 0 到 1000 小时之间 / hours must be 0 to 1000")
    if isinstance(data.people_served, bool) or not 0 < data.people_served <= MAX_COUNT:
        problems.add("people_served", f"服务人数应为 1 到 {MAX_COUNT} / 1 to {MAX_COUNT} people")
    if len(data.note) > 500:
        problems.add("note", "服务情况最多 500 字 / at most 500 characters")
    if len(data.photos) > MAX_PHOTOS:
        problems.add("photos", f"最多 {MAX_PHOTOS} 张照片 / at most {MAX_PHOTOS} photos")
    checked = []
    limit = settings.SERVICE_PHOTO_MAX_BYTES
    for i, photo in enumerate(data.photos[:MAX_PHOTOS]):
        where = f"photos.{i}"
        if photo.size is None or photo.size > limit:
            problems.add(
                where, f"{photo.name}：照片不能超过 {limit // (1024 * 1024)} MB / too large"
            )
            continue
        photo.seek(0)
        kind = _photo_kind(photo.read(12))
        photo.seek(0)
        if kind is None:
            problems.add(
                where, f"{photo.name}：只接受 JPEG、PNG、WebP 照片 / not a JPEG, PNG or WebP"
            )
            continue
        checked.append((photo, kind))
    problems.raise_if_any()
    return checked


@transaction.atomic
def project_deliver(
    *, actor: Actor, project: Project, record: ServiceData | None = None
) -> Project:
    """The partner marks the work delivered, recording what was done (``record``: date,
    hours, people served, a note and up to six photos, each a JPEG, PNG or WebP of at
    most ``SERVICE_PHOTO_MAX_BYTES``, checked by its bytes). A bad record refuses the
    whole step, naming the field (``photos.1``); nothing is kept half-done."""
    photos = _check_service(record) if record is not None else []
    moved = _move(actor=actor, project=project, action="deliver")
    if record is not None:
        saved = ServiceRecord.objects.create(
            project=moved,
            served_on=record.served_on,
            hours=record.hours,
            people_served=record.people_served,
            note=record.note.strip(),
            recorded_by_id=scope_of(actor).user_id,
        )
        for photo, kind in photos:
            ServicePhoto.objects.create(
                record=saved, image=photo, content_type=kind, size=photo.size or 0
            )
    return moved


@transaction.atomic
def project_evaluate(*, actor: Actor, project: Project, rating: int, comment: str = "") -> Project:
    """评单: a rating 1–5 and a comment. From the need's community it moves a delivered
    project to evaluated; the resident the need serves may add her own rating once the
    work is delivered (the state stays). Each side rates a project once."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidInputError(
            f"rating: 评分为 1 到 5 / expected a whole number 1 to 5, got {rating!r}",
            fields={"rating": ["expected 1 to 5"]},
        )
    comment = (comment or "").strip()
    if UNSTORABLE.search(comment):
        raise InvalidInputError(
            f"comment: {UNSTORABLE_MESSAGE}", fields={"comment": ["unstorable"]}
        )
    if len(comment) > 2000:
        raise InvalidInputError(
            "comment: at most 2000 characters", fields={"comment": ["too long"]}
        )
    locked = _locked(project, lock_offering=False)
    row = transition_for(actor, locked, "evaluate")
    by = Evaluation.By.COMMUNITY if row.side == Side.COMMUNITY else Evaluation.By.RESIDENT
    if Evaluation.objects.filter(project=locked, by=by).exists():
        raise ConflictError("已经评价过 / this project has already been rated by you")
    Evaluation.objects.create(
        project=locked, by=by, author_id=scope_of(actor).user_id, rating=rating, comment=comment
    )
    return _move(
        actor=actor,
        project=project,
        action="evaluate",
        note=f"{rating}★ {comment}".strip(),
        # A good rating says the pairing's category was right for the need's text.
        outcome="rated",
        rating=rating,
    )


@transaction.atomic
def project_cancel(*, actor: Actor, project: Project, reason: str) -> Project:
    """The need's community cancels a project before it is delivered, with a reason.
    Accepted units go back to the offering's capacity for the quarter."""
    return _move(actor=actor, project=project, action="cancel", note=reason_text(reason))
