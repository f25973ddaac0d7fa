"""活动 on the pages: what is on in her community at phone width, signing up (or the
waiting list), her check-in code, the organiser's check-in, her rating afterwards, and
the community's calendar feed. The same services and selectors as /api/v1/activities/."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from centres import activities as services
from centres.models import Activity, Booking, CalendarFeed, SignUp
from centres.selectors import (
    activities_for_resident,
    activities_visible_to,
    bookings_visible_to,
    my_signup,
    places_taken,
    sees_signups,
    signup_name,
)
from core.errors import DomainError, NotAllowedError, has_perm
from frontend.views.common import area_communities
from frontend.views.projects import friendly
from partners.models import Community, Partner
from partners.selectors import scope_of


def _organises(request: HttpRequest) -> tuple[list[Community], list[Partner]]:
    centres = list(
        area_communities(request.user).filter(level__in=Community.NEED_LEVELS).order_by("code")
    )
    partners = list(
        Partner.objects.filter(
            id__in=scope_of(request.user).partner_ids, status=Partner.Status.VERIFIED
        ).order_by("name")
    )
    return centres, partners


def _rows(request: HttpRequest, activities: list[Activity]) -> list[dict[str, Any]]:
    rows = []
    for activity in activities:
        taken, waiting = places_taken(activity)
        mine = my_signup(request.user, activity)
        rows.append(
            {
                "activity": activity,
                "left": max(activity.capacity - taken, 0),
                "waiting": waiting,
                "mine": mine,
                "position": services.waiting_position(mine) if mine else 0,
            }
        )
    return rows


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    """What is on: a resident's community's activities (and those open to all); the
    community and partners see what they organise and publish more."""
    centres, partners = _organises(request)
    now = timezone.now()
    if centres or partners or scope_of(request.user).everything:
        shown = activities_visible_to(request.user).filter(end__gt=now).order_by("start", "id")
        if not scope_of(request.user).everything:
            shown = shown.filter(centre__in=centres) | shown.filter(partner__in=partners)
        activities = list(shown.distinct()[:100])
    else:
        activities = list(activities_for_resident(request.user)[:100])
    bookings = list(
        bookings_visible_to(request.user)
        .filter(status=Booking.Status.APPROVED, start__gt=now)
        .filter(requested_by_id=scope_of(request.user).user_id)
        .select_related("room")
        .order_by("start")[:50]
    )
    feeds = list(CalendarFeed.objects.filter(community__in=centres, revoked_at=None))
    return render(
        request,
        "frontend/activities/list.html",
        {
            "rows": _rows(request, activities),
            "centres": centres,
            "partners": partners,
            "bookings": bookings,
            "feeds": feeds,
        },
    )


def _when(day: str, clock: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(clock))
    except ValueError:
        return None
    return timezone.make_aware(moment, timezone.get_current_timezone())


@require_POST
@login_required
def activity_publish(request: HttpRequest) -> HttpResponse:
    """Publish an activity from the list page's form."""
    post = request.POST
    centre = Community.objects.filter(code=post.get("centre", "")).first()
    partner = Partner.objects.filter(code=post.get("partner", "")).first()
    booking = (
        bookings_visible_to(request.user).filter(pk=int(post["booking"])).first()
        if post.get("booking", "").isdigit()
        else None
    )
    start = _when(post.get("day", ""), post.get("start", ""))
    end = _when(post.get("day", ""), post.get("end", ""))
    if booking is not None and centre is None:
        centre = booking.room.centre
    if centre is None and partner is not None:
        centre = partner.community
    if centre is None or start is None or end is None:
        messages.error(request, _("请填写社区、日期和时间。"))
        return redirect("activities")
    capacity = post.get("capacity", "")
    try:
        activity = services.activity_publish(
            actor=request.user,
            centre=centre,
            partner=partner,
            data=services.ActivityData(
                title=post.get("title", ""),
                description=post.get("description", ""),
                start=start,
                end=end,
                capacity=int(capacity) if capacity.isdigit() else 0,
                booking=booking,
                place=post.get("place", ""),
                outsiders_welcome=post.get("outsiders_welcome") == "on",
            ),
        )
    except NotAllowedError:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, friendly(exc))
        return redirect("activities")
    messages.success(request, _("活动已发布，居民可以报名了。"))
    return redirect("activity-page", pk=activity.pk)


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity: her sign-up and check-in code, or the organiser's list to check in."""
    activity = get_object_or_404(activities_visible_to(request.user), pk=pk)
    view = sees_signups(request.user, activity)
    signups = []
    if view:
        rows = activity.signups.exclude(status=SignUp.Status.CANCELLED).select_related("resident")
        signups = [
            {"signup": s, "name": signup_name(request.user, s, view)}
            for s in rows.order_by("created_at", "id")
        ]
    (row,) = _rows(request, [activity])
    return render(
        request,
        "frontend/activities/detail.html",
        {
            "row": row,
            "activity": activity,
            "signups": signups,
            "organiser": services.runs_activity(request.user, activity),
            "over": activity.end <= timezone.now(),
            "may_join": services.may_join(request.user, activity),
        },
    )


