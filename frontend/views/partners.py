"""资源清单: the partner directory, profiles, self-registration, verification and offerings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centres.contributions import partner_contribution, period_of
from core.errors import ConflictError, DomainError
from core.queries import IdSet
from frontend.forms import ConsentForm, add_domain_errors, add_errors_split_consent
from frontend.forms.partners import (
    OFFERING_FIELD_MAP,
    AccountForm,
    DecisionForm,
    OfferingForm,
    PartnerDetailsForm,
    PartnerFilterForm,
    PartnerForm,
)
from frontend.tables import partner_download, requested_format
from frontend.views.common import is_htmx, paginate, query_without_page
from frontend.views.contributions import may_take_statement
from matching.engine.quarters import Quarter
from needs.selectors import capacity_left_by_offering
from partners import services
from partners.api.filters import PartnerFilter
from partners.models import (
    BeneficiaryGroup,
    Community,
    ConsentRecord,
    DeliveryMode,
    Offering,
    Partner,
)
from partners.selectors import (
    Contact,
    community_subtree_ids,
    contact_for,
    offerings_visible_to,
    partners_visible_to,
    scope_of,
    standard_names,
)
from partners.services import CONSENT_NOTICES
from partners.throttles import allow


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    """The directory: verified partners (and, for administrators, their own pending ones),
    filtered through the API's ``PartnerFilter``; ``?format=xlsx|csv`` downloads it with
    the contacts masked as the partner pages mask them."""
    form = PartnerFilterForm(request.GET or None)
    partners = (
        PartnerFilter(form.filter_data(), queryset=partners_visible_to(request.user))
        .qs.select_related("community")
        .annotate(offering_count=Count("offerings", distinct=True))
        .prefetch_related(
            Prefetch("offerings", queryset=Offering.objects.only("id", "title", "partner_id"))
        )
        .order_by("name", "code")
    )
    fmt = requested_format(request)
    if fmt:
        return partner_download(fmt, request.user, partners)
    page = paginate(request, partners)
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "pending_count": _pending(request).count(),
    }
    template = (
        "frontend/partners/_results.html" if is_htmx(request) else "frontend/partners/list.html"
    )
    return render(request, template, context)


def _contact(request: HttpRequest, partner: Partner) -> Contact:
    """Contact details as ``contact_for`` shows them to this viewer (the API's rule)."""
    return contact_for(request.user, partner)


def offering_rows(offerings: list[Offering], *, with_left: bool) -> list[dict[str, Any]]:
    """Offerings with the names of their modes and beneficiary groups and, for those
    who keep them, the capacity left this quarter."""
    english = get_language() == "en"
    modes = standard_names(DeliveryMode)
    groups = standard_names(BeneficiaryGroup)
    left: dict[int, int] = {}
    if with_left and offerings:
        left = capacity_left_by_offering(
            quarter=Quarter.of(timezone.localdate()), offering_ids=[o.pk for o in offerings]
        )
    return [
        {
            "offering": o,
            "category": (
                o.category.name_en if english and o.category.name_en else o.category.name_zh
            )
            if o.category
            else "",
            "modes": [modes.get(m, m) for m in o.modes],
            "groups": [groups.get(g, g) for g in o.beneficiaries],
            "left": left.get(o.pk) if with_left else None,
        }
        for o in offerings
    ]


@login_required
def partner_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A partner's profile: who, contact (masked unless entitled), offerings, status."""
    partner = get_object_or_404(
        partners_visible_to(request.user).select_related("community", "status_changed_by"),
        code=code,
    )
    offerings = list(
        offerings_visible_to(request.user)
        .filter(partner=partner)
        .select_related("category")
        .order_by("code")
    )
    can_manage = request.user.has_perm("partners.add_offering", partner)
    context = {
        "partner": partner,
        "contact": _contact(request, partner),
        "offerings": offering_rows(offerings, with_left=can_manage),
        "can_manage": can_manage,
        "can_verify": request.user.has_perm("partners.verify_partner", partner),
        "can_edit": request.user.has_perm("partners.edit_partner", partner),
        "tags": sorted(t.name for t in partner.tags.all()),
        "is_member": partner.pk in scope_of(request.user).partner_ids,
        "decision_form": DecisionForm(),
        "contribution": partner_contribution(partner, period_of(timezone.localdate().year)),
        "may_take_statement": may_take_statement(request.user, partner),
        "year": timezone.localdate().year,
        "quarter": (timezone.localdate().month - 1) // 3 + 1,
    }
    return render(request, "frontend/partners/detail.html", context)


def register(request: HttpRequest) -> HttpResponse:
    """Self-registration: an enterprise, organisation or resident applies with its first
    offering; a visitor also creates a sign-in. It waits for its community's approval."""
    data = request.POST if request.method == "POST" else None
    account = AccountForm(data, prefix="account") if not request.user.is_authenticated else None
    partner_form = PartnerForm(data, prefix="partner")
    offering_form = OfferingForm(data, prefix="offering")
    notice = CONSENT_NOTICES[ConsentRecord.Purpose.PARTNER_REGISTRATION]
    consent_form = ConsentForm(data, version=notice[0])
    context = {
        "account": account,
        "form": partner_form,
        "offering_form": offering_form,
        "notice": notice,
        "consent_form": consent_form,
    }
    forms_ok = [f.is_valid() for f in (account, partner_form, offering_form) if f is not None]
    if request.method == "POST" and all(forms_ok) and not allow(request, "registration"):
        partner_form.add_error(None, _("提交过于频繁，请稍后再试。"))
        return render(request, "frontend/partners/register.html", context, status=429)
    if request.method == "POST" and all(forms_ok):
        try:
            partner = _register(
                request, account, partner_form, offering_form, consent=consent_form.given
            )
        except _OfferingRejectedError:
            pass  # its problems are shown beside the offering's fields
        except DomainError as exc:
            add_errors_split_consent(partner_form, consent_form, exc)
        else:
            messages.success(
                request, _("申请已提交，社区审核通过后您就可以接单了。审核结果会显示在这里。")
            )
            return redirect("partner-page", code=partner.code)
    return render(request, "frontend/partners/register.html", context)


class _OfferingRejectedError(Exception):
    """The first offering broke a rule: nothing of the application is kept."""


def _register(
    request: HttpRequest,
    account: AccountForm | None,
    partner_form: PartnerForm,
    offering_form: OfferingForm,
    *,
    consent: bool,
) -> Partner:
    """Create the sign-in (if any), the partner and its first offering, all or nothing."""
    with transaction.atomic():
        if account is not None:
            user = account.save()
            actor: Any = user
        else:
            actor = request.user
        partner = services.partner_register(
            actor=actor, data=partner_form.data_for_service(), consent=consent
        )
        # Read the user again: her scope, now including the partner, is worked out afresh.
        actor = get_user_model().objects.get(pk=actor.pk)
        offering_data = offering_form.data_for_service()
        offering_data["partner"] = partner.code
        try:
            services.offering_create(actor=actor, data=offering_data)
        except DomainError as exc:
            add_domain_errors(offering_form, exc, OFFERING_FIELD_MAP)
            raise _OfferingRejectedError from exc  # undoes the sign-in and the partner too
    if account is not None:
        login(request, actor, backend="django.contrib.auth.backends.ModelBackend")
    return partner


def _pending(request: HttpRequest) -> Any:
    """Applications waiting for this administrator (pending partners of her area)."""
    scope = scope_of(request.user)
    pending = partners_visible_to(request.user).filter(status=Partner.Status.PENDING)
    return pending if scope.everything else pending.filter(community_id__in=IdSet(scope.area_ids))


@login_required
def verification_queue(request: HttpRequest) -> HttpResponse:
    """Partner applications waiting for this administrator's decision."""
    pending = list(_pending(request).select_related("community").order_by("created_at"))
    offerings = Offering.objects.filter(partner__in=pending).select_related("category")
    by_partner: dict[int, list[Offering]] = {}
    for o in offerings:
        by_partner.setdefault(o.partner_id, []).append(o)
    rows = [
        {"partner": p, "contact": _contact(request, p), "offerings": by_partner.get(p.pk, [])}
        for p in pending
    ]
    return render(
        request,
        "frontend/partners/queue.html",
        {"rows": rows, "decision_form": DecisionForm()},
    )


@require_POST
@login_required
def decide(request: HttpRequest, code: str) -> HttpResponse:
    """Approve or reject (with a reason) a partner's application."""
    partner = get_object_or_404(partners_visible_to(request.user), code=code)
    if not request.user.has_perm("partners.verify_partner", partner):
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{partner.name}：{error}")
        return redirect(_next(request))
    if form.cleaned_data["decision"] == "approve":
        services.partner_set_status(
            actor=request.user, partner=partner, status=Partner.Status.VERIFIED
        )
        messages.success(request, _("已通过 %(name)s 的申请。") % {"name": partner.name})
    else:
        services.partner_set_status(
            actor=request.user,
            partner=partner,
            status=Partner.Status.SUSPENDED,
            reason=form.cleaned_data["reason"].strip(),
        )
        messages.success(request, _("已退回 %(name)s 的申请。") % {"name": partner.name})
    return redirect(_next(request))


def _next(request: HttpRequest) -> str:
    """Where to go back to: the page given, if it is one of ours, else the queue."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("partner-queue")


def _area_choices(partner: Partner) -> Any:
    """Communities an offering may list: those of the partner's district."""
    district = partner.community
    while district.parent is not None and district.level != Community.Level.DISTRICT:
        district = district.parent
    ids = community_subtree_ids([district.pk])
    return Community.objects.filter(id__in=ids, level=Community.Level.COMMUNITY)


@login_required
def offering_create(request: HttpRequest, code: str) -> HttpResponse:
    partner = get_object_or_404(partners_visible_to(request.user), code=code)
    if not request.user.has_perm("partners.add_offering", partner):
        raise Http404
    form = OfferingForm(request.POST or None, area_choices=_area_choices(partner))
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        data["partner"] = partner.code
        try:
            services.offering_create(actor=request.user, data=data)
        except DomainError as exc:
            add_domain_errors(form, exc, OFFERING_FIELD_MAP)
        else:
            messages.success(request, _("已添加服务资源。"))
            return redirect("partner-page", code=partner.code)
    context = {"form": form, "partner": partner, "offering": None}
    return render(request, "frontend/partners/offering_form.html", context)


@login_required
def offering_edit(request: HttpRequest, code: str) -> HttpResponse:
    offering = get_object_or_404(
        offerings_visible_to(request.user).select_related("partner__community"), code=code
    )
    partner = offering.partner
    if not request.user.has_perm("partners.add_offering", partner):
        raise Http404
    form = OfferingForm(
        request.POST or None, area_choices=_area_choices(partner), offering=offering
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        if "service_area" not in data:
            data["service_area"] = {"communities": [partner.community.code]}
        try:
            services.offering_update(actor=request.user, offering=offering, data=data)
        except DomainError as exc:
            add_domain_errors(form, exc, OFFERING_FIELD_MAP)
        else:
            messages.success(request, _("已保存。"))
            return redirect("partner-page", code=partner.code)
    context = {"form": form, "partner": partner, "offering": offering}
    return render(request, "frontend/partners/offering_form.html", context)


@login_required
def partner_edit(request: HttpRequest, code: str) -> HttpResponse:
    """A partner's own details, kept by its members (and its community's administrators);
    the status and the home community are not on this form."""
    partner = get_object_or_404(partners_visible_to(request.user), code=code)
    if not request.user.has_perm("partners.edit_partner", partner):
        raise Http404
    form = PartnerDetailsForm(request.POST or None, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(
                actor=request.user, partner=partner, data=form.data_for_service()
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("已保存合伙人资料。"))
            return redirect("partner-page", code=partner.code)
        partner.refresh_from_db()  # the page heading shows the stored name, not the rejected one
    return render(request, "frontend/partners/edit.html", {"form": form, "partner": partner})


@login_required
def offering_remove(request: HttpRequest, code: str) -> HttpResponse:
    """Ask, then remove an offering. One that projects use is kept, with a message: the
    projects' history must keep what was delivered."""
    offering = get_object_or_404(
        offerings_visible_to(request.user).select_related("partner"), code=code
    )
    partner = offering.partner
    if not request.user.has_perm("partners.add_offering", partner):
        raise Http404
    if request.method == "POST":
        try:
            services.offering_delete(actor=request.user, offering=offering)
        except ConflictError:
            messages.error(
                request,
                _("「%(title)s」已有项目使用，不能删除；不再提供时可以把有效期止改为今天。")
                % {"title": offering.title},
            )
            return redirect("partner-page", code=partner.code)
        messages.success(request, _("已删除服务资源「%(title)s」。") % {"title": offering.title})
        return redirect("partner-page", code=partner.code)
    context = {"offering": offering, "partner": partner}
    return render(request, "frontend/partners/offering_remove.html", context)
