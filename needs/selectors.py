"""Scoped reads for needs, meetings and projects (see ``partners.selectors``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.queries import IdSet
from core.workdays import add_workdays
from matching.engine.quarters import Quarter
from needs.lifecycle import transition_for
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
from needs.rules import can_see_project_work, can_see_resident_phone
from partners.models import Community, Offering, Role
from partners.selectors import scope_of

# Project states in which the work has been handed to the partner: its need (with the
# place of the work) is then the partner's to see.
_DISPATCHED_ON = ("dispatched", "accepted", "declined", "in_progress", "delivered", "evaluated")
# A claim not yet confirmed is the partner's to see too, but not yet its need's details.
_PARTNER_SEES = ("claimed", *_DISPATCHED_ON)


def needs_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Need]:
    """Administrators see the needs of their area; a partner member sees needs dispatched
    to its partner; a resident sees the requests she posted."""
    scope = scope_of(user)
    if scope.everything:
        return Need.objects.all()
    if scope.user_id is None:
        return Need.objects.none()
    dispatched = Project.objects.filter(
        offering__partner_id__in=scope.partner_ids, status__in=_DISPATCHED_ON
    ).values("need_id")
    return Need.objects.filter(
        Q(community_id__in=IdSet(scope.area_ids))
        | Q(created_by_id=scope.user_id)
        | Q(request_id__in=_requests_of(scope.user_id))
        | Q(id__in=dispatched)
    )


def _requests_of(resident_id: int) -> QuerySet[ResidentRequest, Any]:
    """The ids of the requests ``resident_id`` posted, as a subquery. Joined instead,
    every need of an area was matched against the requests to count a page (4.8 ms for
    a district against 3.0 ms)."""
    return ResidentRequest.objects.filter(resident_id=resident_id).values("id")


def meetings_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[LiaisonMeeting]:
    """Administrators see their area's meetings; partner members those they attend."""
    scope = scope_of(user)
    if scope.everything:
        return LiaisonMeeting.objects.all()
    if scope.user_id is None:
        return LiaisonMeeting.objects.none()
    attending = MeetingAttendee.objects.filter(partner_id__in=scope.partner_ids).values(
        "meeting_id"
    )
    return LiaisonMeeting.objects.filter(
        Q(community_id__in=IdSet(scope.area_ids)) | Q(id__in=attending)
    )


def unserved(needs: QuerySet[Need]) -> QuerySet[Need]:
    """Those of ``needs`` that are open with no live project (none proposed, dispatched,
    accepted, under way or done): the work still to pair, on the secretary's home and on
    a liaison meeting's agenda alike."""
    live = Project.objects.filter(need=OuterRef("pk"), status__in=Project.LIVE)
    return needs.filter(status=Need.Status.OPEN).exclude(Exists(live))


def claims_to_answer(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Project]:
    """认领 waiting for ``user``'s answer: partners' claims on needs of the communities
    she administers, the oldest (the first due) first."""
    scope = scope_of(user)
    claims = Project.objects.filter(status=Project.Status.CLAIMED)
    if not scope.everything:
        claims = claims.filter(need__community_id__in=IdSet(scope.area_ids))
    return claims.order_by("answer_by", "id")


def projects_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Project]:
    """Administrators see projects for their area's needs; partner members the work
    dispatched to them; residents the projects serving their own requests."""
    scope = scope_of(user)
    if scope.everything:
        return Project.objects.all()
    if scope.user_id is None:
        return Project.objects.none()
    return Project.objects.filter(
        Q(need__community_id__in=IdSet(scope.area_ids))
        | Q(offering__partner_id__in=scope.partner_ids, status__in=_PARTNER_SEES)
        | Q(need__created_by_id=scope.user_id)
        | Q(need__request_id__in=_requests_of(scope.user_id))
    )


def _dispatchable(user: AbstractBaseUser | AnonymousUser) -> Iterator[Project]:
    proposed = (
        projects_visible_to(user)
        .filter(status=Project.Status.PROPOSED)
        .select_related("need__community", "offering__partner")
        .order_by("created_at", "id")
    )
    for project in proposed:
        try:
            transition_for(user, project, "dispatch")
        except DomainError:
            continue
        yield project


def projects_to_dispatch(user: AbstractBaseUser | AnonymousUser) -> list[Project]:
    """Proposed projects ``user`` may dispatch now (the lifecycle's rule, asked of each),
    oldest first: the work a secretary has to hand on, from a quarter's accepted plan
    or her own proposals, on her home, the 批量派单 page and the API alike."""
    return list(_dispatchable(user))


