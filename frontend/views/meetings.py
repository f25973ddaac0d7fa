"""党建联席会: the meetings list, scheduling, and one meeting's page where the secretary
draws up the agenda, records the minutes and exports both. Every change calls
``needs.services`` or ``meetings.services``, the same services as the API."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.errors import DomainError
from frontend.forms import add_domain_errors
from frontend.forms.meetings import (
    AddItemForm,
    DecisionForm,
    ExportForm,
    ItemForm,
    MeetingForm,
    RaiseNeedForm,
)
from frontend.views.common import area_communities
from frontend.views.projects import page_message
from matching.engine.quarters import Quarter
from meetings import selectors as meeting_selectors
from meetings import services as meetings
from meetings.exports import MEDIA_TYPES
from meetings.exports.content import new_partners_summary
from needs.models import AgendaItem, LiaisonMeeting, MeetingAttendee, MeetingExport
from needs.selectors import meetings_visible_to
from partners.models import Partner
from partners.selectors import contact_for, partners_visible_to


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings the user sees, newest first."""
    rows = meetings_visible_to(request.user).select_related("community").order_by("-date", "code")
    return render(
        request,
        "frontend/meetings/list.html",
        {"meetings": rows[:200], "can_schedule": area_communities(request.user).exists()},
    )


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    """Schedule the quarter's meeting: date, time, place, invited partners."""
    communities = area_communities(request.user)
    if not communities.exists():
        raise Http404
    partners = partners_visible_to(request.user).filter(status=Partner.Status.VERIFIED)
    quarter = Quarter.of(timezone.localdate())
    form = MeetingForm(
        request.POST or None,
        communities=communities,
        partners=partners.order_by("name", "code"),
        initial={
            "community": communities.order_by("code").first(),
            "title": meeting_title(quarter),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.meeting_schedule(actor=request.user, data=form.service_data())  # type: ignore[arg-type]
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, gettext("联席会已安排。"))
            return redirect("meeting-page", code=meeting.code)
    chosen = set(form["attendees"].value() or [])
    groups: dict[str, list[dict[str, Any]]] = {}
    for partner in form.fields["attendees"].queryset:  # type: ignore[attr-defined]
        groups.setdefault(partner.get_kind_display(), []).append(
            {"partner": partner, "checked": partner.code in chosen}
        )
    return render(
        request, "frontend/meetings/form.html", {"form": form, "groups": sorted(groups.items())}
    )


NUMERALS = "一二三四"


def meeting_title(quarter: Quarter) -> str:
    """The usual title of a quarter's meeting: 2026年第四季度党建联席会."""
    return f"{quarter.year}年第{NUMERALS[quarter.number - 1]}季度党建联席会"


def _meeting(request: HttpRequest, code: str) -> LiaisonMeeting:
    meeting = meetings.meeting_for(request.user, code)
    if meeting is None:
        raise Http404
    return meeting


@login_required
def meeting_detail(request: HttpRequest, code: str) -> HttpResponse:
    meeting = _meeting(request, code)
    manages = request.user.has_perm("meetings.edit_meeting", meeting)
    attendees = []
    # The organiser sees the contacts of the partners she invited (``sees_contact``).
    prefetch_related_objects(
        [meeting],
        Prefetch(
            "attendee_rows",
            queryset=MeetingAttendee.objects.select_related("partner__community"),
        ),
    )
    for row in meeting.attendee_rows.all():
        contact = contact_for(request.user, row.partner, meeting=meeting)
        attendees.append({"row": row, "contact": contact.name, "phone": contact.phone})
    items = list(meeting_selectors.agenda_of(meeting))
    for item in items:
        if item.kind == AgendaItem.Kind.NEW_PARTNERS:
            # Said as the documents say it: counts and names, the full list folded away.
            item.summary_lines = new_partners_summary(item.details).lines()  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "meeting": meeting,
        "manages": manages,
        "attendees": attendees,
        "items": items,
        "open": meeting.status != LiaisonMeeting.Status.CANCELLED,
        "regenerable": meetings.agenda_regenerable(meeting),
        "invited_codes": {row.partner.code for row in meeting.attendee_rows.all()},
        "add_form": AddItemForm(),
        "raise_form": RaiseNeedForm(),
        "decisions": DecisionForm().fields["decision"].choices,  # type: ignore[attr-defined]
        "formats": MeetingExport.Format.choices,
        "exports": meeting_selectors.exports_of(request.user, meeting)[:10],
    }
    return render(request, "frontend/meetings/detail.html", context)


def _act(request: HttpRequest, code: str, action: Any, done: str) -> HttpResponse:
    """Run one service call for the meeting's page and come back to it."""
    meeting = _meeting(request, code)
    try:
        action(meeting)
    except DomainError as exc:
        messages.error(request, page_message(exc))
    else:
        messages.success(request, done)
    return redirect("meeting-page", code=meeting.code)


def _item(meeting: LiaisonMeeting, item_id: int) -> AgendaItem:
    item = meeting_selectors.agenda_of(meeting).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


@login_required
@require_POST
def meeting_invite(request: HttpRequest, code: str) -> HttpResponse:
    """A recommendation's 邀请: the partner joins the invited in one click."""
    partner = request.POST.get("partner", "")
    return _act(
        request,
        code,
        lambda m: meetings.meeting_invite(actor=request.user, meeting=m, partner=partner),
        gettext("已邀请该合伙人参会。"),
    )


