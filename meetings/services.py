"""The quarterly liaison meeting (党建联席会): agenda, minutes and exported documents.

Scheduling a meeting (date, time, place, invited partners) is ``needs.services
.meeting_schedule`` with the other list writes; everything that happens to a scheduled
meeting lives here, keyword-only and typed like the other services:

- :func:`agenda_generate` draws the agenda up from the data; the secretary then uses
  :func:`agenda_item_add`, :func:`agenda_item_update`, :func:`agenda_item_remove` and
  :func:`agenda_reorder`;
- the minutes: :func:`meeting_record_attendance`, :func:`agenda_item_decide` (a partner
  takes a need, a need is deferred or closed), :func:`meeting_raise_need` (a need
  raised at the meeting) and :func:`meeting_close` (the meeting was held);
- :func:`agenda_export` queues a document (agenda or minutes) for a Celery task, which
  calls :func:`meeting_export_build`.

Who may do this: the administrators over the meeting's community
(``meetings.rules``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Avg, Count, Prefetch, Q
from django.utils import timezone

from centres.models import Activity
from core.errors import ConflictError, InvalidInputError, NotFoundError, has_perm, require
from core.i18n import chinese
from core.problems import (
    Problems,
    check_code_unchanged,
    check_date,
    check_new_code,
    check_text_length,
)
from core.tasks import enqueue_on_commit
from matching.engine.quarters import Quarter
from matching.insights.recommendations import advice_for
from matching.presenters import reasons_payload
from matching.selectors import matches_for
from needs import services
from needs.models import AgendaItem, LiaisonMeeting, MeetingAttendee, MeetingExport, Need, Project
from needs.selectors import meetings_visible_to, unserved
from partners.models import AuditEvent, Community, Offering, Partner
from partners.selectors import (
    community_subtree_ids,
    offerings_visible_to,
    partners_visible_to,
    sees_contact,
)
from partners.services import Actor, audit_event_record, find_community

Kind = AgendaItem.Kind
Decision = AgendaItem.Decision

# How many partners the agenda suggests for each need.
SUGGESTIONS = 3


# --- Scheduling -----------------------------------------------------------------------------


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
        # Holding a meeting is recorded with its minutes (meetings.services.meeting_close).
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


def save_attendees(meeting: LiaisonMeeting, partners: Sequence[Partner]) -> None:
    """``meeting``'s invited partners, replaced by ``partners`` in that order."""
    MeetingAttendee.objects.filter(meeting=meeting).delete()
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(meeting=meeting, partner=p, position=i) for i, p in enumerate(partners)
    )