def any_project_to_dispatch(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether :func:`projects_to_dispatch` has anything, stopping at the first."""
    return next(_dispatchable(user), None) is not None


# 限时办结: what is late, and what falls due soon.
OPEN_NEED_STATES = (Need.Status.OPEN, Need.Status.MATCHED, Need.Status.IN_PROGRESS)
DUE_SOON_WORKDAYS = 2


def _late(now: dt.datetime) -> Q:
    """Answer promised before ``now`` and not given, or the finish promised before
    ``now`` and not reached."""
    return Q(responded_at__isnull=True, respond_by__lt=now) | Q(
        completed_at__isnull=True, complete_by__lt=now
    )


def overdue_needs(needs: QuerySet[Need], *, now: dt.datetime | None = None) -> QuerySet[Need]:
    """Those of ``needs`` still open, matched or under way past their window or a
    promised time (``Need.overdue`` says the same of one)."""
    moment = now or timezone.now()
    today = timezone.localtime(moment).date()
    return needs.filter(status__in=OPEN_NEED_STATES).filter(_late(moment) | Q(window_end__lt=today))


def overdue_requests(
    requests: QuerySet[ResidentRequest], *, now: dt.datetime | None = None
) -> QuerySet[ResidentRequest]:
    """Those of ``requests`` not answered in time, or turned into a need not finished in
    time (a declined request is finished)."""
    moment = now or timezone.now()
    return requests.exclude(status=ResidentRequest.Status.DECLINED).filter(_late(moment))


def request_overdue(request: ResidentRequest, *, now: dt.datetime | None = None) -> bool:
    """:func:`overdue_requests` of one request."""
    if request.status == ResidentRequest.Status.DECLINED:
        return False
    moment = now or timezone.now()
    return (
        request.responded_at is None
        and request.respond_by is not None
        and request.respond_by < moment
    ) or (
        request.completed_at is None
        and request.complete_by is not None
        and request.complete_by < moment
    )


def community_staff(community: Community) -> list[Any]:
    """The people who administer ``community``: its secretaries (those of the community
    above, for a station) and the street and district administrators above it, by
    name: whom a need or request can be handed to."""
    places = []
    place: Community | None = community
    while place is not None:
        places.append(place.pk)
        place = place.parent
    ids = Role.objects.filter(
        kind__in=(Role.Kind.SECRETARY, Role.Kind.STREET_ADMIN, Role.Kind.DISTRICT_ADMIN),
        community_id__in=places,
    ).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids).order_by("first_name", "username"))


def due_soon(
    items: QuerySet[Any], *, now: dt.datetime | None = None, workdays: int = DUE_SOON_WORKDAYS
) -> QuerySet[Any]:
    """Those of ``items`` (needs or requests) whose next promised time falls by the end of
    the next ``workdays`` working days and is not yet passed (on a Saturday: Monday and
    Tuesday)."""
    moment = now or timezone.now()
    end = add_workdays(moment, workdays)
    return items.filter(
        Q(responded_at__isnull=True, respond_by__gte=moment, respond_by__lte=end)
        | Q(completed_at__isnull=True, complete_by__gte=moment, complete_by__lte=end)
    ).exclude(_late(moment))


def on_time_by_quarter(*items: QuerySet[Any]) -> list[dict[str, Any]]:
    """Per quarter of the answer promised, over needs and requests (``items``): how many
    answers fell due, how many were given in time, and the on-time rate (None when
    none fell due)."""
    now = timezone.now()
    rows: dict[str, dict[str, Any]] = {}
    pairs = [
        pair
        for queryset in items
        for pair in queryset.filter(respond_by__isnull=False).values_list(
            "respond_by", "responded_at"
        )
    ]
    for respond_by, responded_at in pairs:
        if respond_by is None or (responded_at is None and respond_by >= now):
            continue  # not due yet
        quarter = str(Quarter.of(timezone.localtime(respond_by).date()))
        row = rows.setdefault(quarter, {"quarter": quarter, "due": 0, "on_time": 0})
        row["due"] += 1
        row["on_time"] += responded_at is not None and responded_at <= respond_by
    return [
        {**row, "rate": round(row["on_time"] / row["due"], 3) if row["due"] else None}
        for _, row in sorted(rows.items())
    ]


def project_work_for(
    user: AbstractBaseUser | AnonymousUser, project: Project
) -> dict[str, Any] | None:
    """What the partner needs to act on ``project``, as ``user`` may see it (None when
    she may not: see ``needs.rules.can_see_project_work``): the need's description, where
    (its community, and the place when one is given), whom to call at the community (the
    secretary who dispatched it, her phone), the resident's phone when she agreed to
    share it with the partner serving her, and the dispatch note. The API and the
    project page show this same dictionary."""
    if not can_see_project_work(user, project):
        return None
    need = project.need
    contact = project.dispatched_by or need.responsible or need.created_by
    profile = getattr(contact, "profile", None) if contact is not None else None
    request = need.request if need.request_id is not None else None
    return {
        "description": need.description,
        "community": need.community.name,
        "address": need.address,
        "contact_name": (contact.get_full_name() or contact.get_username()) if contact else "",
        "contact_phone": profile.phone if profile is not None else "",
        "resident_phone": (
            request.phone if request is not None and can_see_resident_phone(user, project) else ""
        ),
        "note": project.dispatch_note,
    }


def _day(value: dt.date | dt.datetime) -> str:
    day = timezone.localtime(value).date() if isinstance(value, dt.datetime) else value
    return _("%(m)d月%(d)d日") % {"m": day.month, "d": day.day}


def request_progress(request: ResidentRequest) -> str:
    """What became of a resident's request, in the words she is told: who will come and
    when, not the platform's states ("理发师曾师傅会联系您，服务时间 12月10日至12月31日").
    Reads the request's need and its projects (prefetched as ``need__projects``)."""
    if request.status == ResidentRequest.Status.OPEN:
        if request.respond_by is not None:
            return _("社区已收到，会在 %(day)s 前答复您。") % {"day": _day(request.respond_by)}
        return _("社区已收到，会尽快答复您。")
    if request.status == ResidentRequest.Status.DECLINED:
        return _("社区答复：%(reason)s") % {"reason": request.reason}
    need = getattr(request, "need", None)
    if need is None:
        return _("社区正在为您联系合适的服务方。")
    order = ["dispatched", "accepted", "in_progress", "delivered", "evaluated"]
    live = [p for p in need.projects.all() if p.status in order]
    if not live:
        return _("社区正在为您联系合适的服务方。")
    project = max(live, key=lambda p: order.index(p.status))
    who = f"{project.offering.title}·{project.offering.partner.name}"
    when = _("服务时间 %(start)s至%(end)s") % {
        "start": _day(need.window_start),
        "end": _day(need.window_end),
    }
    if project.status == "dispatched":
        return _("社区已请 %(who)s 为您服务，正在等对方确认。") % {"who": who}
    if project.status == "accepted":
        return _("%(who)s 会联系您，%(when)s。") % {"who": who, "when": when}
    if project.status == "in_progress":
        return _("%(who)s 正在为您服务。") % {"who": who}
    return _("%(who)s 已完成服务，欢迎您评价。") % {"who": who}


def requests_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ResidentRequest]:
    """Administrators see the requests of their area; a resident those posted for her or
    by her. Partners never see requests: they carry residents' personal data."""
    scope = scope_of(user)
    if scope.everything:
        return ResidentRequest.objects.all()
    if scope.user_id is None:
        return ResidentRequest.objects.none()
    return ResidentRequest.objects.filter(
        Q(community_id__in=IdSet(scope.area_ids))
        | Q(resident_id=scope.user_id)
        | Q(created_by_id=scope.user_id)
    )


