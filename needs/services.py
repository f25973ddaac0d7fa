"""Writes for needs and liaison meetings.

Keyword-only and typed like ``partners.services``; the ``can_*`` rules at the top are
the one place this app decides who may write. Validation failures raise
:class:`config.errors.InvalidInputError` naming the field at fault.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypedDict

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ProtectedError, Sum
from django.utils import timezone

from config.errors import ConflictError, InvalidInputError, has_perm, require
from config.i18n import chinese
from matching.engine.quarters import Quarter
from matching.learning import GOOD_RATING, reading_learn_from_project
from matching.models import ReadingExample
from matching.services import record_change
from needs.models import (
    Evaluation,
    LiaisonMeeting,
    MeetingAttendee,
    Need,
    Notification,
    Project,
    ProjectEvent,
    ResidentRequest,
)
from needs.selectors import meetings_visible_to
from partners.models import Community, ConsentRecord, DeliveryMode, Offering, Partner, Role
from partners.selectors import partners_visible_to, scope_of
from partners.services import (
    Actor,
    Problems,
    apply_standard_fields,
    can_administer,
    check_code_unchanged,
    check_consent,
    check_date,
    check_new_code,
    check_text_length,
    clean_tags,
    consent_record,
    find_community,
)
from partners.validators import MAX_COUNT, UNSTORABLE

# --- Who may write ------------------------------------------------------------------------
# The decisions behind ``needs/rules.py``; callers ask ``actor.has_perm("needs.…", obj)``.


def can_post_need(actor: Actor, community: Community) -> bool:
    """Administrators over the community, and residents who live there."""
    return can_administer(actor, community.pk) or community.pk in scope_of(actor).home_ids


def is_resident_poster(actor: Actor, community: Community) -> bool:
    """Posting as a resident (点单), not as the community's administrator."""
    return not can_administer(actor, community.pk) and community.pk in scope_of(actor).home_ids


def can_edit_need(actor: Actor, need: Need) -> bool:
    """Administrators over its community; the resident who posted it while it is open
    (once it is being matched, changing it would pull the ground from under a partner)."""
    if can_administer(actor, need.community_id):
        return True
    return need.created_by_id == scope_of(actor).user_id and need.created_by_id is not None


def can_delete_need(actor: Actor, need: Need) -> bool:
    """Only administrators remove needs; a resident asks them."""
    return can_administer(actor, need.community_id)


def can_manage_meeting(actor: Actor, community_id: int) -> bool:
    """Meetings are run by the administrators over the community holding them."""
    return can_administer(actor, community_id)


# --- Needs --------------------------------------------------------------------------------

# Statuses an administrator may set by hand; the others follow the projects' lifecycle.
SETTABLE_NEED_STATUSES = (Need.Status.DRAFT, Need.Status.OPEN, Need.Status.CANCELLED)


class NeedData(TypedDict, total=False):
    """Need fields as the interchange format names them; references are codes. The window
    arrives flattened as ``window_start`` / ``window_end``."""

    code: str
    community: str
    title: str
    description: str
    category: str | None
    tags: list[str]
    beneficiaries: list[str]
    quantity: int
    modes: list[str]
    window_start: dt.date
    window_end: dt.date
    preferred_slots: list[dict[str, Any]]
    priority: str
    source: str
    meeting: str | None
    status: str


_NEED_PLAIN: tuple[str, ...] = ("title", "description", "beneficiaries", "quantity", "modes")
_NEED_PLAIN += ("window_start", "window_end", "preferred_slots", "priority", "source", "status")


