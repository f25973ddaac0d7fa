"""项目清单: the board of projects by status, a project's timeline and its actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, NotAllowedError
from frontend.forms.projects import ProjectFilterForm
from frontend.tables import project_download, requested_format
from frontend.views.common import query_without_page
from needs import lifecycle, services
from needs.api.filters import ProjectFilter
from needs.models import Need, Project, ServicePhoto
from needs.selectors import (
    needs_visible_to,
    project_work_for,
    projects_to_dispatch,
    projects_visible_to,
)
from needs.services.notifications import notifications_seen
from partners.selectors import offerings_visible_to

# The board shows the most recently moved projects; the download has them all.
BOARD_SIZE = 500

# Board columns, in the order work moves.
BOARD = (
    ("proposed", "claimed", "dispatched"),
    ("accepted", "in_progress"),
    ("delivered",),
    ("evaluated",),
    ("declined", "cancelled"),
)


def _column_title(statuses: tuple[str, ...]) -> str:
    return " / ".join(str(Project.Status(s).label) for s in statuses)


@login_required
def project_board(request: HttpRequest) -> HttpResponse:
    """Projects the user may see, one column per stage, filtered through the API's
    ``ProjectFilter`` (state, community, quarter, partner); ``?format=xlsx|csv``
    downloads every filtered project."""
    visible = projects_visible_to(request.user)
    form = ProjectFilterForm(request.GET or None, projects=visible)
    projects = (
        ProjectFilter(form.filter_data(), queryset=visible)
        .qs.select_related("need__community", "offering__partner")
        .order_by("-updated_at", "id")
    )
    fmt = requested_format(request)
    if fmt:
        return project_download(fmt, projects)
    by_status: dict[str, list[Project]] = {}
    for p in projects[:BOARD_SIZE]:
        by_status.setdefault(p.status, []).append(p)
    columns = [
        {
            "title": _column_title(statuses),
            "key": statuses[0],
            "projects": [p for s in statuses for p in by_status.get(s, [])],
        }
        for statuses in BOARD
    ]
    context = {
        "columns": columns,
        "form": form,
        "query": query_without_page(request),
        "to_dispatch": len(projects_to_dispatch(request.user)),
    }
    return render(request, "frontend/projects/board.html", context)


@login_required
def projects_dispatch_page(request: HttpRequest) -> HttpResponse:
    """批量派单: the proposed projects the user may dispatch, by partner; the ticked ones
    are dispatched together (all or none), each partner told once."""
    waiting = projects_to_dispatch(request.user)
    if request.method == "POST":
        chosen = set(request.POST.getlist("project"))
        picked = [p for p in waiting if str(p.pk) in chosen]
        if not picked:
            messages.error(request, _("请至少勾选一个项目。"))
        else:
            try:
                moved = services.projects_dispatch(
                    actor=request.user,
                    projects=picked,
                    note=request.POST.get("note", "").strip()[:500],
                )
            except NotAllowedError:
                raise Http404 from None
            except DomainError as exc:
                messages.error(request, friendly(exc))
            else:
                partners = len({p.offering.partner_id for p in moved})
                messages.success(
                    request,
                    _("已派出 %(n)d 个项目，%(p)d 位合伙人各收到一条通知。")
                    % {"n": len(moved), "p": partners},
                )
                return redirect("projects-dispatch")
    groups: dict[int, dict[str, Any]] = {}
    for p in waiting:
        group = groups.setdefault(
            p.offering.partner_id, {"partner": p.offering.partner, "projects": []}
        )
        group["projects"].append(p)
    return render(
        request,
        "frontend/projects/dispatch.html",
        {"groups": sorted(groups.values(), key=lambda g: g["partner"].name), "count": len(waiting)},
    )


def allowed_actions(user: Any, project: Project) -> list[str]:
    """The actions the transition table lets ``user`` take on ``project`` now."""
    allowed = []
    for action in lifecycle.ACTIONS:
        try:
            lifecycle.transition_for(user, project, action)
        except DomainError:
            continue
        allowed.append(action)
    return allowed


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        projects_visible_to(request.user).select_related(
            "need__community",
            "need__request",
            "need__responsible",
            "need__created_by",
            "dispatched_by",
            "offering__partner",
            "offering__category",
        ),
        pk=pk,
    )
    events = project.events.select_related("actor").order_by("at", "id")
    evaluations = project.evaluations.order_by("created_at")
    record = getattr(project, "service_record", None)
    context = {
        "project": project,
        "events": events,
        "evaluations": evaluations,
        "actions": allowed_actions(request.user, project),
        "work": project_work_for(request.user, project),
        "now": timezone.now(),
        "record": (
            record
            if record is not None and request.user.has_perm("needs.see_service_record", project)
            else None
        ),
    }
    if request.user.pk is not None:
        notifications_seen(user_id=request.user.pk, project_id=project.pk)
    return render(request, "frontend/projects/detail.html", context)


@login_required
def project_photo(request: HttpRequest, pk: int, photo_id: int) -> FileResponse:
    """A photo of a service record, for those who may see the record only."""
    project = get_object_or_404(
        projects_visible_to(request.user).select_related("need", "offering"), pk=pk
    )
    if not request.user.has_perm("needs.see_service_record", project):
        raise Http404
    photo = get_object_or_404(ServicePhoto, pk=photo_id, record__project=project)
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _service_data(request: HttpRequest) -> services.ServiceData:
    """The deliver form as a service record; unreadable numbers become values the
    service refuses by name."""
    try:
        served_on = dt.date.fromisoformat(request.POST.get("served_on", ""))
    except ValueError:
        served_on = dt.date.max
    try:
        hours = Decimal(request.POST.get("hours", "").strip() or "0")
    except InvalidOperation:
        hours = Decimal("0")
    people = request.POST.get("people_served", "").strip()
    return services.ServiceData(
        served_on=served_on,
        hours=hours,
        people_served=int(people) if people.isdigit() else 0,
        note=request.POST.get("service_note", ""),
        photos=request.FILES.getlist("photos"),
    )


def _rating(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


@require_POST
@login_required
def project_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one action on a project; refusals come back as a message on the page."""
    project = get_object_or_404(
        projects_visible_to(request.user).select_related("need", "offering__partner"), pk=pk
    )
    reason = request.POST.get("reason", "")
    try:
        if action == "dispatch":
            services.project_dispatch(
                actor=request.user, project=project, note=request.POST.get("note", "")
            )
        elif action == "accept":
            services.project_accept(actor=request.user, project=project)
        elif action == "decline":
            services.project_decline(
                actor=request.user,
                project=project,
                reason=reason,
                not_our_kind=request.POST.get("not_our_kind") == "on",
            )
        elif action == "start":
            services.project_start(actor=request.user, project=project)
        elif action == "deliver":
            services.project_deliver(
                actor=request.user, project=project, record=_service_data(request)
            )
        elif action == "evaluate":
            services.project_evaluate(
                actor=request.user,
                project=project,
                rating=_rating(request.POST.get("rating", "")),
                comment=request.POST.get("comment", ""),
            )
        elif action == "cancel":
            services.project_cancel(actor=request.user, project=project, reason=reason)
        elif action == "confirm":
            services.project_confirm(actor=request.user, project=project)
        elif action == "refuse":
            services.project_refuse(actor=request.user, project=project, reason=reason)
        elif action == "withdraw":
            services.project_withdraw(actor=request.user, project=project)
        else:
            raise Http404
    except NotAllowedError:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, friendly(exc))
    else:
        messages.success(request, str(DONE_MESSAGES.get(action, _("已完成。"))))
    return redirect("project-page", pk=project.pk)


