"""季度统筹: run the quarter's allocation over an area, review the plan, accept it into
projects. The run is a task; the page follows it with a progress bar."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, NotAllowedError
from core.queries import IdSet
from frontend.forms import add_domain_errors
from frontend.views.common import is_htmx
from frontend.views.projects import friendly
from matching import allocation as services
from matching.engine.quarters import Quarter
from matching.models import AllocationJob
from matching.presenters import reason_text
from needs.models import Need
from partners.models import Community, Offering
from partners.selectors import scope_of

# A run has no finer progress than its state; the bar shows how far along that is.
PROGRESS = {"pending": 10, "running": 55, "done": 100, "failed": 100, "accepted": 100}


def allocation_areas(user: Any) -> Any:
    """Districts, streets and communities the user administers."""
    scope = scope_of(user)
    areas = Community.objects.exclude(level=Community.Level.STATION)
    return areas if scope.everything else areas.filter(id__in=IdSet(scope.area_ids))


def widest_area(areas: Any) -> Community | None:
    """The area a run starts from: the widest the user administers (a street
    administrator's street, a district's district), not its first community."""
    return min(areas, key=lambda c: (Community.DEPTH.get(c.level, 9), c.code), default=None)


class RunForm(forms.Form):
    scope = forms.ModelChoiceField(
        label=gettext_lazy("范围"), queryset=Community.objects.none(), empty_label=None
    )
    quarter = forms.ChoiceField(label=gettext_lazy("季度"))

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = areas  # type: ignore[attr-defined]
        self.fields["scope"].initial = widest_area(areas)
        this = Quarter.of(timezone.localdate())
        quarters = [str(this), str(this.next())]
        self.fields["quarter"].choices = [(q, q) for q in quarters]  # type: ignore[attr-defined]
        self.fields["quarter"].initial = str(this)


@login_required
def allocation_home(request: HttpRequest) -> HttpResponse:
    areas = allocation_areas(request.user).order_by("level", "code")
    if not areas.exists():
        raise Http404
    form = RunForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.allocation_job_start(
                actor=request.user,
                scope_code=form.cleaned_data["scope"].code,
                quarter=form.cleaned_data["quarter"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            return redirect("allocation-run", pk=job.pk)
    runs = (
        services.allocation_jobs_visible_to(request.user)
        .select_related("scope")
        .defer("plan")
        .order_by("-created_at")[:10]
    )
    return render(request, "frontend/allocation/home.html", {"form": form, "runs": runs})


def _plan_rows(job: AllocationJob) -> dict[str, Any]:
    """The plan with the needs' and offerings' names, largest score first."""
    plan = job.plan or {}
    assignments = plan.get("assignments", [])
    unfilled = plan.get("unfilled", [])
    need_codes = {a["need"] for a in assignments} | {u["need"] for u in unfilled}
    needs = Need.objects.select_related("community").in_bulk(list(need_codes), field_name="code")
    offerings = Offering.objects.select_related("partner").in_bulk(
        [a["offering"] for a in assignments], field_name="code"
    )
    english = get_language() == "en"
    left_out = {(r["need"], r["offering"]) for r in plan.get("left_out", ())}
    rows = [
        {
            "need": needs.get(a["need"]),
            "offering": offerings.get(a["offering"]),
            "quantity": a["quantity"],
            "score": a["score"],
            "kept": a.get("kept", False),
            "key": f"{a['need']}|{a['offering']}",
            "left_out": (a["need"], a["offering"]) in left_out,
            "reasons": [
                {"text": reason_text(r, english=english), "points": r["points"]}
                for r in a.get("reasons", ())
                if r.get("points", 0) > 0
            ],
        }
        for a in sorted(assignments, key=lambda a: (a.get("kept", False), -a["score"]))
    ]
    gaps = [
        {
            "need": needs.get(u["need"]),
            "missing": u["missing"],
            "text": u["text_en"] if english else u["text_zh"],
        }
        for u in unfilled
    ]
    return {
        "rows": rows,
        "gaps": gaps,
        "new_count": sum(1 for r in rows if not r["kept"] and not r["left_out"]),
        "left_out_count": len(left_out),
        "kept_count": sum(1 for r in rows if r["kept"]),
    }


@login_required
def allocation_run(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        services.allocation_jobs_visible_to(request.user).select_related("scope"), pk=pk
    )
    context: dict[str, Any] = {
        "job": job,
        "progress": PROGRESS.get(job.status, 0),
        "working": job.status in (AllocationJob.Status.PENDING, AllocationJob.Status.RUNNING),
    }
    if job.status in (AllocationJob.Status.DONE, AllocationJob.Status.ACCEPTED):
        context.update(_plan_rows(job))
        context["projects"] = job.projects.select_related("need").order_by("id")
    if is_htmx(request):
        return render(request, "frontend/allocation/_run.html", context)
    return render(request, "frontend/allocation/run.html", context)


def _unticked(request: HttpRequest, job: AllocationJob) -> list[tuple[str, str]]:
    """The plan's new rows the administrator unticked: each row of the form is a
    ``take`` checkbox ("need|offering"), ticked to begin with."""
    if request.POST.get("rows") != "shown":
        return []
    taken = set(request.POST.getlist("take"))
    return [
        (a["need"], a["offering"])
        for a in (job.plan or {}).get("assignments", ())
        if not a.get("kept") and f"{a['need']}|{a['offering']}" not in taken
    ]


@require_POST
@login_required
def allocation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(services.allocation_jobs_visible_to(request.user), pk=pk)
    try:
        accepted = services.allocation_job_accept(
            actor=request.user, job=job, leave_out=_unticked(request, job)
        )
    except NotAllowedError:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, friendly(exc))
    else:
        messages.success(
            request,
            _("方案已采纳，生成了 %(n)d 个拟对接项目，可在项目清单中派单。")
            % {"n": accepted.projects.count()},
        )
    return redirect("allocation-run", pk=job.pk)