def _apply_need(problems: Problems, actor: Actor, need: Need, data: NeedData) -> None:
    for key in _NEED_PLAIN:
        if key in data:
            setattr(need, key, data[key])  # type: ignore[literal-required]
    apply_standard_fields(problems, need, data, slots="preferred_slots")
    if "meeting" in data:
        code = data["meeting"]
        # Resolved among the meetings the actor sees: others answer "unknown", never
        # "not yours", so codes outside one's scope do not leak.
        meeting = meetings_visible_to(actor).filter(code=code).first() if code else None
        if code and meeting is None:
            problems.add("meeting", f"unknown meeting code {code!r}")
        need.meeting = meeting
    if not need.title.strip():
        problems.add("title", "required")
    check_text_length(problems, "description", need.description)
    if need.quantity is None or need.quantity < 1:
        problems.add("quantity", "must be 1 or more")
    if need.priority not in Need.Priority.values:
        problems.add("priority", f"unknown priority {need.priority!r}")
    if need.source not in Need.Source.values:
        problems.add("source", f"unknown source {need.source!r}")
    if need.window_start is None:
        problems.add("window.start", "required")
    if need.window_end is None:
        problems.add("window.end", "required")
    check_date(problems, "window.start", need.window_start)
    check_date(problems, "window.end", need.window_end)
    if need.window_start and need.window_end and need.window_end < need.window_start:
        problems.add("window.end", "must not be before the start")


@transaction.atomic
def need_post(*, actor: Actor, data: NeedData) -> Need:
    """Post a need in a community or station.

    An administrator over the community may post with any source (``meeting`` when a
    meeting is named and no source given, else ``survey``) and status draft or open. A
    resident posts only in her home community: the need's source is ``resident`` and its
    status ``open`` whatever she sends, and her consent to the request notice is recorded
    (``ConsentRecord``). Either way ``created_by`` is the actor. Without
    ``modes`` every delivery mode is acceptable.
    """
    community = find_community(data.get("community"), levels=Community.NEED_LEVELS)
    require(
        has_perm(actor, "needs.post_need", community), "you may not post needs here", "community"
    )
    problems = Problems()
    code = check_new_code(problems, Need, data.get("code"), "N")
    tags = clean_tags(problems, data.get("tags", []))
    need = Need(code=code, community=community, created_by_id=actor.pk)
    if "modes" not in data:
        need.modes = list(DeliveryMode.objects.values_list("code", flat=True))
    _apply_need(problems, actor, need, data)
    if is_resident_poster(actor, community):
        need.source = Need.Source.RESIDENT
        need.status = Need.Status.OPEN
    else:
        if "source" not in data:
            need.source = Need.Source.MEETING if need.meeting else Need.Source.SURVEY
        if need.status not in (Need.Status.DRAFT, Need.Status.OPEN):
            problems.add("status", "a new need is draft or open")
    problems.raise_if_any()
    need.save()
    need.tags.set(tags)
    if need.category_id is not None and can_administer(actor, community.pk):
        _learn_category(actor, need)
    if need.source == Need.Source.RESIDENT and is_resident_poster(actor, community):
        consent_record(
            actor=actor, purpose=ConsentRecord.Purpose.RESIDENT_REQUEST, record=need.code
        )
    return need


@transaction.atomic
def need_update(*, actor: Actor, need: Need, data: NeedData) -> Need:
    """Change a need; keys absent from ``data`` keep their value.

    Administrators over its community may change anything but the code, and set the
    status to draft, open or cancelled (the other statuses follow its projects). The
    resident who posted it may change what she wrote while it is open, but not its
    community, source or status; once it is being matched she gets ``ConflictError``.
    """
    require(has_perm(actor, "needs.edit_need", need), "you may not change this need")
    administers = can_administer(actor, need.community_id)
    if not administers:
        if need.status != Need.Status.OPEN:
            raise ConflictError("this request is no longer open; ask the community")
        for key in ("source", "status"):
            if key in data and data[key] != getattr(need, key):
                require(False, f"only the community changes the {key}", key)
    problems = Problems()
    check_code_unchanged(problems, data, need.code)
    if "community" in data and data["community"] != need.community.code:
        community = find_community(data["community"], levels=Community.NEED_LEVELS)
        allowed = can_administer(actor, community.pk) if administers else False
        require(allowed, "you may not move this need there", "community")
        need.community = community
    status_changes = "status" in data and data["status"] != need.status
    if status_changes and data["status"] not in SETTABLE_NEED_STATUSES:
        problems.add("status", "set by its projects, not by hand")
    tags = clean_tags(problems, data["tags"]) if "tags" in data else None
    read_before = (need.category_id, need.title, need.description)
    _apply_need(problems, actor, need, data)
    problems.raise_if_any()
    need.save()
    if tags is not None:
        need.tags.set(tags)
    chosen = (need.category_id, need.title, need.description) != read_before
    if chosen and need.category_id is not None and administers:
        _learn_category(actor, need)
    return need