@login_required
@require_POST
def agenda_generate(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        lambda m: meetings.agenda_generate(actor=request.user, meeting=m),
        gettext("议程已根据数据生成。"),
    )


@login_required
@require_POST
def agenda_item_add(request: HttpRequest, code: str) -> HttpResponse:
    form = AddItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请填写事项标题。"))
        return redirect("meeting-page", code=code)
    return _act(
        request,
        code,
        lambda m: meetings.agenda_item_add(actor=request.user, meeting=m, **form.cleaned_data),
        gettext("已添加议程事项。"),
    )


@login_required
@require_POST
def agenda_item_edit(request: HttpRequest, code: str, item_id: int) -> HttpResponse:
    form = ItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请填写事项标题。"))
        return redirect("meeting-page", code=code)
    return _act(
        request,
        code,
        lambda m: meetings.agenda_item_update(
            actor=request.user, item=_item(m, item_id), data=form.cleaned_data
        ),
        gettext("已保存。"),
    )


@login_required
@require_POST
def agenda_item_remove(request: HttpRequest, code: str, item_id: int) -> HttpResponse:
    return _act(
        request,
        code,
        lambda m: meetings.agenda_item_remove(actor=request.user, item=_item(m, item_id)),
        gettext("已删除该事项。"),
    )


@login_required
@require_POST
def agenda_item_move(request: HttpRequest, code: str, item_id: int) -> HttpResponse:
    """Move an item one place up or down (``direction`` = ``up`` | ``down``)."""
    step = -1 if request.POST.get("direction") == "up" else 1

    def move(meeting: LiaisonMeeting) -> None:
        order = list(meeting.agenda_items.order_by("position", "id").values_list("id", flat=True))
        if item_id not in order:
            raise Http404
        i = order.index(item_id)
        j = i + step
        if 0 <= j < len(order):
            order[i], order[j] = order[j], order[i]
        meetings.agenda_reorder(actor=request.user, meeting=meeting, order=order)

    return _act(request, code, move, gettext("顺序已调整。"))


@login_required
@require_POST
def agenda_item_decide(request: HttpRequest, code: str, item_id: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请选择决定。"))
        return redirect("meeting-page", code=code)
    c = form.cleaned_data
    return _act(
        request,
        code,
        lambda m: meetings.agenda_item_decide(
            actor=request.user,
            item=_item(m, item_id),
            decision=c["decision"],
            offering=c["offering"] or None,
            quantity=c["quantity"],
            minutes=c["minutes"],
        ),
        gettext("决定已记录。"),
    )


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, code: str) -> HttpResponse:
    """The attendance form lists every invited partner; checked ones came."""
    came = set(request.POST.getlist("present"))

    def record(meeting: LiaisonMeeting) -> None:
        codes = MeetingAttendee.objects.filter(meeting=meeting).values_list(
            "partner__code", flat=True
        )
        meetings.meeting_record_attendance(
            actor=request.user, meeting=meeting, present={c: c in came for c in codes}
        )

    return _act(request, code, record, gettext("出席情况已记录。"))


@login_required
@require_POST
def meeting_raise_need(request: HttpRequest, code: str) -> HttpResponse:
    form = RaiseNeedForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {errors[0]}")
        return redirect("meeting-page", code=code)
    return _act(
        request,
        code,
        lambda m: meetings.meeting_raise_need(
            actor=request.user,
            meeting=m,
            data=form.service_data(),  # type: ignore[arg-type]
            minutes=form.cleaned_data["minutes"],
        ),
        gettext("会上新提需求已登记。"),
    )


@login_required
@require_POST
def meeting_close(request: HttpRequest, code: str) -> HttpResponse:
    summary = request.POST.get("summary", "")
    return _act(
        request,
        code,
        lambda m: meetings.meeting_close(
            actor=request.user,
            meeting=m,
            summary=summary,
            host=request.POST.get("host", ""),
            recorder=request.POST.get("recorder", ""),
        ),
        gettext("会议已标记为召开。"),
    )


@login_required
@require_POST
def meeting_export(request: HttpRequest, code: str) -> HttpResponse:
    """Queue an export; when it is ready at once (no worker), download it straight away."""
    meeting = _meeting(request, code)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请选择文件和格式。"))
        return redirect("meeting-page", code=code)
    try:
        export = meetings.agenda_export(
            actor=request.user,
            meeting=meeting,
            document=form.cleaned_data["document"],
            fmt=form.cleaned_data["format"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("meeting-page", code=code)
    export.refresh_from_db(fields=["status"])
    if export.status == MeetingExport.Status.DONE:
        return redirect("meeting-page-export-file", code=code, export_id=export.pk)
    messages.info(request, gettext("文件生成中，稍后在“导出的文件”中下载。"))
    return redirect("meeting-page", code=code)


@login_required
def meeting_export_file(request: HttpRequest, code: str, export_id: int) -> HttpResponse:
    meeting = _meeting(request, code)
    export = meeting_selectors.ready_export(request.user, meeting, export_id)
    if export is None or export.content is None:
        raise Http404
    response = HttpResponse(bytes(export.content), content_type=MEDIA_TYPES[export.format])
    disposition = "inline" if export.format in ("html", "pdf") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{export.filename}"'
    return response