@transaction.atomic
def meeting_schedule(*, actor: Actor, data: MeetingData) -> LiaisonMeeting:
    """Schedule a liaison meeting in a community of the actor's area: date, optional start
    and end time and place, and the invited partners in the order given (codes resolved
    among the partners the actor sees). Its agenda is drawn up by
    ``meetings.services.agenda_generate``."""
    community = find_community(data.get("community"))
    require(
        has_perm(actor, "meetings.hold_meeting", community),
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
    save_attendees(meeting, attendees or [])
    return meeting


@transaction.atomic
def meeting_update(*, actor: Actor, meeting: LiaisonMeeting, data: MeetingData) -> LiaisonMeeting:
    """Change a meeting; keys absent from ``data`` keep their value. ``attendees``, when
    given, replaces the list. The code never changes."""
    require(has_perm(actor, "meetings.edit_meeting", meeting), "you may not change this meeting")
    problems = Problems()
    check_code_unchanged(problems, data, meeting.code)
    if "community" in data and data["community"] != meeting.community.code:
        community = find_community(data["community"])
        require(
            has_perm(actor, "meetings.hold_meeting", community), "outside your area", "community"
        )
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
        save_attendees(meeting, attendees)
    return meeting


@transaction.atomic
def meeting_invite(*, actor: Actor, meeting: LiaisonMeeting, partner: str) -> MeetingAttendee:
    """Add one partner (a code among those the actor sees) to the invited, after the
    others: a recommendation's 邀请 in one step. Inviting an invited partner changes
    nothing and answers its row."""
    require(has_perm(actor, "meetings.edit_meeting", meeting), "you may not change this meeting")
    _require_open(meeting)
    found = partners_visible_to(actor).filter(code=partner).first()
    if found is None:
        raise NotFoundError(
            f"partner: 没有这个合伙人：{partner} / unknown partner code",
            fields={"partner": ["unknown partner code"]},
        )
    LiaisonMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
    row, _created = MeetingAttendee.objects.get_or_create(
        meeting=meeting, partner=found, defaults={"position": _next_attendee(meeting)}
    )
    return row


def _next_attendee(meeting: LiaisonMeeting) -> int:
    last = meeting.attendee_rows.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def meeting_delete(*, actor: Actor, meeting: LiaisonMeeting) -> None:
    """Remove a meeting; needs raised at it stay, without the meeting."""
    require(has_perm(actor, "meetings.remove_meeting", meeting), "you may not remove this meeting")
    meeting.delete()


# --- Reads --------------------------------------------------------------------------------


def meeting_for(user: AbstractBaseUser | AnonymousUser, code: str) -> LiaisonMeeting | None:
    """The meeting with this code if the user may see it."""
    return meetings_visible_to(user).select_related("community").filter(code=code).first()


def previous_meeting(meeting: LiaisonMeeting) -> LiaisonMeeting | None:
    """The community's last meeting before this one that was not cancelled."""
    return (
        LiaisonMeeting.objects.filter(community_id=meeting.community_id, date__lt=meeting.date)
        .exclude(status=LiaisonMeeting.Status.CANCELLED)
        .order_by("-date", "-id")
        .first()
    )


def _ancestor_ids(community: Community) -> set[int]:
    ids: set[int] = set()
    parents = dict(Community.objects.values_list("id", "parent_id"))
    current: int | None = community.pk
    while current is not None and current not in ids:
        ids.add(current)
        current = parents.get(current)
    return ids


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


# --- Generating the agenda ------------------------------------------------------------------


@dataclass
class _Draft:
    kind: str
    title: str
    body: str = ""
    need: Need | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _rating_of(project: Project) -> tuple[int | None, str]:
    """The community's rating of the project, else the resident's (prefetched)."""
    evaluations = sorted(project.evaluations.all(), key=lambda e: e.by != "community")
    if not evaluations:
        return None, ""
    return evaluations[0].rating, evaluations[0].comment


def _decline_reason(project: Project) -> str:
    """Why the partner declined, from the project's last decline step (prefetched)."""
    declines = [e for e in project.events.all() if e.to_status == Project.Status.DECLINED]
    return declines[-1].note if declines else ""


def _review(meeting: LiaisonMeeting, area: frozenset[int]) -> _Draft:
    quarter = meeting.quarter.previous()
    projects = list(
        Project.objects.filter(need__community_id__in=area, quarter=str(quarter))
        .select_related("need", "offering", "offering__partner")
        .prefetch_related("evaluations", "events")
        .order_by("need__code", "id")
    )
    rows: list[dict[str, Any]] = []
    for p in projects:
        rating, comment = _rating_of(p)
        rows.append(
            {
                "need": p.need.code,
                "need_title": p.need.title,
                "offering": p.offering.code,
                "offering_title": p.offering.title,
                "partner": p.offering.partner.code,
                "partner_name": p.offering.partner.name,
                "quantity": p.quantity,
                "status": p.status,
                "status_label": chinese(Project.Status(p.status).label),
                "rating": rating,
                "comment": comment,
                "decline_reason": _decline_reason(p),
            }
        )
    delivered = [r for r in rows if r["status"] in ("delivered", "evaluated")]
    declined = [r for r in rows if r["status"] == "declined"]
    rated: list[int] = [r["rating"] for r in rows if r["rating"] is not None]
    average = round(sum(rated) / len(rated), 2) if rated else None
    held = _activities_held(quarter, area)
    body = (
        f"{quarter}共 {len(rows)} 个项目：已完成服务 {len(delivered)} 个，"
        f"婉拒 {len(declined)} 个；"
        + (f"{len(rated)} 个已评价，平均评分 {average}。" if rated else "暂无评价。")
        + (
            f"合伙人举办活动 {sum(a['held'] for a in held)} 场，"
            f"{sum(a['residents'] for a in held)} 人次居民签到参加。"
            if held
            else ""
        )
    )
    return _Draft(
        kind=Kind.REVIEW,
        title=f"{quarter}项目回顾",
        body=body,
        details={
            "quarter": str(quarter),
            "projects": rows,
            "delivered": len(delivered),
            "declined": len(declined),
            "rated": len(rated),
            "average_rating": average,
            "activities": held,
        },
    )


def _activities_held(quarter: Quarter, area: frozenset[int]) -> list[dict[str, Any]]:
    """Per partner, the activities it held in the area in ``quarter``: how many, the
    distinct residents checked in at them, and their average rating."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(quarter.start, dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(quarter.next().start, dt.time.min), tz)
    rows = (
        Activity.objects.filter(
            centre_id__in=area,
            partner__isnull=False,
            status=Activity.Status.PUBLISHED,
            start__gte=start,
            start__lt=end,
        )
        .values("partner__code", "partner__name")
        .annotate(
            held=Count("id", distinct=True),
            residents=Count(
                "signups__resident_id",
                distinct=True,
                filter=Q(signups__checked_in_at__isnull=False),
            ),
            rating=Avg("signups__rating"),
        )
        .order_by("-held", "partner__code")
    )
    return [
        {
            "partner": row["partner__code"],
            "partner_name": row["partner__name"],
            "held": int(row["held"]),
            "residents": int(row["residents"]),
            "average_rating": (
                round(float(row["rating"]), 2) if row["rating"] is not None else None
            ),
        }
        for row in rows
    ]


def _suggestions(need: Need) -> tuple[list[dict[str, Any]], list[str]]:
    """The need's top partners with their reasons, and why others were left out."""

    ranking = matches_for(need=need, limit=SUGGESTIONS, explain=True)
    offerings = {
        o.code: o
        for o in Offering.objects.filter(
            code__in=[m.offering for m in ranking.matches]
        ).select_related("partner")
    }
    rows = []
    for rank, match in enumerate(ranking.matches, start=1):
        offering = offerings.get(match.offering)
        if offering is None:
            continue
        reasons = sorted(match.reasons, key=lambda r: -r.share)
        rows.append(
            {
                "rank": rank,
                "offering": offering.code,
                "offering_title": offering.title,
                "partner": offering.partner.code,
                "partner_name": offering.partner.name,
                "capacity": offering.capacity,
                "score": round(match.score, 3),
                "reasons": reasons_payload(reasons, shown_only=True),
            }
        )
    why_not = list(dict.fromkeys(e.text_zh for e in ranking.excluded))[:3]
    return rows, why_not


def _need_summary(need: Need) -> dict[str, Any]:
    return {
        "code": need.code,
        "title": need.title,
        "community": need.community.name,
        "category": need.category.name_zh if need.category else "",
        "quantity": need.quantity,
        "priority": chinese(Need.Priority(need.priority).label),
        "window": f"{need.window_start:%Y-%m-%d} 至 {need.window_end:%Y-%m-%d}",
        "source": chinese(Need.Source(need.source).label),
    }


_PRIORITY_ORDER = {"urgent": 0, "high": 1, "normal": 2, "low": 3}


def _open_needs(meeting: LiaisonMeeting, area: frozenset[int]) -> list[Need]:
    needs = unserved(
        Need.objects.filter(community_id__in=area, window_end__gte=meeting.date)
    ).select_related("community", "category")
    return sorted(needs, key=lambda n: (_PRIORITY_ORDER.get(n.priority, 9), n.code))


def _new_partners(
    meeting: LiaisonMeeting, area: frozenset[int], since: dt.datetime | None
) -> _Draft:
    covering = _ancestor_ids(meeting.community) | set(area)
    partners = Partner.objects.filter(community_id__in=area, status=Partner.Status.VERIFIED)
    offerings = Offering.objects.filter(
        Q(partner__community_id__in=area) | Q(area_rows__community_id__in=covering),
        partner__status=Partner.Status.VERIFIED,
    )
    if since is not None:
        partners = partners.filter(created_at__gte=since)
        offerings = offerings.filter(created_at__gte=since)
    partner_rows = [
        {"code": p.code, "name": p.name, "kind": chinese(Partner.Kind(p.kind).label)}
        for p in partners.order_by("code")
    ]
    offering_rows = [
        {
            "code": o.code,
            "title": o.title,
            "partner": o.partner.code,
            "partner_name": o.partner.name,
            "category": o.category.name_zh if o.category else "",
            "capacity": o.capacity,
            "unit": chinese(Offering.Unit(o.unit).label),
        }
        for o in offerings.select_related("partner", "category").distinct().order_by("code")
    ]
    return _Draft(
        kind=Kind.NEW_PARTNERS,
        title="新合伙人与新资源",
        body=(
            f"自上次会议以来新加入合伙人 {len(partner_rows)} 家，新增资源 {len(offering_rows)} 项。"
        ),
        details={"partners": partner_rows, "offerings": offering_rows},
    )


def _gaps(meeting: LiaisonMeeting) -> _Draft | None:
    """The community's service gaps in the meeting's quarter and what to do about them
    (whom to recruit, which neighbours' partners to invite), or ``None`` without a gap.
    The figures are stored as they stand now, so the agenda reads the same at the
    meeting as when it was sent out."""
    # Imported here: matching imports needs' models, and needs must load without it.

    quarter = meeting.quarter
    advice = advice_for(scope=meeting.community, quarter=quarter)
    if not advice.gaps and not advice.recommendations:
        return None
    names = advice.names
    rows = [
        {
            "community": cell.community,
            "community_name": names.communities.get(cell.community, cell.community),
            "category": cell.category,
            "category_name": names.categories_zh.get(cell.category, cell.category),
            "need_units": cell.need_units,
            "reachable_capacity": cell.reachable_capacity,
            "gap": cell.gap,
        }
        for cell in advice.gaps
    ]
    recommendations = [
        {
            "kind": r.kind,
            "community": r.community,
            "category": r.category,
            "partner": r.partner,
            "via": r.via,
            "gap": r.gap,
            "previous_gap": r.previous_gap,
            "capacity": r.capacity,
            "text_zh": r.text_zh,
            "text_en": r.text_en,
        }
        for r in advice.recommendations
    ]
    missing = sum(cell.gap for cell in advice.gaps)
    return _Draft(
        kind=Kind.GAPS,
        title=f"{quarter}服务缺口与建议",
        body=(
            f"{quarter}有 {len(rows)} 个服务类别的需求超出可及容量，共缺 {missing} 个单位；"
            f"建议 {len(recommendations)} 条。"
        ),
        details={"quarter": str(quarter), "gaps": rows, "recommendations": recommendations},
    )


def draft_agenda(meeting: LiaisonMeeting) -> list[_Draft]:
    """What the data puts on the meeting's agenda, in order (nothing is written):

    1. review of last quarter's projects in the community (delivered, ratings, declined
       and why);
    2. each open need raised since the last meeting (or ever, at a first meeting) with
       no live project, best priority first, with its top three suggested partners;
    3. partners and offerings new since the last meeting;
    4. open needs no partner can serve (no offering passes the hard rules), with why;
    5. the community's service gaps in the meeting's quarter (need units beyond the
       capacity that can reach it, by category) with the recommendations drawn from
       them, when there is a gap (``matching.insights.recommendations``);
    6. items for decision: older open needs that still have no partner (deferred,
       declined or never taken), with their suggestions.
    """
    area = community_subtree_ids([meeting.community_id])
    last = previous_meeting(meeting)
    since = _start_of(last.date) if last is not None else None
    raised: list[_Draft] = []
    unserved: list[_Draft] = []
    pending: list[_Draft] = []
    for need in _open_needs(meeting, area):
        suggestions, why_not = _suggestions(need)
        summary = _need_summary(need)
        if not suggestions:
            unserved.append(
                _Draft(
                    kind=Kind.UNSERVED,
                    title=f"暂无合伙人可承接：{need.title}",
                    body=need.description,
                    need=need,
                    details={"need": summary, "why": why_not or ["没有符合条件的资源"]},
                )
            )
            continue
        new = since is None or need.created_at >= since
        draft = _Draft(
            kind=Kind.NEED if new else Kind.DECISION,
            title=need.title if new else f"待决：{need.title}",
            body=need.description,
            need=need,
            details={"need": summary, "suggestions": suggestions},
        )
        (raised if new else pending).append(draft)
    gaps = _gaps(meeting)
    return [
        _review(meeting, area),
        *raised,
        _new_partners(meeting, area, since),
        *unserved,
        *([gaps] if gaps is not None else []),
        *pending,
    ]


def _require_manager(actor: Actor, meeting: LiaisonMeeting) -> None:
    require(
        has_perm(actor, "meetings.edit_meeting", meeting),
        "只有本社区的管理员可以操作联席会",
    )


def _require_open(meeting: LiaisonMeeting) -> None:
    if meeting.status == LiaisonMeeting.Status.CANCELLED:
        raise ConflictError("会议已取消")


def agenda_regenerable(meeting: LiaisonMeeting) -> bool:
    """Whether the agenda may be drawn up again: not once a decision is recorded (the
    minutes would lose their items), nor for a cancelled meeting. The page offers
    重新生成议程 only then; :func:`agenda_generate` refuses otherwise."""
    return meeting.status != LiaisonMeeting.Status.CANCELLED and not (
        meeting.agenda_items.exclude(decision=Decision.PENDING).exists()
    )


@transaction.atomic
def agenda_generate(*, actor: Actor, meeting: LiaisonMeeting) -> list[AgendaItem]:
    """Draw the agenda up from the data (see :func:`draft_agenda`), replacing any earlier
    draft. Refused with ``ConflictError`` once a decision has been recorded (the minutes
    would lose their items) or when the meeting is cancelled. Locks the meeting row so
    two secretaries generating at once do not interleave their items."""
    _require_manager(actor, meeting)
    LiaisonMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
    _require_open(meeting)
    if not agenda_regenerable(meeting):
        raise ConflictError("已有议定事项，不能重新生成议程")
    drafts = draft_agenda(meeting)
    meeting.agenda_items.all().delete()
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=i,
            kind=d.kind,
            title=d.title[:200],
            body=d.body,
            need=d.need,
            details=d.details,
        )
        for i, d in enumerate(drafts)
    )
    meeting.agenda_generated_at = timezone.now()
    meeting.save(update_fields=["agenda_generated_at", "updated_at"])
    return items