def _learn_category(actor: Actor, need: Need) -> None:
    """Once committed, the need's district learns from the category its administrator
    chose for its text (a worker reads the text; saving the need stays one write)."""
    from matching import tasks  # the tasks call services that import this module

    tasks.learn_from_category.delay_on_commit(need.pk, actor.pk)


@transaction.atomic
def need_delete(*, actor: Actor, need: Need) -> None:
    """Remove a need. Refused with ``ConflictError`` once a project serves it."""
    require(has_perm(actor, "needs.remove_need", need), "you may not remove this need")
    try:
        need.delete()
    except ProtectedError as exc:
        raise ConflictError("this need has projects; cancel it instead") from exc


# --- Meetings -----------------------------------------------------------------------------


class MeetingData(TypedDict, total=False):
    """Meeting fields as the interchange format names them; attendees are partner codes."""

    code: str
    community: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    place: str
    title: str
    attendees: list[str]
    status: str


def _apply_meeting(problems: Problems, meeting: LiaisonMeeting, data: MeetingData) -> None:
    """Date, time, place and status: the fields scheduling and rescheduling share."""
    check_date(problems, "date", meeting.date)
    for key in ("start_time", "end_time"):
        if key in data:
            setattr(meeting, key, data[key])
    if "place" in data:
        meeting.place = data["place"] or ""
        if len(meeting.place) > 200:
            problems.add("place", "at most 200 characters")
    if meeting.start_time and meeting.end_time and meeting.end_time < meeting.start_time:
        problems.add("end_time", "must not be before the start")
    if "status" in data and data["status"] != meeting.status:
        # Holding a meeting is recorded with its minutes (needs.meetings.meeting_close).
        if data["status"] not in (LiaisonMeeting.Status.SCHEDULED, LiaisonMeeting.Status.CANCELLED):
            problems.add(
                "status", "set to scheduled or cancelled; a meeting is held by its minutes"
            )
        else:
            meeting.status = data["status"]


def _resolve_attendees(problems: Problems, actor: Actor, codes: Any) -> list[Partner] | None:
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        problems.add("attendees", "expected a list of partner codes")
        return None
    found = {p.code: p for p in partners_visible_to(actor).filter(code__in=codes)}
    ok = True
    for i, code in enumerate(codes):
        if code not in found:
            problems.add(f"attendees[{i}]", f"unknown partner code {code!r}")
            ok = False
    if len(set(codes)) != len(codes):
        problems.add("attendees", "repeated partner")
        ok = False
    return [found[c] for c in codes] if ok else None


def _save_attendees(meeting: LiaisonMeeting, partners: list[Partner]) -> None:
    MeetingAttendee.objects.filter(meeting=meeting).delete()
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(meeting=meeting, partner=p, position=i) for i, p in enumerate(partners)
    )


@transaction.atomic
def meeting_schedule(*, actor: Actor, data: MeetingData) -> LiaisonMeeting:
    """Schedule a liaison meeting in a community of the actor's area: date, optional start
    and end time and place, and the invited partners in the order given (codes resolved
    among the partners the actor sees). Its agenda is drawn up by
    ``needs.meetings.agenda_generate``."""
    community = find_community(data.get("community"))
    require(
        has_perm(actor, "needs.hold_meeting", community),
        "you may not hold meetings here",
        "community",
    )
    problems = Problems()
    code = check_new_code(problems, LiaisonMeeting, data.get("code"), "M")
    meeting = LiaisonMeeting(code=code, community=community)
    meeting.title = data.get("title", "")
    if not meeting.title.strip():
        problems.add("title", "required")
    if data.get("date") is None:
        problems.add("date", "required")
    else:
        meeting.date = data["date"]
    _apply_meeting(problems, meeting, data)
    attendees = _resolve_attendees(problems, actor, data.get("attendees", []))
    problems.raise_if_any()
    meeting.save()
    _save_attendees(meeting, attendees or [])
    return meeting