@require_POST
@login_required
def activity_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Sign up, cancel, check a resident in (by code) or rate; refusals as messages."""
    activity = get_object_or_404(activities_visible_to(request.user), pk=pk)
    try:
        if action == "signup":
            signup = services.signup_join(actor=request.user, activity=activity)
            if signup.status == SignUp.Status.CONFIRMED:
                messages.success(request, _("报名成功！签到码 %(code)s") % {"code": signup.code})
            else:
                messages.success(
                    request,
                    _("名额已满，您在候补第 %(n)d 位；有人取消会通知您。")
                    % {"n": services.waiting_position(signup)},
                )
        elif action == "cancel":
            mine = my_signup(request.user, activity)
            if mine is None:
                raise Http404
            services.signup_cancel(actor=request.user, signup=mine)
            messages.success(request, _("已取消报名。"))
        elif action == "check-in":
            signup = services.signup_check_in(
                actor=request.user, activity=activity, code=request.POST.get("code", "")
            )
            messages.success(request, _("已签到：%(code)s") % {"code": signup.code})
        elif action == "rate":
            mine = my_signup(request.user, activity)
            if mine is None:
                raise Http404
            rating = request.POST.get("rating", "")
            services.signup_rate(
                actor=request.user,
                signup=mine,
                rating=int(rating) if rating.isdigit() else 0,
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, _("感谢评价！"))
        else:
            raise Http404
    except NotAllowedError:
        messages.error(request, _("您不能这样做。"))
    except DomainError as exc:
        messages.error(request, friendly(exc))
    return redirect("activity-page", pk=activity.pk)


@require_POST
@login_required
def feed_manage(request: HttpRequest) -> HttpResponse:
    """A community's administrators create its calendar link, or revoke it (a new link
    replaces it)."""
    community = get_object_or_404(Community, code=request.POST.get("community", ""))
    if not has_perm(request.user, "centres.manage_rooms", community):
        raise Http404
    CalendarFeed.objects.filter(community=community, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if request.POST.get("action") != "revoke":
        CalendarFeed.objects.create(community=community, token=secrets.token_urlsafe(32))
        messages.success(request, _("已生成新的日历订阅链接，旧链接失效。"))
    else:
        messages.success(request, _("日历订阅链接已停用。"))
    return redirect("activities")


def activity_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A community's activities as iCalendar, for calendar apps to subscribe to; the
    token in the link is the key (no sign-in), revoked by its administrators."""
    feed = CalendarFeed.objects.filter(token=token, revoked_at=None).select_related("community")
    found = feed.first()
    if found is None:
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//Jinlin//activities//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{found.community.name}活动")
    rows = (
        Activity.objects.filter(
            centre=found.community,
            status=Activity.Status.PUBLISHED,
            end__gt=timezone.now() - dt.timedelta(days=30),
        )
        .select_related("booking__room", "partner")
        .order_by("start")
    )
    for activity in rows:
        event = Event()
        event.add("uid", f"activity-{activity.pk}@jinlin")
        event.add("summary", activity.title)
        event.add("dtstart", activity.start)
        event.add("dtend", activity.end)
        event.add("dtstamp", activity.created_at)
        event.add("location", activity.booking.room.name if activity.booking else activity.place)
        if activity.description:
            event.add("description", activity.description)
        calendar.add_component(event)
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