# --- The secretary edits the agenda ---------------------------------------------------------


def _next_position(meeting: LiaisonMeeting) -> int:
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _check_title(problems: Problems, title: Any) -> None:
    if not isinstance(title, str) or not title.strip():
        problems.add("title", "required")
    elif len(title) > 200:
        problems.add("title", "at most 200 characters")


@transaction.atomic
def agenda_item_add(
    *,
    actor: Actor,
    meeting: LiaisonMeeting,
    title: str,
    body: str = "",
    kind: str = Kind.OTHER,
    position: int | None = None,
) -> AgendaItem:
    """Add an item the data did not suggest; at the end unless ``position`` (0-based)
    says where. Raised needs are added by :func:`meeting_raise_need` instead."""
    _require_manager(actor, meeting)
    _require_open(meeting)
    problems = Problems()
    _check_title(problems, title)
    if kind not in (Kind.OTHER, Kind.DECISION):
        problems.add("kind", "an added item is 'other' or 'decision'")
    check_text_length(problems, "body", body)
    problems.raise_if_any()
    item = AgendaItem.objects.create(
        meeting=meeting, position=_next_position(meeting), kind=kind, title=title, body=body
    )
    if position is not None:
        order = [
            i
            for i in meeting.agenda_items.order_by("position", "id").values_list("id", flat=True)
            if i != item.pk
        ]
        order.insert(max(0, min(position, len(order))), item.pk)
        _renumber(meeting, order)
        item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_update(*, actor: Actor, item: AgendaItem, data: Mapping[str, Any]) -> AgendaItem:
    """Change an item's ``title``, ``body`` or ``minutes``; other keys are refused."""
    meeting = item.meeting
    _require_manager(actor, meeting)
    _require_open(meeting)
    problems = Problems()
    for key in data:
        if key not in ("title", "body", "minutes"):
            problems.add(key, "not editable here")
    if "title" in data:
        _check_title(problems, data["title"])
    for key in ("body", "minutes"):
        if key in data and not isinstance(data[key], str):
            problems.add(key, "expected text")
        elif key in data:
            check_text_length(problems, key, data[key])
    problems.raise_if_any()
    for key in ("title", "body", "minutes"):
        if key in data:
            setattr(item, key, data[key])
    item.save()
    return item