@transaction.atomic
def meeting_update(*, actor: Actor, meeting: LiaisonMeeting, data: MeetingData) -> LiaisonMeeting:
    """Change a meeting; keys absent from ``data`` keep their value. ``attendees``, when
    given, replaces the list. The code never changes."""
    require(has_perm(actor, "needs.edit_meeting", meeting), "you may not change this meeting")
    problems = Problems()
    check_code_unchanged(problems, data, meeting.code)
    if "community" in data and data["community"] != meeting.community.code:
        community = find_community(data["community"])
        require(has_perm(actor, "needs.hold_meeting", community), "outside your area", "community")
        meeting.community = community
    if "title" in data:
        meeting.title = data["title"]
        if not meeting.title.strip():
            problems.add("title", "required")
    if "date" in data:
        meeting.date = data["date"]
    _apply_meeting(problems, meeting, data)
    attendees = (
        _resolve_attendees(problems, actor, data["attendees"]) if "attendees" in data else None
    )
    problems.raise_if_any()
    meeting.save()
    if attendees is not None:
        _save_attendees(meeting, attendees)
    return meeting


@transaction.atomic
def meeting_delete(*, actor: Actor, meeting: LiaisonMeeting) -> None:
    """Remove a meeting; needs raised at it stay, without the meeting."""
    require(has_perm(actor, "needs.remove_meeting", meeting), "you may not remove this meeting")
    meeting.delete()


# --- Projects: the lifecycle (派单 → 接单 → 评单) ----------------------------------------


class Side(StrEnum):
    """Who acts on a project, relative to it."""

    COMMUNITY = "community"  # administrators over the need's community
    PARTNER = "partner"  # members of the offering's partner
    RESIDENT = "resident"  # the resident whose request the need came from


@dataclass(frozen=True)
class Transition:
    """``side`` may ``action`` a project in one of ``sources``; it moves to ``target``
    (``None``: the state stays, as when a resident adds her rating)."""

    action: str
    side: Side
    sources: tuple[str, ...]
    target: str | None


S = Project.Status
# The one table of what may happen to a project, and who may do it.
TRANSITIONS: tuple[Transition, ...] = (
    Transition("dispatch", Side.COMMUNITY, (S.PROPOSED,), S.DISPATCHED),
    Transition("accept", Side.PARTNER, (S.DISPATCHED,), S.ACCEPTED),
    Transition("decline", Side.PARTNER, (S.DISPATCHED,), S.DECLINED),
    Transition("start", Side.PARTNER, (S.ACCEPTED,), S.IN_PROGRESS),
    Transition("deliver", Side.PARTNER, (S.IN_PROGRESS,), S.DELIVERED),
    Transition("evaluate", Side.COMMUNITY, (S.DELIVERED,), S.EVALUATED),
    Transition("evaluate", Side.RESIDENT, (S.DELIVERED, S.EVALUATED), None),
    Transition(
        "cancel", Side.COMMUNITY, (S.PROPOSED, S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS), S.CANCELLED
    ),
)
ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(t.action for t in TRANSITIONS))
# How a project may start life (``project_create``).
CREATE_STATUSES = (S.PROPOSED, S.DISPATCHED, S.ACCEPTED)

_ACTION_ZH = {
    "dispatch": "派单",
    "accept": "接单",
    "decline": "婉拒",
    "start": "开始服务",
    "deliver": "完成服务",
    "evaluate": "评价",
    "cancel": "取消",
}


def resident_of(need: Need) -> int | None:
    """The user id of the resident a need serves: the one its request was for, or the
    resident who posted it herself."""
    if need.request_id is not None and need.request is not None:
        return need.request.resident_id
    if need.source == Need.Source.RESIDENT:
        return need.created_by_id
    return None