def notifications_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)


# --- Capacity and reliability, read by the matching engine and the allocation ---------


def capacity_left_by_offering(
    *, quarter: Quarter, offering_ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Units each offering can still take in ``quarter``: its quarterly capacity minus the
    units of its accepted, in-progress, delivered and evaluated projects of that quarter
    (proposed and dispatched work does not hold capacity until the partner accepts).

    ``offering_ids`` limits the answer to those offerings (unknown ids are left out);
    ``None`` means every offering. Never negative. Two queries whatever the size.
    """
    offerings = Offering.objects.all()
    if offering_ids is not None:
        offerings = offerings.filter(id__in=list(offering_ids))
    capacity = dict(offerings.values_list("id", "capacity"))
    used = units_by_offering(
        quarter=quarter,
        statuses=Project.USES_CAPACITY,
        offering_ids=None if offering_ids is None else offerings.values("id"),
    )
    return {oid: max(cap - used.get(oid, 0), 0) for oid, cap in capacity.items()}


def units_by_offering(
    *,
    quarter: Quarter,
    statuses: Iterable[str],
    offering_ids: Iterable[int] | QuerySet[Any] | None = None,
) -> dict[int, int]:
    """Units of the projects of ``quarter`` in ``statuses``, by offering id (offerings
    without any are left out); ``offering_ids`` limits it to those offerings. One query."""
    projects = _quarter_projects(quarter, statuses)
    if offering_ids is not None:
        projects = projects.filter(offering_id__in=offering_ids)
    return _units_by(projects, "offering_id")


def units_by_offering_code(*, quarter: Quarter, statuses: Iterable[str]) -> dict[str, int]:
    """:func:`units_by_offering`, by offering code. One query."""
    return _units_by(_quarter_projects(quarter, statuses), "offering__code")


def _quarter_projects(quarter: Quarter, statuses: Iterable[str]) -> QuerySet[Project]:
    return Project.objects.filter(quarter=str(quarter), status__in=list(statuses))


def _units_by(projects: QuerySet[Project], key: str) -> dict[Any, int]:
    """The units of ``projects`` summed by ``key`` (a field of the project's)."""
    rows = projects.values(key).annotate(units=Sum("quantity")).values_list(key, "units").order_by()
    return {value: int(units or 0) for value, units in rows}


# Reliability prior: a partner without much history is assumed fairly reliable, and each
# observation moves it; PRIOR_WEIGHT observations weigh as much as the prior.
RELIABILITY_PRIOR = 0.7
RELIABILITY_PRIOR_WEIGHT = 3.0


def partner_reliability(
    *,
    partner_ids: Iterable[int] | None = None,
    other_ratings: Mapping[int, tuple[int, int]] | None = None,
) -> dict[int, float | None]:
    """How reliable each partner has been, in 0..1; ``None`` without any history.

    Observations pooled per partner: every delivered or evaluated project counts 1,
    every declined one 0 (work handed over and not done), and every rating (from the
    community or the resident) counts ``(rating - 1) / 4``. Cancelled projects are the
    community's decision and do not count; open work has no outcome yet. The score is
    the mean of the observations smoothed toward ``RELIABILITY_PRIOR`` with the weight
    of ``RELIABILITY_PRIOR_WEIGHT`` observations, so one bad week does not sink a
    newcomer and a long record speaks for itself:
    ``(w·prior + Σ obs) / (w + n)``.

    ``other_ratings`` adds ratings given elsewhere (residents rating a partner's
    activities), as ``{partner id: (how many, their sum)}``, counted like project ratings.

    ``partner_ids`` limits the answer (every requested id is a key); ``None`` means every
    partner with history. Two queries whatever the size.
    """
    ids = None if partner_ids is None else list(partner_ids)
    wanted = None if ids is None else set(ids)
    projects = Project.objects.all()
    evaluations = Evaluation.objects.all()
    if ids is not None:
        projects = projects.filter(offering__partner_id__in=ids)
        evaluations = evaluations.filter(project__offering__partner_id__in=ids)
    outcomes = (
        projects.values("offering__partner_id")
        .annotate(
            done=Count("id", filter=Q(status__in=("delivered", "evaluated"))),
            declined=Count("id", filter=Q(status="declined")),
        )
        .values_list("offering__partner_id", "done", "declined")
    )
    rated = (
        evaluations.values("project__offering__partner_id")
        .annotate(n=Count("id"), total=Sum("rating"))
        .values_list("project__offering__partner_id", "n", "total")
    )
    count: dict[int, float] = {}
    total: dict[int, float] = {}
    for pid, done, declined in outcomes:
        count[pid] = count.get(pid, 0) + done + declined
        total[pid] = total.get(pid, 0) + done
    for pid, n, rating_sum in [
        *rated,
        *((pid, n, s) for pid, (n, s) in (other_ratings or {}).items()),
    ]:
        if wanted is not None and pid not in wanted:
            continue
        count[pid] = count.get(pid, 0) + n
        total[pid] = total.get(pid, 0) + (int(rating_sum) - n) / 4
    result: dict[int, float | None] = dict.fromkeys(ids, None) if ids is not None else {}
    for pid, n in count.items():
        if n > 0:
            w = RELIABILITY_PRIOR_WEIGHT
            result[pid] = (w * RELIABILITY_PRIOR + total[pid]) / (w + n)
    return result


def days_to_acceptance(*, project_ids: Iterable[int] | None = None) -> dict[int, float]:
    """Days (fractional) from each project's dispatch to its acceptance, read from the
    timeline; only projects that were dispatched and then accepted are answered (work
    taken at a meeting was never dispatched). One query."""
    events = ProjectEvent.objects.all()
    if project_ids is not None:
        events = events.filter(project_id__in=list(project_ids))
    rows = (
        events.values("project_id")
        .annotate(
            dispatched=Min("at", filter=Q(to_status="dispatched")),
            accepted=Min("at", filter=Q(to_status="accepted", action="accept")),
        )
        .filter(dispatched__isnull=False, accepted__isnull=False)
        .values_list("project_id", "dispatched", "accepted")
    )
    return {
        pid: (accepted - dispatched).total_seconds() / 86400 for pid, dispatched, accepted in rows
    }
