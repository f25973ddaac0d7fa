"""需求清单: the needs list, posting and editing needs, a need's detail with its matches."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError, has_perm
from frontend.forms import add_domain_errors
from frontend.forms.needs import NEED_FIELD_MAP, NeedFilterForm, NeedForm
from frontend.promises import hand_over, promise_context
from frontend.tables import need_download, requested_format
from frontend.views.common import (
    home_communities,
    is_htmx,
    need_communities,
    paginate,
    query_without_page,
)
from matching.engine.quarters import Quarter
from matching.engine.types import Ranking, Reading
from matching.insights.recommendations import recommendations_for
from matching.presenters import reason_text, reasons_payload
from matching.selectors import (
    matches_for,
    need_reading,
    read_text,
    reader_district,
    reading_payload,
    telling_apart,
)
from needs import services
from needs.api.filters import NeedFilter
from needs.models import Need, Project
from needs.selectors import needs_visible_to
from partners.models import BeneficiaryGroup, Category, DeliveryMode
from partners.selectors import offerings_visible_to, standard_names

# Categories below this probability are not offered as suggestions.
MIN_SUGGESTION = 0.05

# Open work first, then by urgency, newest first.
_PRIORITY_ORDER = ["urgent", "high", "normal", "low"]


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    """Needs the user may see, filtered and searched through the API's ``NeedFilter``;
    htmx swaps only the results, ``?format=xlsx|csv`` downloads them."""
    communities = need_communities(request.user)
    form = NeedFilterForm(request.GET or None, communities=communities)
    needs = (
        NeedFilter(form.filter_data(), queryset=needs_visible_to(request.user))
        .qs.select_related("community", "category")
        .order_by("-created_at", "code")
    )
    fmt = requested_format(request)
    if fmt:
        return need_download(fmt, needs)
    page = paginate(request, needs)
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_post": communities.exists(),
        "can_request": home_communities(request.user).exists(),
    }
    template = "frontend/needs/_results.html" if is_htmx(request) else "frontend/needs/list.html"
    return render(request, template, context)


def _form_page(request: HttpRequest, form: NeedForm, need: Need | None) -> HttpResponse:
    return render(request, "frontend/needs/form.html", {"form": form, "need": need})


@login_required
def need_create(request: HttpRequest) -> HttpResponse:
    """Post a need; residents are sent to the request form (点单) instead."""
    communities = need_communities(request.user)
    if not communities.exists():
        if home_communities(request.user).exists():
            return redirect("request-new")
        raise Http404
    form = NeedForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_post(actor=request.user, data=form.data_for_service())
        except DomainError as exc:
            add_domain_errors(form, exc, NEED_FIELD_MAP)
        else:
            messages.success(request, _("需求已发布。"))
            return redirect("need-page", code=need.code)
    return _form_page(request, form, None)


@login_required
def need_edit(request: HttpRequest, code: str) -> HttpResponse:
    need = get_object_or_404(needs_visible_to(request.user), code=code)
    if not request.user.has_perm("needs.edit_need", need):
        raise Http404
    administers = has_perm(request.user, "partners.administer_community", need.community_id)
    communities = need_communities(request.user) if administers else home_communities(request.user)
    form = NeedForm(
        request.POST or None, communities=communities, for_resident=not administers, need=need
    )
    picked = request.GET.get("category")
    if request.method != "POST" and picked and "category" in form.fields:
        # A category picked among the reading's choices on the need page, to confirm.
        form.initial["category"] = picked
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(actor=request.user, need=need, data=form.data_for_service())
        except DomainError as exc:
            add_domain_errors(form, exc, NEED_FIELD_MAP)
        else:
            messages.success(request, _("已保存。"))
            return redirect("need-page", code=need.code)
    return _form_page(request, form, need)


@login_required
def need_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A need, its projects and, for its administrators, the ranked matches."""
    need = get_object_or_404(
        needs_visible_to(request.user).select_related(
            "community", "category", "meeting", "responsible"
        ),
        code=code,
    )
    administers = has_perm(request.user, "partners.administer_community", need.community_id)
    modes = standard_names(DeliveryMode)
    groups = standard_names(BeneficiaryGroup)
    projects = need.projects.select_related("offering__partner").order_by("-created_at")
    context = {
        "need": need,
        "administers": administers,
        "sees_matches": request.user.has_perm("matching.see_matches", need),
        "can_edit": request.user.has_perm("needs.edit_need", need),
        "mode_names": [modes.get(m, m) for m in need.modes],
        "group_names": [groups.get(g, g) for g in need.beneficiaries],
        "projects": projects,
        "reading": _reading_context(need_reading(need=need)) if not need.category_id else None,
        "promise": promise_context(need, request.user),
        "hand_over_url": reverse("need-handover", args=[need.code]),
    }
    return render(request, "frontend/needs/detail.html", context)


@require_POST
@login_required
def need_hand_over(request: HttpRequest, code: str) -> HttpResponse:
    """首问负责: hand a need to a colleague, with a note."""
    need = get_object_or_404(needs_visible_to(request.user).select_related("community"), code=code)
    hand_over(request, need)
    return redirect("need-page", code=need.code)


