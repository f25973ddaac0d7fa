"""办结时限: a district's promised times (服务承诺), which everyone signed in may read and
its district administrators change, through the same service as the API."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import InvalidInputError, NotAllowedError, has_perm
from core.queries import IdSet
from frontend.views.projects import friendly
from needs.deadlines import district_of, policy_for
from needs.models import DeadlinePolicy, Need
from needs.services.deadlines import deadline_policy_set
from partners.models import Community
from partners.selectors import scope_of

# Empty rows offered below the rules for adding new ones.
BLANK_ROWS = 3
FIELDS = ("applies_to", "source", "priority", "respond_days", "complete_days")


def _district(request: HttpRequest) -> Community:
    """The district asked for (``?district=``), else the one above the user's area."""
    code = request.GET.get("district") or request.POST.get("district")
    if code:
        district = Community.objects.filter(code=code, level=Community.Level.DISTRICT).first()
    else:
        scope = scope_of(request.user)
        home = (
            Community.objects.filter(id__in=IdSet(scope.area_ids)).order_by("level", "code").first()
        )
        district = district_of(home) if home is not None else None
        if district is None:
            district = Community.objects.filter(level=Community.Level.DISTRICT).first()
    if district is None:
        raise Http404
    return district


def _posted_rules(request: HttpRequest) -> list[dict[str, Any]]:
    """The rows of the form as rules; a row whose days are both empty is dropped."""
    columns = {name: request.POST.getlist(name) for name in FIELDS}
    rules = []
    for i in range(len(columns["applies_to"])):
        row = {name: (columns[name][i] if i < len(columns[name]) else "") for name in FIELDS}
        if not row["respond_days"] and not row["complete_days"]:
            continue
        rule: dict[str, Any] = {
            "applies_to": row["applies_to"],
            "source": row["source"],
            "priority": row["priority"],
        }
        for name in ("respond_days", "complete_days"):
            text = row[name].strip()
            rule[name] = int(text) if text.isdigit() else text
        rules.append(rule)
    return rules


def _whole(text: str) -> object:
    """A posted number as an int when it is one; else as given, for the service to name
    (None when left empty: the district keeps what it had)."""
    text = text.strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


@login_required
def deadline_policy_page(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    may_change = has_perm(request.user, "partners.administer_community", district)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not may_change:
            raise Http404
        rules = _posted_rules(request)
        try:
            _saved, recounted = deadline_policy_set(
                actor=request.user,
                district=district,
                rules=rules,
                apply_to_open=request.POST.get("apply_to_open") == "on",
                claim_answer_days=_whole(request.POST.get("claim_answer_days", "")),
                wishes_confirm_on_claim=request.POST.get("wishes_confirm_on_claim") == "on",
            )
        except NotAllowedError:
            raise Http404 from None
        except InvalidInputError as exc:
            errors = exc.fields
            messages.error(request, friendly(exc))
        else:
            messages.success(
                request,
                _("办结时限已更新。")
                + (_("已重算 %(n)d 项未办结事项。") % {"n": recounted} if recounted else ""),
            )
            return redirect(f"{request.path}?district={district.code}")
    rules, version = policy_for(district)
    policy = DeadlinePolicy.objects.filter(district=district).first()
    rows = [
        {**rule, "errors": [m for k, v in errors.items() if k.startswith(f"rules[{i}]") for m in v]}
        for i, rule in enumerate(rules)
    ]
    blanks = [
        {
            "applies_to": "need",
            "source": "",
            "priority": "",
            "respond_days": "",
            "complete_days": "",
        }
    ] * (BLANK_ROWS if may_change else 0)
    return render(
        request,
        "frontend/deadlines.html",
        {
            "district": district,
            "rows": rows + blanks,
            "version": version,
            "policy": policy,
            "claim_answer_days": (
                policy.claim_answer_days
                if policy
                else DeadlinePolicy._meta.get_field("claim_answer_days").default
            ),
            "wishes_confirm_on_claim": bool(policy and policy.wishes_confirm_on_claim),
            "claim_errors": errors.get("claim_answer_days", []),
            "may_change": may_change,
            "sources": Need.Source.choices,
            "priorities": Need.Priority.choices,
        },
    )