@transaction.atomic
def agenda_item_remove(*, actor: Actor, item: AgendaItem) -> None:
    """Take an item off the agenda. Refused once it is decided (the minutes refer to it)."""
    _require_manager(actor, item.meeting)
    if item.decision != Decision.PENDING:
        raise ConflictError("已议定的事项不能删除")
    meeting = item.meeting
    item.delete()
    _renumber(
        meeting, list(meeting.agenda_items.order_by("position", "id").values_list("id", flat=True))
    )


def _renumber(meeting: LiaisonMeeting, order: Sequence[int]) -> None:
    items = {i.pk: i for i in meeting.agenda_items.all()}
    for position, pk in enumerate(order):
        items[pk].position = position
    AgendaItem.objects.bulk_update([items[pk] for pk in order], ["position"])


@transaction.atomic
def agenda_reorder(*, actor: Actor, meeting: LiaisonMeeting, order: Sequence[int]) -> None:
    """Put the items in the given order; ``order`` lists every item id exactly once."""
    _require_manager(actor, meeting)
    _require_open(meeting)
    have = set(meeting.agenda_items.values_list("id", flat=True))
    if not isinstance(order, list | tuple) or not all(isinstance(i, int) for i in order):
        raise InvalidInputError(
            "order: expected a list of item ids", fields={"order": ["expected a list of item ids"]}
        )
    if len(order) != len(set(order)) or set(order) != have:
        message = "must list every item of the agenda exactly once"
        raise InvalidInputError(f"order: {message}", fields={"order": [message]})
    _renumber(meeting, order)


