"""居民点单: residents post small requests; the community turns each into a need or
declines it with a reason the resident sees."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, NotAllowedError, has_perm
from core.queries import IdSet
from frontend.forms import ConsentForm, add_domain_errors, add_errors_split_consent
from frontend.forms.needs import NEED_FIELD_MAP, NeedForm
from frontend.forms.requests import DeclineForm, RequestForm
from frontend.promises import hand_over, promise_context
from frontend.views.common import home_communities, need_communities
from needs import services
from needs.models import ResidentRequest
from needs.selectors import overdue_requests, requests_visible_to
from partners.models import ConsentRecord
from partners.selectors import scope_of
from partners.services import CONSENT_NOTICES
from partners.throttles import allow


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    """A resident posts a request in her home community."""
    communities = home_communities(request.user)
    if not communities.exists():
        raise Http404
    form = RequestForm(request.POST or None, communities=communities)
    consent_form = ConsentForm(request.POST or None, version=_NOTICE[0])
    context = {"form": form, "notice": _NOTICE, "consent_form": consent_form}
    if request.method == "POST" and form.is_valid() and not allow(request, "resident_request"):
        form.add_error(None, _("提交过于频繁，请稍后再试。"))
        return render(request, "frontend/requests/form.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_post(
                actor=request.user,
                community=form.cleaned_data["community"].code,
                text=form.cleaned_data["text"],
                phone=form.cleaned_data["phone"],
                consent=consent_form.given,
                share_phone=form.cleaned_data["share_phone"],
                urgent=form.cleaned_data["urgent"],
            )
        except DomainError as exc:
            add_errors_split_consent(form, consent_form, exc)
        else:
            messages.success(request, _("已提交，社区会尽快处理，结果会显示在首页。"))
            return redirect("home")
    return render(request, "frontend/requests/form.html", context)


# The notice the resident agrees to by ticking the box (its version is what her consent
# records).
_NOTICE = CONSENT_NOTICES[ConsentRecord.Purpose.RESIDENT_REQUEST]


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    """The community's open requests (administrators), newest first."""
    scope = scope_of(request.user)
    requests = requests_visible_to(request.user).select_related("community", "resident", "need")
    if not scope.everything:
        requests = requests.filter(community_id__in=IdSet(scope.area_ids))
    requests = requests.select_related("responsible")
    status = request.GET.get("status", ResidentRequest.Status.OPEN)
    if status == "overdue":
        requests = overdue_requests(requests)
    elif status in ResidentRequest.Status.values:
        requests = requests.filter(status=status)
    rows = [
        {
            "request": r,
            "phone": r.phone if request.user.has_perm("needs.see_request_phone", r) else "",
            "promise": promise_context(r, request.user),
        }
        for r in requests.order_by("-created_at")[:100]
    ]
    statuses = [*ResidentRequest.Status.choices, ("overdue", _("已超时"))]
    return render(
        request,
        "frontend/requests/list.html",
        {"rows": rows, "status": status, "statuses": statuses},
    )


@require_POST
@login_required
def request_hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    """首问负责: hand a request to a colleague, with a note."""
    item = get_object_or_404(requests_visible_to(request.user).select_related("community"), pk=pk)
    hand_over(request, item)
    return redirect(f"{reverse('requests')}?status={item.status}#request-{item.pk}")


def _open_request(request: HttpRequest, pk: int) -> ResidentRequest:
    item = get_object_or_404(
        requests_visible_to(request.user).select_related("community"),
        pk=pk,
        status=ResidentRequest.Status.OPEN,
    )
    if not has_perm(request.user, "partners.administer_community", item.community_id):
        raise Http404
    return item


@login_required
def request_convert(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn a request into a need: the need form, pre-filled from the request."""
    item = _open_request(request, pk)
    defaults = services.request_need_defaults(item)
    initial = {
        "community": item.community_id,
        "title": defaults.get("title", ""),
        "description": defaults.get("description", ""),
        "window_start": defaults.get("window_start"),
        "window_end": defaults.get("window_end"),
        "priority": "normal",
        "quantity": 1,
    }
    form = NeedForm(
        request.POST or None, communities=need_communities(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            need = services.request_convert(
                actor=request.user, request=item, data=form.data_for_service()
            )
        except NotAllowedError:
            raise Http404 from None
        except DomainError as exc:
            add_domain_errors(form, exc, NEED_FIELD_MAP)
        else:
            messages.success(request, _("已转为需求，居民会收到通知。"))
            return redirect("need-page", code=need.code)
    context = {"form": form, "need": None, "from_request": item}
    return render(request, "frontend/needs/form.html", context)


@require_POST
@login_required
def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    item = _open_request(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明不采纳的原因，居民会看到。"))
        return redirect("requests")
    services.request_decline(actor=request.user, request=item, reason=form.cleaned_data["reason"])
    messages.success(request, _("已答复居民。"))
    return redirect("requests")
