"""认领 on the pages: a partner's members browse the open needs its offerings could
serve (the same selector as ``GET /api/v1/partners/{code}/opportunities/``) and claim
one (the same service as ``POST /api/v1/needs/{code}/claim/``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, NotAllowedError
from frontend.views.needs import REASON_LABELS
from frontend.views.projects import friendly
from matching.presenters import points, reason_text, reasons_payload
from matching.selectors import opportunities_for, partners_claiming_for
from matching.services import need_claim
from needs.models import Need
from partners.models import Category, Offering, Partner
from partners.selectors import scope_of

DISTANCES = (1, 3, 5, 10)
PAGE = 30


def _partner(request: HttpRequest) -> Partner:
    """The partner asked for (``?partner=``), else the first the user claims for."""
    partners = partners_claiming_for(request.user).order_by("name")
    code = request.GET.get("partner") or request.POST.get("partner")
    partner = partners.filter(code=code).first() if code else partners.first()
    if partner is None:
        raise Http404
    return partner


def _number(text: str | None) -> float | None:
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if 0 < value <= 1000 else None


@login_required
def opportunity_list(request: HttpRequest) -> HttpResponse:
    """可认领的需求: best first, filterable by category and distance, at phone width.
    A member of a partner still under review is told she may claim once it is verified."""
    if not partners_claiming_for(request.user).exists() and scope_of(request.user).partner_ids:
        return render(request, "frontend/opportunities.html", {"partner": None})
    partner = _partner(request)
    category = request.GET.get("category") or None
    max_km = _number(request.GET.get("max_km"))
    rows = opportunities_for(partner=partner, category=category, max_km=max_km, limit=PAGE)
    english = get_language() == "en"
    names = {
        c.code: (c.name_en or c.name_zh) if english else c.name_zh
        for c in Category.objects.filter(code__in={row.category for row in rows if row.category})
    }
    items: list[dict[str, Any]] = []
    for row in rows:
        # The reasons worth most first: on a phone the first three say why it fits.
        reasons = sorted(
            reasons_payload(row.match.reasons, shown_only=True), key=lambda r: -r["points"]
        )
        items.append(
            {
                "row": row,
                "points": points(row.match.score),
                "category": names.get(row.category or "", _("类别未定")),
                "reasons": [
                    {
                        "label": REASON_LABELS.get(r["code"], r["code"]),
                        "text": reason_text(r, english=english),
                        "points": r["points"],
                    }
                    for r in reasons
                ],
            }
        )
    categories = Category.objects.filter(code__in=partner.offerings.values("category_id")).order_by(
        "code"
    )
    return render(
        request,
        "frontend/opportunities.html",
        {
            "partner": partner,
            "partners": partners_claiming_for(request.user).order_by("name"),
            "items": items,
            "categories": Category.objects.order_by("code"),
            "own_categories": set(categories.values_list("code", flat=True)),
            "category": category or "",
            "max_km": request.GET.get("max_km", ""),
            "distances": DISTANCES,
        },
    )


@require_POST
@login_required
def opportunity_claim(request: HttpRequest, code: str) -> HttpResponse:
    """认领 one need with one of the partner's offerings; the community is told."""
    need = get_object_or_404(Need.objects.select_related("community"), code=code)
    partners = partners_claiming_for(request.user)
    offering = (
        Offering.objects.select_related("partner")
        .filter(code=request.POST.get("offering", ""), partner__in=partners)
        .first()
    )
    if offering is None:
        raise Http404
    quantity_text = request.POST.get("quantity", "1").strip()
    try:
        project = need_claim(
            actor=request.user,
            need=need,
            offering=offering,
            quantity=int(quantity_text) if quantity_text.isdigit() else -1,
            note=request.POST.get("note", ""),
        )
    except NotAllowedError:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, friendly(exc))
        return redirect(f"/opportunities/?partner={offering.partner.code}")
    if project.status == project.Status.ACCEPTED:
        messages.success(request, _("认领成功，按区里的规则已直接确认，请联系社区开展服务。"))
    else:
        messages.success(request, _("已认领，等社区确认；确认后会通知您。"))
    return redirect("project-page", pk=project.pk)