def friendly(exc: DomainError) -> str:
    """The service's message; the Chinese half when it gives both (``中文 / English``)."""
    message = exc.message
    if " / " in message:
        zh, _sep, en = message.partition(" / ")
        return en if get_language() == "en" else zh
    return message


def page_message(exc: DomainError) -> str:
    """What a page says of a refusal: each field's message in the page's language
    (the part of ``中文 / English`` that fits), without the API's field names."""
    english = get_language() == "en"
    parts = []
    for messages_ in exc.fields.values():
        for text in messages_:
            zh, sep, en = str(text).partition(" / ")
            parts.append((en or zh) if english and sep else zh)
    return "；".join(dict.fromkeys(parts)) if parts else friendly(exc)


DONE_MESSAGES = {
    "dispatch": gettext_lazy("已派单，合伙人会收到通知。"),
    "accept": gettext_lazy("已接单。"),
    "decline": gettext_lazy("已婉拒，社区会收到通知。"),
    "start": gettext_lazy("已开始服务。"),
    "deliver": gettext_lazy("已标记为完成服务，等待社区评价。"),
    "evaluate": gettext_lazy("感谢评价！"),
    "cancel": gettext_lazy("项目已取消。"),
    "confirm": gettext_lazy("已确认认领，合伙人会收到通知。"),
    "refuse": gettext_lazy("已谢绝认领，合伙人会收到通知。"),
    "withdraw": gettext_lazy("已撤回认领。"),
}


@require_POST
@login_required
def need_dispatch(request: HttpRequest, code: str) -> HttpResponse:
    """派单 from a need's matches: create the project already dispatched."""
    need: Need = get_object_or_404(needs_visible_to(request.user), code=code)
    offering = get_object_or_404(
        offerings_visible_to(request.user).select_related("partner"),
        code=request.POST.get("offering", ""),
    )
    quantity = _rating(request.POST.get("quantity", "")) or need.quantity
    try:
        project = services.project_create(
            actor=request.user,
            need=need,
            offering=offering,
            quantity=quantity,
            status=Project.Status.DISPATCHED,
        )
    except NotAllowedError:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, friendly(exc))
        return redirect("need-page", code=need.code)
    messages.success(request, _("已派单给 %(partner)s。") % {"partner": offering.partner.name})
    return redirect("project-page", pk=project.pk)
