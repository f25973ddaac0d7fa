"""Writes of activities: publishing one, residents signing up (a waiting list once it
is full; a place freed moves the first waiting up and tells her), the reminder the day
before, check-in by the organiser, and the resident's rating.

Sign-ups to one activity are taken one at a time under the activity's row lock, so
they never exceed its places, whatever the number of residents at the same moment.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from centres.models import Activity, Booking, SignUp
from core.errors import ConflictError, has_perm, require
from core.problems import UNSTORABLE_MESSAGE, Problems
from core.validators import UNSTORABLE
from needs.models import Notification, Project
from needs.reminders import notify_once
from needs.services.notifications import notification_send
from partners.models import Community, Partner
from partners.selectors import scope_of
from partners.services import Actor

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3479"
# An activity may be how a project's work is done, while that work is under way.
WORK_UNDER_WAY = (Project.Status.ACCEPTED, Project.Status.IN_PROGRESS)


@dataclass(frozen=True)
class ActivityData:
    title: str
    start: dt.datetime
    end: dt.datetime
    capacity: int
    description: str = ""
    booking: Booking | None = None
    place: str = ""
    beneficiaries: tuple[str, ...] = ()
    signup_opens: dt.datetime | None = None
    signup_closes: dt.datetime | None = None
    outsiders_welcome: bool = False
    project: Project | None = None


def may_organise(actor: Actor, centre: Community, partner: Partner | None) -> bool:
    """The centre's administrators organise activities; a partner's members organise its
    own (a verified partner)."""
    if has_perm(actor, "centres.manage_rooms", centre):
        return True
    return (
        partner is not None
        and partner.status == Partner.Status.VERIFIED
        and partner.pk in scope_of(actor).partner_ids
    )


def runs_activity(actor: Actor, activity: Activity) -> bool:
    return may_organise(actor, activity.centre, activity.partner)


@transaction.atomic
def activity_publish(
    *, actor: Actor, centre: Community, data: ActivityData, partner: Partner | None = None
) -> Activity:
    """Publish an activity in ``centre``. Held in a room of the centre, it names the
    approved booking that holds the room over its time; elsewhere it names the place.
    Sign-up opens now (or at ``signup_opens``) and closes when it starts (or earlier)."""
    require(
        may_organise(actor, centre, partner),
        "只有社区或承办合伙人可以发布活动 / only the community or the organising partner",
        "centre",
    )
    problems = Problems()
    title = (data.title or "").strip()
    if not title or len(title) > 200 or UNSTORABLE.search(title):
        problems.add("title", "1 到 200 个字 / 1 to 200 characters")
    if UNSTORABLE.search(data.description) or UNSTORABLE.search(data.place):
        problems.add("description", UNSTORABLE_MESSAGE)
    if data.end <= data.start:
        problems.add("end", "结束时间应晚于开始时间 / ends after it starts")
    if data.start < timezone.now():
        problems.add("start", "活动时间已过 / that time has passed")
    if isinstance(data.capacity, bool) or not 1 <= data.capacity <= 10_000:
        problems.add("capacity", "名额应为 1 到 10000 / 1 to 10000 places")
    booking = data.booking
    if booking is not None:
        if (
            booking.status != Booking.Status.APPROVED
            or booking.room.centre_id != centre.pk
            or booking.start > data.start
            or booking.end < data.end
        ):
            problems.add(
                "booking",
                "应为本中心已批准、覆盖活动时间的场地预约 / an approved booking of this "
                "centre's room covering the activity",
            )
        elif data.capacity > booking.room.capacity:
            problems.add(
                "capacity",
                f"超过{booking.room.name}可容纳的 {booking.room.capacity} 人 / "
                "more than the room holds",
            )
    elif not data.place.strip():
        problems.add("place", "请选择活动室预约或填写地点 / a booked room or a place")
    project = data.project
    if project is not None and (
        project.status not in WORK_UNDER_WAY
        or project.offering.partner_id != (partner.pk if partner else None)
    ):
        problems.add(
            "project",
            "应为承办合伙人已接单、尚未完成的项目 / a project the organising partner has "
            "accepted and not yet delivered",
        )
    opens = data.signup_opens or timezone.now()
    closes = data.signup_closes or data.start
    if closes < opens or closes > data.start:
        problems.add("signup_closes", "报名应在活动开始前截止 / sign-up closes before it starts")
    problems.raise_if_any()
    return Activity.objects.create(
        centre=centre,
        partner=partner,
        title=title,
        description=data.description.strip(),
        start=data.start,
        end=data.end,
        booking=booking,
        place="" if booking is not None else data.place.strip(),
        capacity=data.capacity,
        beneficiaries=list(data.beneficiaries),
        signup_opens=opens,
        signup_closes=closes,
        outsiders_welcome=data.outsiders_welcome,
        project=project,
        created_by_id=scope_of(actor).user_id,
    )


def _new_code(activity: Activity) -> str:
    taken = set(activity.signups.values_list("code", flat=True))
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if code not in taken:
            return code


def may_join(actor: Actor, activity: Activity) -> bool:
    """Residents of the activity's community (of the community above, for a station's),
    or of anywhere when it welcomes outsiders."""
    scope = scope_of(actor)
    if scope.user_id is None:
        return False
    if activity.outsiders_welcome:
        return True
    places = {activity.centre_id, activity.centre.parent_id}
    return bool(places & set(scope.home_ids))


@transaction.atomic
def signup_join(*, actor: Actor, activity: Activity) -> SignUp:
    """Sign up for ``activity``: a place while there is one, else the waiting list.
    One sign-up per resident and activity; only while sign-up is open."""
    require(
        may_join(actor, activity),
        "这个活动面向本社区居民 / this activity is for the community's residents",
        "activity",
    )
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    now = timezone.now()
    if locked.status != Activity.Status.PUBLISHED:
        raise ConflictError("活动已取消 / the activity is cancelled")
    if now < locked.signup_opens or now > locked.signup_closes:
        raise ConflictError("不在报名时间内 / sign-up is not open")
    user_id = scope_of(actor).user_id
    if user_id is None:  # may_join refused the anonymous already
        raise ConflictError("请先登录 / sign in first")
    if locked.signups.filter(resident_id=user_id).exclude(status=SignUp.Status.CANCELLED).exists():
        raise ConflictError("您已报名 / you have signed up already")
    taken = locked.signups.filter(status=SignUp.Status.CONFIRMED).count()
    status = SignUp.Status.CONFIRMED if taken < locked.capacity else SignUp.Status.WAITLISTED
    return SignUp.objects.create(
        activity=locked, resident_id=user_id, status=status, code=_new_code(locked)
    )


def waiting_position(signup: SignUp) -> int:
    """Her place on the waiting list (1 is next), 0 when she is not waiting."""
    if signup.status != SignUp.Status.WAITLISTED:
        return 0
    ahead = SignUp.objects.filter(
        activity_id=signup.activity_id, status=SignUp.Status.WAITLISTED
    ).filter(
        Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, id__lt=signup.pk)
    )
    return ahead.count() + 1


@transaction.atomic
def signup_cancel(*, actor: Actor, signup: SignUp) -> SignUp | None:
    """She (or the organiser) cancels a sign-up; a place freed goes to the first on the
    waiting list, who is told. Answers the sign-up moved up, if any."""
    activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
    require(
        signup.resident_id == scope_of(actor).user_id or runs_activity(actor, activity),
        "您不能取消这个报名 / you may not cancel this sign-up",
        "signup",
    )
    row = SignUp.objects.select_for_update().get(pk=signup.pk)
    if row.status == SignUp.Status.CANCELLED:
        raise ConflictError("报名已取消 / already cancelled")
    freed = row.status == SignUp.Status.CONFIRMED
    row.status = SignUp.Status.CANCELLED
    row.save(update_fields=["status"])
    signup.status = row.status
    if not freed or activity.start <= timezone.now():
        return None
    first = (
        activity.signups.select_for_update()
        .filter(status=SignUp.Status.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )
    if first is None:
        return None
    first.status = SignUp.Status.CONFIRMED
    first.save(update_fields=["status"])
    notification_send(
        recipient_ids=[first.resident_id],
        kind=Notification.Kind.ACTIVITY,
        text=(
            f"候补成功：「{activity.title}」有人取消，您已报上名，"
            f"{timezone.localtime(activity.start):%m月%d日 %H:%M} 见"
        ),
    )
    return first


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """The day before: everyone with a place at an activity starting within a day is
    reminded once (签到码 included). Returns how many notices."""
    moment = now or timezone.now()
    soon = Activity.objects.filter(
        status=Activity.Status.PUBLISHED,
        start__gt=moment,
        start__lte=moment + dt.timedelta(days=1),
    ).select_related("booking__room")
    sent = 0
    for activity in soon:
        where = activity.booking.room.name if activity.booking else activity.place
        for signup in activity.signups.filter(status=SignUp.Status.CONFIRMED):
            sent += notify_once(
                recipient_ids=[signup.resident_id],
                kind=Notification.Kind.ACTIVITY,
                text=(
                    f"活动提醒：「{activity.title}」"
                    f"{timezone.localtime(activity.start):%m月%d日 %H:%M}，{where}；"
                    f"签到码 {signup.code}"
                ),
                key=f"activity-reminder:{activity.pk}",
            )
    return sent


@transaction.atomic
def signup_check_in(*, actor: Actor, activity: Activity, code: str) -> SignUp:
    """The organiser checks a resident in, by the code she shows (or the list's)."""
    require(
        runs_activity(actor, activity),
        "只有组织者可以签到 / only the organiser checks residents in",
        "activity",
    )
    row = (
        activity.signups.select_for_update()
        .filter(code=(code or "").strip().upper(), status=SignUp.Status.CONFIRMED)
        .first()
    )
    if row is None:
        problems = Problems()
        problems.add("code", "没有这个签到码的报名 / no confirmed sign-up with that code")
        problems.raise_if_any()
        raise AssertionError  # unreachable
    if row.checked_in_at is None:
        row.checked_in_at = timezone.now()
        row.save(update_fields=["checked_in_at"])
    return row


@transaction.atomic
def signup_rate(*, actor: Actor, signup: SignUp, rating: int, comment: str = "") -> SignUp:
    """After the activity, a resident who came rates it (1–5, once)."""
    require(
        signup.resident_id == scope_of(actor).user_id,
        "只有参加的居民可以评价 / only the resident who came rates it",
        "signup",
    )
    problems = Problems()
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        problems.add("rating", "1 到 5 / 1 to 5")
    if len(comment) > 500 or UNSTORABLE.search(comment):
        problems.add("comment", "不超过 500 字 / at most 500 characters")
    problems.raise_if_any()
    row = SignUp.objects.select_for_update().select_related("activity").get(pk=signup.pk)
    if row.checked_in_at is None:
        raise ConflictError("签到后才能评价 / rate what you came to")
    if row.activity.end > timezone.now():
        raise ConflictError("活动结束后才能评价 / rate it once it is over")
    if row.rating is not None:
        raise ConflictError("已评价 / already rated")
    row.rating = rating
    row.comment = comment.strip()
    row.save(update_fields=["rating", "comment"])
    return row
