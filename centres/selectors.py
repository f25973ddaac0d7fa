"""Reads of the service centres: the rooms one may book, a room's week, the bookings
waiting for one's approval. The API and the pages both read here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from centres.models import Activity, Booking, Room, SignUp
from core.queries import IdSet
from partners.selectors import community_subtree_ids, mask_name, scope_of

# The states a room's week shows: what holds the time, and what asks for it.
SHOWN = (Booking.Status.APPROVED, Booking.Status.PENDING)


def rooms_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Room]:
    """Everyone signed in sees the active rooms (what a centre offers is public to its
    neighbours); administrators also the rooms they closed, in their area."""
    scope = scope_of(user)
    if scope.user_id is None and not scope.everything:
        return Room.objects.none()
    rooms = Room.objects.select_related("centre")
    if scope.everything:
        return rooms
    return rooms.filter(Q(active=True) | Q(centre_id__in=IdSet(scope.area_ids)))


def bookings_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Booking]:
    """The centre's administrators see every booking of its rooms; others see the
    approved ones (what holds a room) and their own requests."""
    scope = scope_of(user)
    rows = Booking.objects.select_related("room__centre", "partner", "requested_by")
    if scope.everything:
        return rows
    if scope.user_id is None:
        return rows.none()
    return rows.filter(
        Q(room__centre_id__in=IdSet(scope.area_ids))
        | Q(status=Booking.Status.APPROVED)
        | Q(requested_by_id=scope.user_id)
    )


def sees_requester(user: AbstractBaseUser | AnonymousUser, booking: Booking) -> bool:
    """Who asked for a booking is shown to the centre's administrators and to herself."""
    scope = scope_of(user)
    return (
        scope.everything
        or booking.room.centre_id in scope.area_ids
        or (scope.user_id is not None and booking.requested_by_id == scope.user_id)
    )


@dataclass(frozen=True)
class WeekDay:
    day: dt.date
    bookings: list[Booking]


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def room_week(user: AbstractBaseUser | AnonymousUser, room: Room, monday: dt.date) -> list[WeekDay]:
    """The seven days from ``monday``, each with the room's bookings ``user`` may see
    (approved and pending), in time order."""
    tz = timezone.get_current_timezone()
    begin = timezone.make_aware(dt.datetime.combine(monday, dt.time.min), tz)
    end = begin + dt.timedelta(days=7)
    rows = list(
        bookings_visible_to(user)
        .filter(room=room, status__in=SHOWN, start__lt=end, end__gt=begin)
        .order_by("start", "id")
    )
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        days.append(
            WeekDay(day, [b for b in rows if timezone.localtime(b.start, tz).date() == day])
        )
    return days


def bookings_to_approve(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Booking]:
    """Pending bookings of the rooms in the centres ``user`` administers, first asked
    first (a weekly series once, by its first time)."""
    scope = scope_of(user)
    rows = Booking.objects.filter(status=Booking.Status.PENDING).select_related(
        "room__centre", "partner", "requested_by"
    )
    if not scope.everything:
        # The area already holds every community and station under the roles' roots.
        rows = rows.filter(room__centre_id__in=IdSet(scope.area_ids))
    return rows.order_by("created_at", "start", "id")


def first_of_each_series(rows: QuerySet[Booking]) -> list[tuple[Booking, int]]:
    """Each booking, or each weekly series once (its first time), with how many times."""
    seen: dict[str, tuple[Booking, int]] = {}
    single: list[tuple[Booking, int]] = []
    for booking in rows:
        if not booking.series:
            single.append((booking, 1))
            continue
        first, count = seen.get(booking.series, (booking, 0))
        seen[booking.series] = (min(first, booking, key=lambda b: b.start), count + 1)
    result = single + list(seen.values())
    return sorted(result, key=lambda pair: (pair[0].created_at, pair[0].start))


# --- Activities -------------------------------------------------------------------------------


def activities_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Activity]:
    """What is on is public to everyone signed in (residents choose where to go); who
    signed up is not (see :func:`signup_names_for`)."""
    scope = scope_of(user)
    if scope.user_id is None and not scope.everything:
        return Activity.objects.none()
    return Activity.objects.select_related("centre", "partner", "booking__room")


def activities_for_resident(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Activity]:
    """The activities she may join that have not ended: her community's (and its
    stations'), and others' that welcome everyone."""
    scope = scope_of(user)
    homes = community_subtree_ids(scope.home_ids) if scope.home_ids else frozenset()
    return (
        activities_visible_to(user)
        .filter(status=Activity.Status.PUBLISHED, end__gt=timezone.now())
        .filter(Q(centre_id__in=homes) | Q(outsiders_welcome=True))
        .order_by("start", "id")
    )


def places_taken(activity: Activity) -> tuple[int, int]:
    """(places taken, people waiting)."""
    rows = activity.signups.exclude(status=SignUp.Status.CANCELLED)
    return (
        rows.filter(status=SignUp.Status.CONFIRMED).count(),
        rows.filter(status=SignUp.Status.WAITLISTED).count(),
    )


def sees_signups(user: AbstractBaseUser | AnonymousUser, activity: Activity) -> str:
    """How much of the sign-ups ``user`` sees: ``"names"`` (the community's
    administrators), ``"first"`` (the organising partner's members: first characters of
    names only, never a phone), ``""`` (nobody else)."""
    scope = scope_of(user)
    if scope.everything or activity.centre_id in scope.area_ids:
        return "names"
    if activity.partner_id is not None and activity.partner_id in scope.partner_ids:
        return "first"
    return ""


def signup_name(user: AbstractBaseUser | AnonymousUser, signup: SignUp, view: str) -> str:
    person = signup.resident
    name = person.get_full_name() or person.get_username()
    return name if view == "names" else mask_name(name)


def my_signup(user: AbstractBaseUser | AnonymousUser, activity: Activity) -> SignUp | None:
    scope = scope_of(user)
    if scope.user_id is None:
        return None
    return (
        activity.signups.filter(resident_id=scope.user_id)
        .exclude(status=SignUp.Status.CANCELLED)
        .first()
    )


def activity_ratings(partner_ids: Sequence[int] | None = None) -> dict[int, tuple[int, int]]:
    """Residents' ratings of each partner's activities: ``{partner id: (how many, sum)}``
    (one query); the matching counts them in the partner's reliability like project
    ratings."""
    rows = SignUp.objects.filter(rating__isnull=False, activity__partner__isnull=False)
    if partner_ids is not None:
        rows = rows.filter(activity__partner_id__in=list(partner_ids))
    grouped = (
        rows.values("activity__partner_id")
        .annotate(n=Count("id"), total=Sum("rating"))
        .values_list("activity__partner_id", "n", "total")
    )
    return {pid: (int(n), int(total)) for pid, n, total in grouped}