def sides_of(actor: Actor, project: Project) -> tuple[Side, ...]:
    """The sides ``actor`` acts for on ``project``, community first. Superusers act for
    the community and the partner."""
    scope = scope_of(actor)
    sides: list[Side] = []
    if can_administer(actor, project.need.community_id):
        sides.append(Side.COMMUNITY)
    if scope.everything or project.offering.partner_id in scope.partner_ids:
        sides.append(Side.PARTNER)
    resident = resident_of(project.need)
    if resident is not None and resident == scope.user_id:
        sides.append(Side.RESIDENT)
    return tuple(sides)


def transition_for(actor: Actor, project: Project, action: str) -> Transition:
    """The row of :data:`TRANSITIONS` that lets ``actor`` ``action`` ``project`` now.

    Raises ``NotAllowedError`` when none of the actor's sides may ever do it, and
    ``ConflictError`` when they may, but not in the project's current state.
    """
    sides = sides_of(actor, project)
    rows = [t for side in sides for t in TRANSITIONS if t.action == action and t.side == side]
    zh = _ACTION_ZH.get(action, action)
    require(
        has_perm(actor, f"needs.{action}_project", project),
        f"你不能对这个项目{zh} / you may not {action} this project",
    )
    for row in rows:
        if project.status in row.sources:
            return row
    label = chinese(Project.Status(project.status).label)
    raise ConflictError(
        f"项目{label}，不能{zh} / cannot {action} a project that is {project.status}"
    )


def actions_open_to(actor: Actor, project: Project) -> list[str]:
    """The actions of :data:`TRANSITIONS` ``actor`` may take on ``project`` now (for the
    pages' buttons; the services still decide when the action is taken)."""
    sides = sides_of(actor, project)
    return [
        action
        for action in ACTIONS
        if any(
            t.action == action and t.side in sides and project.status in t.sources
            for t in TRANSITIONS
        )
    ]


def default_quarter(need: Need, today: dt.date | None = None) -> Quarter:
    """The quarter a project for ``need`` uses when none is given: today's, kept inside
    the need's window (the window's first quarter if it starts later, its last if it
    is over)."""
    day = today or timezone.localdate()
    return Quarter.of(min(max(day, need.window_start), need.window_end))


def _lock_offering(offering_id: int) -> Offering:
    return Offering.objects.select_for_update().get(pk=offering_id)


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
    live = [s for s in statuses if s not in (S.DECLINED, S.CANCELLED, S.PROPOSED)]
    finished = (S.DELIVERED, S.EVALUATED)
    if live and all(s in finished for s in live):
        return Need.Status.DONE
    if any(s in (S.IN_PROGRESS, *finished) for s in live):
        return Need.Status.IN_PROGRESS
    if live:
        return Need.Status.MATCHED
    return Need.Status.OPEN


def _sync_need_status(need: Need) -> None:
    # Draft and cancelled needs are the community's own decision; leave them be.
    if need.status in (Need.Status.DRAFT, Need.Status.CANCELLED):
        return
    status = need_status_from_projects(need.projects.values_list("status", flat=True))
    if status != need.status:
        need.status = status
        need.save(update_fields=["status", "updated_at"])


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
    elif kind == Notification.Kind.DELIVERED:
        # The community and the resident served are asked to rate it (评单).
        resident = resident_of(need)
        recipients = _community_admin_ids(need.community) + ([resident] if resident else [])
        text = f"{offering.partner.name} 已完成「{need.title}」的服务，请评价"
    else:
        recipients = _community_admin_ids(need.community)
        text = f"{offering.partner.name} 婉拒了「{need.title}」"
    notification_send(recipient_ids=recipients, kind=kind, text=text, project=project)


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
    *, actor: Actor, project: Project, action: str, note: str = "", learn: str | None = None
) -> Project:
    """Apply one row of :data:`TRANSITIONS` to ``project`` (locked), record it on the
    timeline, let the need's status follow and tell the other side; with ``learn`` (a
    :class:`~matching.models.ReadingExample` source), the need's district learns from it.
    The caller's ``project`` object is updated too."""
    uses_capacity = action in ("dispatch", "accept")
    locked = _locked(project, lock_offering=uses_capacity)
    row = transition_for(actor, locked, action)
    if uses_capacity:
        _check_capacity(locked.offering, locked.quarter, locked.quantity, project=locked.pk)
    before = locked.status
    if row.target is not None:
        locked.status = row.target
        locked.save(update_fields=["status", "updated_at"])
    _record(locked, action=action, before=before, actor=actor, note=note)
    _sync_need_status(locked.need)
    learned = learn is not None and (
        reading_learn_from_project(project=locked, source=learn, actor_id=actor.pk) is not None
    )
    record_change(
        capacity=[locked.offering.code], partners=[locked.offering.partner.code], examples=learned
    )
    told = {"dispatch": "dispatched", "accept": "accepted", "decline": "declined"}
    if action in told or action == "deliver":
        _notify(locked, told.get(action, Notification.Kind.DELIVERED))
    project.status = locked.status
    return locked