# --- Minutes -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_record_attendance(
    *, actor: Actor, meeting: LiaisonMeeting, present: Mapping[str, bool]
) -> None:
    """Record who came: ``present`` maps invited partners' codes to whether they came.
    Partners left out keep what was recorded before."""
    _require_manager(actor, meeting)
    _require_open(meeting)
    rows = {
        row.partner.code: row
        for row in MeetingAttendee.objects.filter(meeting=meeting).select_related("partner")
    }
    problems = Problems()
    for code, value in present.items():
        if code not in rows:
            problems.add(f"present.{code}", "not an invited partner of this meeting")
        elif not isinstance(value, bool):
            problems.add(f"present.{code}", "expected true or false")
    problems.raise_if_any()
    for code, value in present.items():
        rows[code].present = value
    MeetingAttendee.objects.bulk_update([rows[c] for c in present], ["present"])


@transaction.atomic
def agenda_item_decide(
    *,
    actor: Actor,
    item: AgendaItem,
    decision: str,
    minutes: str | None = None,
    offering: str | None = None,
    quantity: int | None = None,
) -> AgendaItem:
    """Record what the meeting decided about an item.

    - ``taken``: the partner of ``offering`` (a code) takes the item's need for
      ``quantity`` units (the need's quantity by default). The project is created already
      accepted, in the meeting's quarter, through ``needs.services.project_create``, which
      checks capacity;
    - ``deferred``: the need stays open and comes back at the next meeting;
    - ``closed``: the need is cancelled;
    - ``noted``: heard, nothing to do.
    Each item is decided once (``ConflictError`` after). ``minutes``, when given,
    replaces the item's record of the discussion.
    """
    meeting = item.meeting
    _require_manager(actor, meeting)
    _require_open(meeting)
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    item.refresh_from_db()
    if item.decision != Decision.PENDING:
        raise ConflictError("该事项已议定")
    problems = Problems()
    allowed = (Decision.TAKEN, Decision.DEFERRED, Decision.CLOSED, Decision.NOTED)
    if decision not in allowed:
        problems.add("decision", f"请选择议定结果 / expected one of {', '.join(allowed)}")
    if decision in (Decision.TAKEN, Decision.DEFERRED, Decision.CLOSED) and item.need is None:
        problems.add("decision", "该事项没有对应的需求 / this item has no need to decide about")
    chosen: Offering | None = None
    if decision == Decision.TAKEN:
        if not offering:
            problems.add(
                "offering", "选择合伙人认领时，请选定承接的资源 / required when a partner takes it"
            )
        else:
            chosen = offerings_visible_to(actor).filter(code=offering).first()
            if chosen is None:
                problems.add("offering", f"没有这项资源：{offering} / unknown offering code")
        if quantity is not None and (not isinstance(quantity, int) or quantity < 1):
            problems.add("quantity", "数量至少为 1 / must be 1 or more")
    if minutes is not None and not isinstance(minutes, str):
        problems.add("minutes", "expected text")
    check_text_length(problems, "minutes", minutes)
    problems.raise_if_any()
    need = item.need
    if decision == Decision.TAKEN and need is not None and chosen is not None:
        item.project = services.project_create(
            actor=actor,
            need=need,
            offering=chosen,
            quantity=quantity or need.quantity,
            status="accepted",
            quarter=meeting.quarter,
        )
    elif decision == Decision.CLOSED and need is not None:
        services.need_update(actor=actor, need=need, data={"status": Need.Status.CANCELLED})
    item.decision = decision
    item.decided_at = timezone.now()
    if minutes is not None:
        item.minutes = minutes
    item.save()
    return item


