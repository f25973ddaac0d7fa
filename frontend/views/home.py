"""The front page: a visitor is asked to sign in; each role sees its day's work."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.queries import IdSet
from frontend.roles import roles_of
from frontend.views import rooms
from frontend.views.common import area_communities
from matching.engine.quarters import Quarter
from needs.models import LiaisonMeeting, Need, Project, ResidentRequest
from needs.selectors import (
    capacity_left_by_offering,
    claims_to_answer,
    due_soon,
    meetings_visible_to,
    needs_visible_to,
    overdue_needs,
    overdue_requests,
    projects_to_dispatch,
    projects_visible_to,
    request_progress,
    requests_visible_to,
)
from needs.selectors import unserved as needs_unserved
from partners.models import Offering, Partner
from partners.selectors import partners_visible_to, scope_of

FOLLOW_UP = ("dispatched", "accepted", "in_progress", "delivered")


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors get the welcome; signed-in users their dashboard."""
    if not request.user.is_authenticated:
        return render(request, "frontend/welcome.html")
    roles = roles_of(request.user)
    context: dict[str, Any] = {"roles": roles}
    if roles.secretary or roles.superuser:
        context["secretary"] = _secretary(request)
        context["secretary"].update(rooms.context_for_home(request))
    if roles.area_admin:
        context["overview"] = _overview(request)
    if roles.partner:
        context["partner"] = _partner(request)
    if roles.resident:
        context["resident"] = _resident(request)
    return render(request, "frontend/home.html", context)