_UNSTORABLE_MESSAGE = "cannot hold NUL characters or lone surrogates"


def _reason(reason: str | None, field: str = "reason") -> str:
    text = (reason or "").strip()
    if UNSTORABLE.search(text):
        raise InvalidInputError(f"{field}: {_UNSTORABLE_MESSAGE}", fields={field: ["unstorable"]})
    if not text:
        raise InvalidInputError(
            f"{field}: 请说明原因 / a reason is required", fields={field: ["required"]}
        )
    if len(text) > 500:
        raise InvalidInputError(f"{field}: at most 500 characters", fields={field: ["too long"]})
    return text


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
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        problems.add("quantity", "must be a whole number, 1 or more")
    elif quantity > MAX_COUNT:
        problems.add("quantity", f"must be at most {MAX_COUNT}")
    problems.raise_if_any()
    if need.status in (Need.Status.DRAFT, Need.Status.CANCELLED):
        raise ConflictError(
            f"需求{chinese(Need.Status(need.status).label)}，不能派单 / the need is {need.status}",
            fields={"need": [f"need is {need.status}"]},
        )
    if offering.partner.status != Partner.Status.VERIFIED:
        raise ConflictError(
            "合伙人尚未通过审核 / the offering's partner is not verified",
            fields={"offering": ["partner not verified"]},
        )
    quarter = quarter or default_quarter(need)
    if status != S.PROPOSED:
        offering = _lock_offering(offering.pk)
        _check_capacity(offering, str(quarter), quantity, project=None)
    live = Project.objects.filter(need=need, offering=offering, status__in=Project.LIVE)
    if live.exists():
        raise ConflictError(
            "这项需求已与该资源对接 / this need and offering are already paired",
            fields={"offering": ["already paired with this need"]},
        )
    project = Project.objects.create(
        need=need,
        offering=offering,
        quantity=quantity,
        quarter=str(quarter),
        status=status,
        created_by_id=scope_of(actor).user_id,
    )
    _record(project, action="create", before="", actor=actor)
    _sync_need_status(need)
    record_change(capacity=[offering.code], partners=[offering.partner.code])
    if status != S.PROPOSED:
        # Work taken at a meeting is announced to the partner's members like a dispatch.
        _notify(project, Notification.Kind.DISPATCHED)
    return project


@transaction.atomic
def project_dispatch(*, actor: Actor, project: Project) -> Project:
    """派单: the need's community hands a proposed project to the partner, whose members
    are notified. Locks the offering row, then refuses with ``ConflictError`` when the
    offering has no capacity left for the quantity in the project's quarter."""
    return _move(actor=actor, project=project, action="dispatch")