@transaction.atomic
def meeting_raise_need(
    *, actor: Actor, meeting: LiaisonMeeting, data: services.NeedData, minutes: str = ""
) -> AgendaItem:
    """A need raised at the meeting: posted through ``needs.services.need_post`` with
    source ``meeting`` and this meeting (in the meeting's community unless ``data``
    names one of its stations), and recorded as a decided item at the end of the agenda."""
    _require_manager(actor, meeting)
    _require_open(meeting)
    problems = Problems()
    check_text_length(problems, "minutes", minutes)
    problems.raise_if_any()
    data = services.NeedData(**data)
    data.setdefault("community", meeting.community.code)
    data["meeting"] = meeting.code
    data["source"] = Need.Source.MEETING
    need = services.need_post(actor=actor, data=data)
    return AgendaItem.objects.create(
        meeting=meeting,
        position=_next_position(meeting),
        kind=Kind.RAISED,
        title=need.title,
        body=need.description,
        need=need,
        details={"need": _need_summary(need)},
        minutes=minutes,
        decision=Decision.RAISED,
        decided_at=timezone.now(),
    )


@transaction.atomic
def meeting_close(
    *,
    actor: Actor,
    meeting: LiaisonMeeting,
    summary: str | None = None,
    host: str | None = None,
    recorder: str | None = None,
) -> LiaisonMeeting:
    """Mark the meeting held (its minutes are then final enough to export), with an
    optional overall summary and who chaired it (主持人) and took the minutes (记录人).
    Pending items stay pending: they were not reached."""
    _require_manager(actor, meeting)
    _require_open(meeting)
    problems = Problems()
    check_text_length(problems, "summary", summary)
    for name, value in (("host", host), ("recorder", recorder)):
        if value is not None and len(value.strip()) > 100:
            problems.add(name, "最多 100 字 / at most 100 characters")
    problems.raise_if_any()
    meeting.status = LiaisonMeeting.Status.HELD
    if summary is not None:
        meeting.minutes_summary = summary
    if host is not None:
        meeting.host = host.strip()
    if recorder is not None:
        meeting.recorder = recorder.strip()
    meeting.save()
    return meeting


