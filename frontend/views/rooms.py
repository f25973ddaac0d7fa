"""活动室 on the pages: the centres' rooms, a room's week as a grid, booking it (its
clashes listed before confirming) and the secretary's approvals. The same services and
selectors as ``/api/v1/rooms/`` and ``/api/v1/bookings/``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centres import services
from centres.models import Booking
from centres.selectors import (
    bookings_to_approve,
    bookings_visible_to,
    first_of_each_series,
    monday_of,
    room_week,
    rooms_visible_to,
)
from core.errors import DomainError, NotAllowedError, has_perm
from frontend.forms import add_domain_errors
from frontend.forms.rooms import BookingForm, RoomForm
from frontend.views.common import area_communities
from frontend.views.projects import friendly
from partners.models import Community, Partner
from partners.selectors import scope_of


def _partners(request: HttpRequest) -> list[tuple[str, str]]:
    rows = Partner.objects.filter(
        id__in=scope_of(request.user).partner_ids, status=Partner.Status.VERIFIED
    ).order_by("name")
    return [(p.code, p.name) for p in rows]


def _centres(request: HttpRequest) -> list[tuple[str, str]]:
    rows = area_communities(request.user).filter(level__in=Community.NEED_LEVELS).order_by("code")
    return [(c.code, c.name) for c in rows]


@login_required
def room_list(request: HttpRequest) -> HttpResponse:
    """The rooms of the centres, by centre; administrators add rooms and see the
    bookings waiting for their approval."""
    rooms = list(rooms_visible_to(request.user).order_by("centre__code", "name"))
    centres = _centres(request)
    form = RoomForm(request.POST or None, centres=centres) if centres else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                room = services.room_save(
                    actor=request.user,
                    centre=Community.objects.get(code=data["centre"]),
                    name=data["name"],
                    capacity=data["capacity"],
                    equipment=data["equipment"],
                    opens=data["opens"],
                    closes=data["closes"],
                    open_booking=data["open_booking"],
                )
            except NotAllowedError:
                raise Http404 from None
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("已添加活动室。"))
                return redirect("room-page", pk=room.pk)
    waiting = first_of_each_series(bookings_to_approve(request.user)) if centres else []
    return render(
        request,
        "frontend/rooms/list.html",
        {"rooms": rooms, "form": form, "waiting": waiting},
    )


def _week(request: HttpRequest) -> dt.date:
    try:
        return monday_of(dt.date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return monday_of(timezone.localdate())


@login_required
def room_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A room's week as a grid (seven days; one column on a phone), and the booking
    form: 查看时段 lists the times and what clashes, 确认预约 books."""
    room = get_object_or_404(rooms_visible_to(request.user), pk=pk)
    monday = _week(request)
    form = BookingForm(request.POST or None, partners=_partners(request))
    slots: list[services.Slot] = []
    if request.method == "POST" and form.is_valid():
        start, end = form.times()
        data = form.cleaned_data
        partner = Partner.objects.filter(code=data.get("partner") or "").first()
        if request.POST.get("confirm"):
            try:
                made = services.booking_request(
                    actor=request.user,
                    room=room,
                    start=start,
                    end=end,
                    purpose=data["purpose"],
                    partner=partner,
                    weeks=data["weeks"],
                    skip_clashes=data["skip_clashes"],
                )
            except NotAllowedError:
                messages.error(request, _("您不能预约这个活动室。"))
            except DomainError as exc:
                messages.error(request, friendly(exc))
                slots = services.booking_slots(room=room, start=start, end=end, weeks=data["weeks"])
            else:
                if made[0].status == Booking.Status.APPROVED:
                    messages.success(request, _("预约成功，已自动批准。"))
                else:
                    messages.success(request, _("已提交预约，等社区审批；结果会通知您。"))
                return redirect(
                    f"{request.path}?week={monday_of(timezone.localtime(start).date())}"
                )
        else:
            slots = services.booking_slots(room=room, start=start, end=end, weeks=data["weeks"])
    days = room_week(request.user, room, monday)
    return render(
        request,
        "frontend/rooms/detail.html",
        {
            "room": room,
            "days": days,
            "monday": monday,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "form": form,
            "slots": slots,
            "clashes": sum(1 for s in slots if s.clash is not None),
            "manages": has_perm(request.user, "centres.manage_rooms", room.centre),
            "today": timezone.localdate(),
        },
    )


@require_POST
@login_required
def booking_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Approve, decline (with a reason) or cancel a booking; refusals come back as a
    message."""
    booking = get_object_or_404(bookings_visible_to(request.user), pk=pk)
    try:
        if action == "approve":
            rows = services.booking_approve(actor=request.user, booking=booking)
        elif action == "decline":
            rows = services.booking_decline(
                actor=request.user, booking=booking, reason=request.POST.get("reason", "")
            )
        elif action == "cancel":
            rows = services.booking_cancel(
                actor=request.user,
                booking=booking,
                whole_series=request.POST.get("whole_series") == "on",
            )
        else:
            raise Http404
    except NotAllowedError:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, friendly(exc))
    else:
        done = {"approve": _("已批准"), "decline": _("已退回"), "cancel": _("已取消")}[action]
        messages.success(request, _("%(done)s %(n)d 个时段。") % {"done": done, "n": len(rows)})
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("room-page", pk=booking.room_id)


def context_for_home(request: HttpRequest) -> dict[str, Any]:
    """The bookings waiting for the secretary's approval, for her home."""
    waiting = first_of_each_series(bookings_to_approve(request.user))
    return {"bookings_waiting": waiting[:5], "bookings_waiting_count": len(waiting)}