def _secretary(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    scope = scope_of(user)
    needs = needs_visible_to(user)
    if not scope.everything:
        needs = needs.filter(community_id__in=IdSet(scope.area_ids))
    unserved = needs_unserved(needs).select_related("community", "category")
    projects = projects_visible_to(user).filter(status__in=FOLLOW_UP)
    pending = partners_visible_to(user).filter(status=Partner.Status.PENDING)
    if not scope.everything:
        pending = pending.filter(community_id__in=IdSet(scope.area_ids))
    meetings = meetings_visible_to(user).select_related("community")
    if not scope.everything:
        meetings = meetings.filter(community_id__in=IdSet(scope.area_ids))
    # The next meeting still to be held (a cancelled one is not next), earliest first.
    meeting = (
        meetings.filter(date__gte=timezone.localdate(), status=LiaisonMeeting.Status.SCHEDULED)
        .order_by("date", "start_time", "code")
        .first()
    )
    unrecorded = [
        m
        for m in meetings.filter(status=LiaisonMeeting.Status.SCHEDULED).order_by("date")
        if m.awaits_minutes
    ]
    requests_in_scope = requests_visible_to(user)
    if not scope.everything:
        requests_in_scope = requests_in_scope.filter(community_id__in=IdSet(scope.area_ids))
    requests = requests_in_scope.filter(status=ResidentRequest.Status.OPEN)
    proposed = projects_to_dispatch(user)
    claims = claims_to_answer(user).select_related("need__community", "offering__partner")
    late_needs = overdue_needs(needs).select_related("community").order_by("respond_by", "id")
    late_requests = overdue_requests(requests_in_scope).select_related("community")
    soon = [
        *due_soon(needs.filter(status__in=Need.UNSERVED)).select_related("community"),
        *due_soon(requests_in_scope.exclude(status=ResidentRequest.Status.DECLINED)).select_related(
            "community"
        ),
    ]
    return {
        "late_needs": list(late_needs[:5]),
        "late_requests": list(late_requests.order_by("respond_by", "id")[:5]),
        "late_count": late_needs.count() + late_requests.count(),
        "due_soon": sorted(soon, key=_next_due)[:6],
        "proposed": proposed[:6],
        "proposed_count": len(proposed),
        "claims": list(claims[:6]),
        "claims_count": claims.count(),
        "now": timezone.now(),
        "requests_count": requests.count(),
        "open_count": needs.filter(status=Need.Status.OPEN).count(),
        "waiting": list(unserved.order_by("-created_at")[:6]),
        "waiting_count": unserved.count(),
        "follow": list(
            projects.select_related("need", "offering__partner").order_by("-updated_at")[:6]
        ),
        "follow_count": projects.count(),
        "pending_count": pending.count(),
        "meeting": meeting,
        "unrecorded": unrecorded,
    }


def _next_due(item: Need | ResidentRequest) -> Any:
    """The next promised time of an item not late: its answer, else its finish."""
    if item.responded_at is None and item.respond_by is not None:
        return item.respond_by
    return item.complete_by


def _overview(request: HttpRequest) -> dict[str, Any]:
    """Per community of the area: needs open, unserved, projects under way, partners."""
    user = request.user
    communities = area_communities(user)
    needs = needs_visible_to(user)
    unserved_ids = set(needs_unserved(needs).values_list("id", flat=True))
    rows = list(
        communities.annotate(
            open_needs=Count("needs", filter=Q(needs__status=Need.Status.OPEN), distinct=True),
            unserved=Count("needs", filter=Q(needs__id__in=unserved_ids), distinct=True),
            active=Count(
                "needs__projects",
                filter=Q(needs__projects__status__in=FOLLOW_UP),
                distinct=True,
            ),
            partner_count=Count(
                "partners",
                filter=Q(partners__status=Partner.Status.VERIFIED),
                distinct=True,
            ),
        )
        .select_related("parent")
        .order_by("code")
    )
    claims = claims_to_answer(user).select_related("need__community", "offering__partner")
    return {
        "communities": rows,
        "claims": list(claims[:6]),
        "claims_count": claims.count(),
        "now": timezone.now(),
        "unserved_total": len(unserved_ids),
        "open_total": sum(r.open_needs for r in rows),
    }


def _partner(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    scope = scope_of(user)
    partners = list(Partner.objects.filter(id__in=scope.partner_ids).order_by("name"))
    projects = projects_visible_to(user).filter(offering__partner_id__in=scope.partner_ids)
    to_accept = projects.filter(status=Project.Status.DISPATCHED)
    claimed = projects.filter(status=Project.Status.CLAIMED)
    under_way = projects.filter(status__in=(Project.Status.ACCEPTED, Project.Status.IN_PROGRESS))
    quarter = Quarter.of(timezone.localdate())
    offerings = list(
        Offering.objects.filter(partner_id__in=scope.partner_ids)
        .select_related("partner")
        .order_by("partner__name", "code")
    )
    left = capacity_left_by_offering(quarter=quarter, offering_ids=[o.pk for o in offerings])
    return {
        "partners": partners,
        "to_accept": list(
            to_accept.select_related("need__community", "offering").order_by("created_at")
        ),
        "claimed": list(
            claimed.select_related("need__community", "offering").order_by("created_at")
        ),
        "can_claim": any(p.status == Partner.Status.VERIFIED for p in partners),
        "under_way": list(
            under_way.select_related("need__community", "offering").order_by("-updated_at")
        ),
        "offerings": [
            {"offering": o, "left": left.get(o.pk, 0), "used": o.capacity - left.get(o.pk, 0)}
            for o in offerings
        ],
        "quarter": quarter,
    }


def _resident(request: HttpRequest) -> dict[str, Any]:
    """Her requests with what became of them, and the needs she posted herself."""
    user = request.user
    requests = list(
        requests_visible_to(user)
        .filter(resident_id=user.pk)
        .select_related("community", "need")
        .prefetch_related(
            Prefetch(
                "need__projects",
                queryset=Project.objects.select_related("offering__partner"),
            )
        )
        .order_by("-created_at")[:20]
    )
    for item in requests:
        item.progress = request_progress(item)  # type: ignore[attr-defined]
    own_needs = (
        needs_visible_to(user)
        .filter(created_by_id=user.pk, request__isnull=True)
        .select_related("community")
        .order_by("-created_at")
    )
    return {"requests": requests, "needs": list(own_needs[:20])}
