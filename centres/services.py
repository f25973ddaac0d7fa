"""Writes of the service centres: rooms, and bookings that never clash.

Every booking that may become approved is checked under the room's row lock
(``SELECT … FOR UPDATE``): no two approved bookings of a room overlap, whatever the
number of requests at the same moment. On PostgreSQL the exclusion constraint
``booking_no_overlap`` refuses it in the database as well; its error becomes the same
``ConflictError``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from centres.models import Booking, Room
from core.errors import ConflictError, has_perm, require
from core.problems import UNSTORABLE_MESSAGE, Problems, reason_text
from core.validators import UNSTORABLE
from needs.models import Notification
from needs.services.notifications import notification_send
from partners.models import Community, Partner, Role
from partners.selectors import scope_of
from partners.services import Actor

# A weekly booking repeats at most this many weeks (a quarter and a little).
MAX_WEEKS = 16
# How far ahead a room may be booked.
MAX_AHEAD = dt.timedelta(days=200)


@dataclass(frozen=True)
class Slot:
    """One wanted time of a room and, when it clashes, the approved booking in the way."""

    start: dt.datetime
    end: dt.datetime
    clash: Booking | None = None


# --- Rooms -----------------------------------------------------------------------------------


@transaction.atomic
def room_save(
    *,
    actor: Actor,
    centre: Community,
    name: str,
    capacity: int,
    equipment: str = "",
    opens: dt.time = dt.time(8, 30),
    closes: dt.time = dt.time(21, 0),
    open_booking: bool = False,
    room: Room | None = None,
) -> Room:
    """Add a room to ``centre`` (or change ``room``): its administrators only (of the
    room's present centre too, when it moves)."""
    require(
        has_perm(actor, "centres.manage_rooms", centre)
        and (room is None or has_perm(actor, "centres.manage_rooms", room.centre)),
        "只有社区可以管理活动室 / only the centre's community manages its rooms",
        "centre",
    )
    problems = Problems()
    if centre.level not in Community.NEED_LEVELS:
        problems.add("centre", "活动室属于社区或站点 / a room belongs to a community or station")
    title = (name or "").strip()
    if not title or len(title) > 100 or UNSTORABLE.search(title):
        problems.add("name", "1 到 100 个字 / 1 to 100 characters")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= 10_000:
        problems.add("capacity", "应为 1 到 10000 的整数 / a whole number 1 to 10000")
    if closes <= opens:
        problems.add("closes", "关闭时间应晚于开放时间 / closes after it opens")
    if len(equipment) > 300 or UNSTORABLE.search(equipment):
        problems.add("equipment", "不超过 300 字 / at most 300 characters")
    clash = Room.objects.filter(centre=centre, name=title)
    if room is not None:
        clash = clash.exclude(pk=room.pk)
    if title and clash.exists():
        problems.add("name", f"本中心已有「{title}」/ the centre already has a room of that name")
    problems.raise_if_any()
    target = room or Room(centre=centre)
    target.centre = centre
    target.name = title
    target.capacity = capacity
    target.equipment = equipment.strip()
    target.opens, target.closes = opens, closes
    target.open_booking = open_booking
    target.save()
    return target


# --- Bookings --------------------------------------------------------------------------------


def _occurrences(
    start: dt.datetime, end: dt.datetime, weeks: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The times of a booking repeated weekly, in local time (the same hours each week,
    whatever the clocks do)."""
    tz = timezone.get_current_timezone()
    local_start, local_end = timezone.localtime(start, tz), timezone.localtime(end, tz)
    result = []
    for week in range(weeks):
        shift = dt.timedelta(weeks=week)
        result.append(
            (
                timezone.make_aware((local_start + shift).replace(tzinfo=None), tz),
                timezone.make_aware((local_end + shift).replace(tzinfo=None), tz),
            )
        )
    return result


def _check_times(problems: Problems, room: Room, start: dt.datetime, end: dt.datetime) -> None:
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    if end <= start:
        problems.add("end", "结束时间应晚于开始时间 / ends after it starts")
        return
    if local_start.date() != local_end.date():
        problems.add("end", "预约应在同一天内 / a booking stays within one day")
    elif local_start.time() < room.opens or local_end.time() > room.closes:
        problems.add(
            "start",
            f"活动室开放时间为 {room.opens:%H:%M}–{room.closes:%H:%M} / "
            f"the room is open {room.opens:%H:%M}–{room.closes:%H:%M}",
        )
    now = timezone.now()
    if start < now:
        problems.add("start", "不能预约过去的时间 / that time has passed")
    elif start > now + MAX_AHEAD:
        problems.add("start", "最多提前 200 天预约 / at most 200 days ahead")


def _clash(
    room: Room, start: dt.datetime, end: dt.datetime, *, excluding: int | None = None
) -> Booking | None:
    """The approved booking of ``room`` overlapping [start, end), if any."""
    rows = Booking.objects.filter(
        room=room, status=Booking.Status.APPROVED, start__lt=end, end__gt=start
    ).select_related("partner")
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return rows.order_by("start").first()


def booking_slots(
    *, room: Room, start: dt.datetime, end: dt.datetime, weeks: int = 1
) -> list[Slot]:
    """The times a (weekly) booking would take, each with the approved booking it
    clashes with: what the form lists before the booking is confirmed. Writes nothing."""
    return [Slot(s, e, _clash(room, s, e)) for s, e in _occurrences(start, end, weeks)]


def _may_book(actor: Actor, room: Room, partner: Partner | None) -> bool:
    scope = scope_of(actor)
    if scope.everything or has_perm(actor, "centres.manage_rooms", room.centre):
        return True
    if partner is not None:
        return partner.pk in scope.partner_ids and partner.status == Partner.Status.VERIFIED
    # A resident group books through one of its residents.
    return room.centre_id in scope.home_ids or (
        room.centre.parent_id is not None and room.centre.parent_id in scope.home_ids
    )


def _admin_ids(room: Room) -> list[int]:
    places = [room.centre_id]
    if room.centre.parent_id is not None and room.centre.level == Community.Level.STATION:
        places.append(room.centre.parent_id)
    return list(
        Role.objects.filter(kind=Role.Kind.SECRETARY, community_id__in=places)
        .values_list("user_id", flat=True)
        .distinct()
    )


def _saved(booking: Booking) -> Booking:
    """Save ``booking``; PostgreSQL's exclusion constraint is the last word on clashes."""
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        if "booking_no_overlap" in str(exc):
            raise ConflictError(
                "该时段已被预约 / the room is already booked then",
                fields={"start": ["clashes with an approved booking"]},
            ) from exc
        raise
    return booking


@transaction.atomic
def booking_request(
    *,
    actor: Actor,
    room: Room,
    start: dt.datetime,
    end: dt.datetime,
    purpose: str,
    partner: Partner | None = None,
    weeks: int = 1,
    skip_clashes: bool = False,
) -> list[Booking]:
    """Request ``room`` from ``start`` to ``end``, repeated weekly ``weeks`` times.

    Secretaries over the centre book it for the community; a partner's members for
    their verified partner (``partner``); residents of the community for a resident
    group. A room marked ``open_booking`` approves what clashes with nothing at once;
    otherwise the centre's secretaries are asked. A time that clashes with an approved
    booking refuses the whole request (``ConflictError`` listing each clash, field
    ``occurrences.N``) unless ``skip_clashes``, which books the others."""
    require(
        room.active and _may_book(actor, room, partner),
        "您不能预约这个活动室 / you may not book this room",
        "room",
    )
    problems = Problems()
    text = (purpose or "").strip()
    if UNSTORABLE.search(text):
        problems.add("purpose", UNSTORABLE_MESSAGE)
    elif not text or len(text) > 200:
        problems.add("purpose", "请写明用途（不超过 200 字）/ say what it is for (at most 200)")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        problems.add("weeks", f"每周重复 1 到 {MAX_WEEKS} 次 / 1 to {MAX_WEEKS} weeks")
        problems.raise_if_any()
    _check_times(problems, room, start, end)
    problems.raise_if_any()
    last_start, _ = _occurrences(start, end, weeks)[-1]
    if last_start > timezone.now() + MAX_AHEAD:
        problems.add("weeks", "最多提前 200 天预约 / at most 200 days ahead")
        problems.raise_if_any()
    # One at a time per room: the clash check and the approval happen under this lock.
    locked = Room.objects.select_for_update().select_related("centre").get(pk=room.pk)
    slots = booking_slots(room=locked, start=start, end=end, weeks=weeks)
    clashes = [(i, slot) for i, slot in enumerate(slots) if slot.clash is not None]
    if clashes and (not skip_clashes or len(clashes) == len(slots)):
        fields = {
            f"occurrences.{i}": [
                f"{timezone.localtime(slot.start):%Y-%m-%d %H:%M} 已被「{slot.clash.purpose}」预约"
                if slot.clash is not None
                else ""
            ]
            for i, slot in clashes
        }
        raise ConflictError(
            f"有 {len(clashes)} 个时段已被预约 / {len(clashes)} of the times are already booked",
            fields=fields,
        )
    series = uuid.uuid4().hex if weeks > 1 else ""
    status = Booking.Status.APPROVED if locked.open_booking else Booking.Status.PENDING
    user_id = scope_of(actor).user_id
    made = [
        _saved(
            Booking(
                room=locked,
                start=slot.start,
                end=slot.end,
                purpose=text,
                partner=partner,
                requested_by_id=user_id,
                status=status,
                series=series,
            )
        )
        for slot in slots
        if slot.clash is None
    ]
    if status == Booking.Status.PENDING:
        first = timezone.localtime(made[0].start)
        notification_send(
            recipient_ids=_admin_ids(locked),
            kind=Notification.Kind.BOOKING,
            text=(
                f"场地预约待审批：{locked.name} {first:%m-%d %H:%M} 起"
                f"{'，每周一次共 ' + str(len(made)) + ' 次' if len(made) > 1 else ''}"
                f"（{partner.name if partner else text}）"
            ),
        )
    return made


def _state_message(booking: Booking, verb: str) -> str:
    label = Booking.Status(booking.status).label
    return f"预约{label}，不能{verb} / the booking is {booking.status}"


def _series_of(booking: Booking, whole: bool) -> list[Booking]:
    if whole and booking.series:
        return list(
            Booking.objects.filter(series=booking.series, status=booking.status).order_by("start")
        )
    return [booking]


@transaction.atomic
def booking_approve(*, actor: Actor, booking: Booking, whole_series: bool = True) -> list[Booking]:
    """The centre's administrators approve a pending booking (with the rest of its weekly
    series, by default). Refused, naming the time, when it now clashes with an approved
    booking: none of the series is approved then."""
    require(
        has_perm(actor, "centres.manage_rooms", booking.room.centre),
        "只有社区可以审批场地预约 / only the centre's community approves bookings",
        "booking",
    )
    Room.objects.select_for_update().get(pk=booking.room_id)
    rows = [b for b in _series_of(booking, whole_series) if b.status == Booking.Status.PENDING]
    if not rows:
        raise ConflictError(_state_message(booking, "审批"))
    problems = Problems()
    for i, row in enumerate(rows):
        clash = _clash(row.room, row.start, row.end, excluding=row.pk)
        if clash is not None:
            problems.add(
                f"occurrences.{i}",
                f"{timezone.localtime(row.start):%Y-%m-%d %H:%M} 已被「{clash.purpose}」预约",
            )
    if problems.fields:
        raise ConflictError(
            "有时段已被预约，未批准 / some of the times are already booked", fields=problems.fields
        )
    user_id = scope_of(actor).user_id
    for row in rows:
        row.status = Booking.Status.APPROVED
        row.decided_by_id = user_id
        _saved(row)
    if rows[0].requested_by_id is not None:
        notification_send(
            recipient_ids=[rows[0].requested_by_id],
            kind=Notification.Kind.BOOKING,
            text=(
                f"场地预约已批准：{rows[0].room.name} "
                f"{timezone.localtime(rows[0].start):%m-%d %H:%M}"
                f"{'，每周一次共 ' + str(len(rows)) + ' 次' if len(rows) > 1 else ''}"
            ),
        )
    return rows


@transaction.atomic
def booking_decline(
    *, actor: Actor, booking: Booking, reason: str, whole_series: bool = True
) -> list[Booking]:
    """The centre's administrators decline a pending booking, with a reason."""
    require(
        has_perm(actor, "centres.manage_rooms", booking.room.centre),
        "只有社区可以审批场地预约 / only the centre's community approves bookings",
        "booking",
    )
    text = reason_text(reason)
    rows = [b for b in _series_of(booking, whole_series) if b.status == Booking.Status.PENDING]
    if not rows:
        raise ConflictError(_state_message(booking, "审批"))
    user_id = scope_of(actor).user_id
    for row in rows:
        row.status = Booking.Status.DECLINED
        row.decided_by_id = user_id
        row.reason = text
        row.save(update_fields=["status", "decided_by", "reason"])
    if rows[0].requested_by_id is not None:
        notification_send(
            recipient_ids=[rows[0].requested_by_id],
            kind=Notification.Kind.BOOKING,
            text=f"场地预约未获批准：{rows[0].room.name}（{text}）",
        )
    return rows


@transaction.atomic
def booking_cancel(*, actor: Actor, booking: Booking, whole_series: bool = False) -> list[Booking]:
    """Whoever requested a booking, or the centre's administrators, cancel it (and, with
    ``whole_series``, the rest of its weekly series still to come); the time is free."""
    user_id = scope_of(actor).user_id
    require(
        booking.requested_by_id == user_id
        or has_perm(actor, "centres.manage_rooms", booking.room.centre),
        "您不能取消这个预约 / you may not cancel this booking",
        "booking",
    )
    rows = _series_of(booking, whole_series)
    rows = [
        b
        for b in rows
        if b.status in (Booking.Status.PENDING, Booking.Status.APPROVED)
        and (b.pk == booking.pk or b.start >= timezone.now())
    ]
    if not rows:
        raise ConflictError(_state_message(booking, "取消"))
    for row in rows:
        row.status = Booking.Status.CANCELLED
        row.save(update_fields=["status"])
    return rows