@require_GET
@login_required
def category_suggestions(request: HttpRequest) -> HttpResponse:
    """htmx: how the engine reads the text typed so far (the same reading as the API's
    ``categories/suggest``): a category to confirm when it is confident, three to pick
    from when it is not, and the delivery modes and groups the text implies."""
    text = f"{request.GET.get('title', '')} {request.GET.get('description', '')}".strip()
    context: dict[str, Any] = {"guesses": [], "reading": None}
    if len(text) >= 2:
        reading = read_text(text, district=reader_district(request.user))
        context = _reading_context(reading)
    return render(request, "frontend/needs/_suggestions.html", context)


def _reading_context(reading: Reading) -> dict[str, Any]:
    """A reading as the pages show it: named guesses (near-zero ones dropped when the
    engine is confident), its modes and groups named, and whether it is unsure."""
    payload = reading_payload(reading)
    english = get_language() == "en"
    guesses = [
        (g["code"], g["name_en"] if english else g["name"], g["probability"])
        for g in payload["categories"]
        if not reading.confident or g["probability"] >= MIN_SUGGESTION
    ]
    if reading.confident:
        guesses = guesses[:1]
    modes = standard_names(DeliveryMode)
    groups = standard_names(BeneficiaryGroup)
    return {
        "reading": reading,
        "guesses": guesses,
        "unsure": not reading.confident,
        "mode_names": [modes.get(m, m) for m in reading.modes],
        "group_names": [groups.get(g, g) for g in reading.beneficiaries],
        "modes": " ".join(reading.modes),
        "groups": " ".join(reading.beneficiaries),
    }


# Short labels for the reasons the engine gives (its full sentence is shown below the bar).
REASON_LABELS = {
    "category": gettext_lazy("服务类别"),
    "text": gettext_lazy("内容相关"),
    "beneficiaries": gettext_lazy("服务对象"),
    "time": gettext_lazy("时间"),
    "distance": gettext_lazy("距离"),
    "cost": gettext_lazy("费用"),
    "reliability": gettext_lazy("口碑"),
    "load": gettext_lazy("工作量"),
}


def _match_rows(request: HttpRequest, need: Need, ranking: Ranking) -> list[dict[str, Any]]:
    """The ranked matches with their offerings loaded, each reason's part of the score in
    points out of 100, and, for offerings sharing a title, the facts that tell them apart."""
    offerings = {
        o.code: o
        for o in offerings_visible_to(request.user)
        .select_related("partner")
        .prefetch_related("area_communities")
        .filter(code__in=[m.offering for m in ranking.matches])
    }
    apart = telling_apart(list(offerings.values()))
    english = get_language() == "en"
    paired = set(
        need.projects.filter(status__in=Project.LIVE).values_list("offering_id", flat=True)
    )
    rows = []
    for match in ranking.matches:
        offering = offerings.get(match.offering)
        if offering is None:
            continue
        reasons = [
            {
                "label": REASON_LABELS.get(row["code"], row["code"]),
                "text": reason_text(row, english=english),
                "points": row["points"],
            }
            for row in reasons_payload(match.reasons, shown_only=True)
        ]
        rows.append(
            {
                "offering": offering,
                "score": match.score,
                "reasons": reasons,
                "apart": apart.get(offering.code, []),
                "paired": offering.pk in paired,
            }
        )
    return rows


def _no_match_advice(need: Need, ranking: Ranking) -> list[str]:
    """What to do when no offering fits: the coverage recommendations for the need's
    community and category (recruit, invite a neighbouring partner), read or chosen."""

    category = need.category_id or (ranking.categories[0].code if ranking.categories else None)
    quarter = Quarter.of(timezone.localdate())
    english = get_language() == "en"
    found = [
        r.text_en if english and r.text_en else r.text_zh
        for r in recommendations_for(scope=need.community, quarter=quarter)
        if r.community == need.community.code and r.category == category
    ]
    if found:
        return found
    name = ""
    if category:
        row = Category.objects.filter(code=category).values_list("name_zh", "name_en").first()
        name = (row[1] if english else row[0]) if row else category
    return [
        _("可招募提供「%(category)s」的合伙人，或邀请服务邻近社区的合伙人。") % {"category": name}
        if name
        else _("可招募能承接这项需求的合伙人，或邀请服务邻近社区的合伙人。")
    ]


@login_required
def need_matches(request: HttpRequest, code: str) -> HttpResponse:
    """htmx: the ranked matches of a need, for its administrators."""
    need = get_object_or_404(needs_visible_to(request.user), code=code)
    if not request.user.has_perm("matching.see_matches", need):
        raise PermissionDenied
    ranking = matches_for(need=need, limit=10)
    matches = _match_rows(request, need, ranking)
    context = {
        "need": need,
        "matches": matches,
        "weak": ranking.weak,
        "advice": [] if matches else _no_match_advice(need, ranking),
        "can_dispatch": need.status in (Need.Status.OPEN, Need.Status.MATCHED),
    }
    return render(request, "frontend/needs/_matches.html", context)