@transaction.atomic
def project_accept(*, actor: Actor, project: Project) -> Project:
    """接单: a member of the offering's partner accepts dispatched work; the units now use
    the quarter's capacity. Locks the offering row (``SELECT … FOR UPDATE``) before
    counting, so concurrent accepts never exceed the capacity: the ones that do not fit
    get ``ConflictError`` ("本季度名额已满"). The community is notified."""
    return _move(
        actor=actor, project=project, action="accept", learn=ReadingExample.Source.ACCEPTED
    )


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
        note=_reason(reason),
        learn=ReadingExample.Source.DECLINED if not_our_kind else None,
    )


@transaction.atomic
def project_start(*, actor: Actor, project: Project) -> Project:
    """The partner starts serving accepted work; the need is in progress."""
    return _move(actor=actor, project=project, action="start")


@transaction.atomic
def project_deliver(*, actor: Actor, project: Project) -> Project:
    """The partner marks the work delivered."""
    return _move(actor=actor, project=project, action="deliver")


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
            f"comment: {_UNSTORABLE_MESSAGE}", fields={"comment": ["unstorable"]}
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
        learn=ReadingExample.Source.RATED if rating >= GOOD_RATING else None,
    )


@transaction.atomic
def project_cancel(*, actor: Actor, project: Project, reason: str) -> Project:
    """The need's community cancels a project before it is delivered, with a reason.
    Accepted units go back to the offering's capacity for the quarter."""
    return _move(actor=actor, project=project, action="cancel", note=_reason(reason))


# --- Notifications ------------------------------------------------------------------------


def notification_send(
    *,
    recipient_ids: Iterable[int],
    kind: str,
    text: str,
    project: Project | None = None,
    request: ResidentRequest | None = None,
) -> list[Notification]:
    """Create one in-app notification per recipient and, once the transaction commits,
    enqueue its email (``needs.tasks.send_notification_email``)."""
    from needs.tasks import send_notification_email

    rows = Notification.objects.bulk_create(
        Notification(recipient_id=uid, kind=kind, text=text[:500], project=project, request=request)
        for uid in dict.fromkeys(recipient_ids)
    )
    for row in rows:
        send_notification_email.delay_on_commit(row.pk)
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


# --- Residents' requests (群众点单, 微心愿) -------------------------------------------------

REQUEST_TEXT_MAX = 1000
_PHONE = re.compile(r"\+?[0-9][0-9 \-]{2,30}")


def can_see_request_phone(actor: Actor, request: ResidentRequest) -> bool:
    """A request's contact phone is for the community's administrators and the resident."""
    scope = scope_of(actor)
    return can_administer(actor, request.community_id) or (
        request.resident_id is not None and request.resident_id == scope.user_id
    )


def _resident_named(problems: Problems, username: str, community: Community) -> Any:
    """The user ``username`` holding a resident role in ``community`` (or, for a station,
    in the community above it), else ``None`` after recording the problem."""
    places = [community.pk]
    if community.parent_id is not None and community.level == Community.Level.STATION:
        places.append(community.parent_id)
    role = (
        Role.objects.filter(
            kind=Role.Kind.RESIDENT, community_id__in=places, user__username=username
        )
        .select_related("user")
        .first()
    )
    if role is None:
        problems.add("resident", f"no resident {username!r} lives in {community.code}")
        return None
    return role.user


