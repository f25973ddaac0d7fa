"""What partners have given, on the pages: a partner's contribution statement (PDF and
Word) and a district's annual recognition list (page and spreadsheet). The same
counting as ``/api/v1/partners/{code}/contribution/`` and
``/api/v1/insights/recognition/`` (``centres.contributions``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from centres.contributions import Period, period_of, recognition
from centres.contributions import partner_contribution as contribution_of
from centres.statements import FORMATS, render_docx, render_pdf
from core.errors import has_perm
from core.queries import IdSet
from core.spreadsheets import table_download
from partners.models import Community, Partner
from partners.selectors import partners_visible_to, scope_of


def requested_period(request: HttpRequest) -> Period:
    """``?year=`` (default this year) and ``?quarter=`` (1–4, or none for the year)."""
    today = timezone.localdate()
    year_text, quarter_text = request.GET.get("year", ""), request.GET.get("quarter", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else today.year
    quarter = int(quarter_text) if quarter_text in ("1", "2", "3", "4") else None
    return period_of(year, quarter)


def may_take_statement(user: AbstractBaseUser | AnonymousUser, partner: Partner) -> bool:
    """The partner's members and the administrators over its community."""
    return partner.pk in scope_of(user).partner_ids or has_perm(
        user, "partners.administer_community", partner.community
    )


@login_required
def partner_statement(request: HttpRequest, code: str) -> HttpResponse:
    """The partner's contribution statement for a year or a quarter, PDF or Word."""
    partner = get_object_or_404(
        partners_visible_to(request.user).select_related("community"), code=code
    )
    if not may_take_statement(request.user, partner):
        raise Http404
    fmt = request.GET.get("format", "pdf")
    if fmt not in FORMATS:
        raise Http404
    period = requested_period(request)
    c = contribution_of(partner, period)
    body = render_pdf(c) if fmt == "pdf" else render_docx(c)
    content_type = (
        "application/pdf"
        if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response = HttpResponse(body, content_type=content_type)
    name = f"{partner.code}-{period.start:%Y%m}-{period.end:%Y%m}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _district(request: HttpRequest) -> Community:
    scope = scope_of(request.user)
    districts = Community.objects.filter(level=Community.Level.DISTRICT)
    if not scope.everything:
        districts = districts.filter(id__in=IdSet(scope.area_ids))
    code = request.GET.get("district")
    district = districts.filter(code=code).first() if code else districts.order_by("code").first()
    if district is None:
        raise Http404
    return district


@login_required
def recognition_list(request: HttpRequest) -> HttpResponse:
    """The district's annual recognition list, for its administrators; ``?format=xlsx``
    or ``csv`` downloads it."""
    district = _district(request)
    period = requested_period(request)
    year = period.start.year
    lists = recognition(district, year)
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "csv"):
        titles = {"served": "服务居民最多", "rated": "评价最好", "longest": "服务最久"}
        rows = [
            [
                titles[key],
                rank,
                row.partner.name,
                row.partner.get_kind_display(),
                row.residents_served,
                row.people_served,
                row.average_rating if row.average_rating is not None else "",
                row.ratings,
                row.serving_since.isoformat() if row.serving_since else "",
            ]
            for key in ("served", "rated", "longest")
            for rank, row in enumerate(lists[key], start=1)
        ]
        return table_download(
            headers=[
                "榜单",
                "名次",
                "合伙人",
                "类型",
                "服务居民（人）",
                "项目服务人次",
                "平均评分",
                "评价条数",
                "首次服务日期",
            ],
            rows=rows,
            filename=f"recognition-{district.code}-{year}",
            fmt=fmt,
        )
    return render(
        request,
        "frontend/insights/recognition.html",
        {"district": district, "year": year, "lists": lists},
    )