# --- Exports ----------------------------------------------------------------------------------


@transaction.atomic
def agenda_export(
    *, actor: Actor, meeting: LiaisonMeeting, document: str, fmt: str
) -> MeetingExport:
    """Queue a document of the meeting (``agenda`` or ``minutes``) in a format (docx,
    pdf, xlsx, ics, html) for the actor. The task runs after the transaction commits;
    without a broker it has run when this returns. The document shows contact details
    only as far as the actor may see them. Writes an audit event, marked as holding
    personal data when the actor sees some attendee's contact details unmasked."""
    require(has_perm(actor, "meetings.export_meeting", meeting), "you may not export this meeting")
    problems = Problems()
    if document not in MeetingExport.Document.values:
        problems.add("document", f"expected one of {', '.join(MeetingExport.Document.values)}")
    if fmt not in MeetingExport.Format.values:
        problems.add("format", f"expected one of {', '.join(MeetingExport.Format.values)}")
    problems.raise_if_any()
    export = MeetingExport.objects.create(
        meeting=meeting, requested_by_id=cast(int, actor.pk), document=document, format=fmt
    )
    enqueue_on_commit("meetings.tasks.build_meeting_export", export.pk)
    # The export holds these partners' contacts unmasked: the organiser's invited
    # partners, and those the actor sees anyway.
    invited = LiaisonMeeting.objects.prefetch_related(
        Prefetch("attendee_rows", queryset=MeetingAttendee.objects.select_related("partner"))
    ).get(pk=meeting.pk)
    unmasked = [
        row.partner.code
        for row in invited.attendee_rows.all()
        if sees_contact(actor, row.partner, meeting=invited)
    ]
    audit_event_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        what=f"联席会{chinese(export.get_document_display())} {fmt}: {meeting.code}",
        scope=meeting.community,
        personal_data=bool(unmasked),
        detail={"export": export.pk, "unmasked_contacts": unmasked},
    )
    return export


def meeting_export_build(*, export: MeetingExport) -> MeetingExport:
    """Render a queued export as its requester sees the meeting and store the file (or
    the failure). Safe to run twice: a finished export is left alone."""
    from meetings.exports import render

    if export.status == MeetingExport.Status.DONE:
        return export
    try:
        content = render(
            meeting=export.meeting,
            viewer=export.requested_by,
            document=export.document,
            fmt=export.format,
        )
    except Exception as exc:
        export.status = MeetingExport.Status.FAILED
        export.error = f"{type(exc).__name__}: {exc}"[:500]
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "error", "finished_at"])
        raise
    export.content = content
    export.status = MeetingExport.Status.DONE
    export.finished_at = timezone.now()
    export.save(update_fields=["content", "status", "finished_at"])
    return export