@transaction.atomic
def request_post(
    *,
    actor: Actor,
    community: str,
    text: str,
    phone: str = "",
    resident: str | None = None,
    consent: bool = False,
) -> ResidentRequest:
    """Post a resident's small request in a community (code) or station.

    A resident posts in her home community; the request is hers whatever ``resident``
    says. An administrator over the community posts for a resident: ``resident`` is the
    username of a resident living there, or absent when she has no account. ``phone``
    is optional contact data, shown only per :func:`can_see_request_phone`. A resident
    posting herself must have agreed to the request notice (``consent``), which is then
    recorded (``ConsentRecord``); without it nothing is written (``InvalidInputError`` on
    ``consent``). An administrator posting for a resident gives no consent of her own.
    """
    place = find_community(community, levels=Community.NEED_LEVELS)
    administers = can_administer(actor, place.pk)
    require(
        has_perm(actor, "needs.post_request", place),
        "你不能在这个社区点单 / you may not post here",
        "community",
    )
    problems = Problems()
    body = (text or "").strip()
    if UNSTORABLE.search(body):
        problems.add("text", _UNSTORABLE_MESSAGE)
    elif not body:
        problems.add("text", "required")
    elif len(body) > REQUEST_TEXT_MAX:
        problems.add("text", f"at most {REQUEST_TEXT_MAX} characters")
    number = (phone or "").strip()
    if number and not _PHONE.fullmatch(number):
        problems.add("phone", "expected digits, spaces, '-' and an optional leading '+'")
    resident_user: Any = None
    if administers and resident:
        resident_user = _resident_named(problems, resident, place)
    elif not administers:
        resident_user = actor
        check_consent(problems, consent)
    problems.raise_if_any()
    posted = ResidentRequest.objects.create(
        community=place,
        text=body,
        phone=number,
        resident=resident_user,
        created_by_id=scope_of(actor).user_id,
    )
    if not administers:
        consent_record(
            actor=actor, purpose=ConsentRecord.Purpose.RESIDENT_REQUEST, record=f"R{posted.pk}"
        )
    return posted


def _lock_open_request(actor: Actor, request: ResidentRequest) -> ResidentRequest:
    require(
        has_perm(actor, "needs.handle_request", request),
        "只有社区可以处理点单 / only the community handles requests",
    )
    locked = (
        ResidentRequest.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=request.pk)
    )
    if locked.status != ResidentRequest.Status.OPEN:
        label = chinese(ResidentRequest.Status(locked.status).label)
        raise ConflictError(f"点单{label} / the request is {locked.status}")
    return locked


def request_need_defaults(request: ResidentRequest, today: dt.date | None = None) -> NeedData:
    """A need pre-filled from a request: its text, its community, a resident source and
    a window from today to the end of the quarter a month from now."""
    day = today or timezone.localdate()
    first_line = request.text.strip().splitlines()[0] if request.text.strip() else ""
    return NeedData(
        community=request.community.code,
        title=first_line[:30] or "居民点单",
        description=request.text,
        source=Need.Source.RESIDENT,
        status=Need.Status.OPEN,
        window_start=day,
        window_end=Quarter.of(day + dt.timedelta(days=30)).end,
    )


@transaction.atomic
def request_convert(
    *, actor: Actor, request: ResidentRequest, data: NeedData | None = None
) -> Need:
    """Turn an open request into a need, pre-filled by :func:`request_need_defaults`;
    keys in ``data`` override them (category, quantity, window…). The need links back
    to the request, and the resident follows it and rates its service. The resident is
    told. Locks the request row; a request is handled once (``ConflictError`` after)."""
    locked = _lock_open_request(actor, request)
    fields = request_need_defaults(locked)
    fields.update(data or {})
    need = need_post(actor=actor, data=fields)
    need.request = locked
    need.save(update_fields=["request", "updated_at"])
    locked.status = ResidentRequest.Status.CONVERTED
    locked.decided_by_id = scope_of(actor).user_id
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    if locked.resident_id is not None:
        notification_send(
            recipient_ids=[locked.resident_id],
            kind=Notification.Kind.REQUEST_ACCEPTED,
            text=f"你的点单已受理，社区正在对接：「{need.title}」",
            request=locked,
        )
    request.status = locked.status
    return need


@transaction.atomic
def request_decline(*, actor: Actor, request: ResidentRequest, reason: str) -> ResidentRequest:
    """The community declines an open request with a reason the resident sees; she is
    told. Locks the request row; a request is handled once."""
    note = _reason(reason)
    locked = _lock_open_request(actor, request)
    locked.status = ResidentRequest.Status.DECLINED
    locked.reason = note
    locked.decided_by_id = scope_of(actor).user_id
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
    if locked.resident_id is not None:
        notification_send(
            recipient_ids=[locked.resident_id],
            kind=Notification.Kind.REQUEST_DECLINED,
            text=f"你的点单未被采纳：{note}",
            request=locked,
        )
    return locked
