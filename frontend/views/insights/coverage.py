"""服务覆盖: the coverage heat map of an area and quarter — communities down, service
categories across, each cell coloured by its gap — with the gaps largest first, what to
do about them (whom to recruit, whom to invite), and the whole table to download."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from core.spreadsheets import TABLE_FORMATS, table_download
from frontend.views.insights import insight_context
from matching.engine.coverage import CoverageCell
from matching.insights.coverage import CoverageReport
from matching.insights.recommendations import advice_for
from partners.models import Community

# Gap shades: the share of the need units no reachable capacity could take.
SHADES = ((0.25, 1), (0.5, 2), (0.75, 3), (1.0, 4))


@dataclass(frozen=True)
class HeatCell:
    cell: CoverageCell
    shade: str  # none | covered | gap-1 … gap-4


CELL_LABEL = gettext_noop("需求 %(need)s，可及容量 %(reach)s，缺口 %(gap)s")


def cell_label(label: str, cell: CoverageCell) -> str:
    """``label`` (:data:`CELL_LABEL` translated) filled in for ``cell``."""
    return label % {"need": cell.need_units, "reach": cell.reachable_capacity, "gap": cell.gap}


def heat_row(community: Community, cells: list[HeatCell]) -> SafeString:
    """A community's cells of the heat map as table cells: each titled with its figures
    and, where there is need, a link to those needs showing the gap (✓ when covered).

    Written here rather than in the template, and escaped value by value rather than
    through ``format_html``: a district's map has some 10,000 cells, and the template
    language took about a third of a second over them, ``format_html`` a quarter."""
    label = _(CELL_LABEL)
    needs = escape(reverse("needs"))
    code, name = escape(community.code), escape(community.name)
    parts = []
    for h in cells:
        text = escape(cell_label(label, h.cell))
        link = ""
        if h.cell.need_units:
            category = escape(h.cell.category)
            link = (
                f'<a href="{needs}?community={code}&amp;category={category}" '
                f'aria-label="{name} {category}：{text}">{h.cell.gap or "✓"}</a>'
            )
        parts.append(f'<td class="heat-{escape(h.shade)}" title="{text}">{link}</td>')
    return mark_safe("".join(parts))  # noqa: S308 - every value in it is escaped above


def shade_of(cell: CoverageCell) -> str:
    """``none`` without need, ``covered`` when the capacity suffices, else ``gap-1`` …
    ``gap-4`` by the share of the need left uncovered."""
    if cell.need_units == 0:
        return "none"
    if cell.gap == 0:
        return "covered"
    share = cell.gap / cell.need_units
    return next(f"gap-{level}" for bound, level in SHADES if share <= bound)


def heat_map(
    report: CoverageReport, *, every_category: bool
) -> tuple[list[str], list[tuple[Community, list[HeatCell]]]]:
    """The categories shown (those with need somewhere, or all) and one row per community:
    (community, [HeatCell per shown category])."""
    needed = {cell.category for cell in report.cells if cell.need_units > 0}
    shown = [c.code for c in report.categories if every_category or c.code in needed]
    rows = []
    for community in report.communities:
        cells = [report.cell(community.code, code) for code in shown]
        rows.append(
            (community, [HeatCell(cell, shade_of(cell)) for cell in cells if cell is not None])
        )
    return shown, rows


HEADERS = (
    "社区编码",
    "社区",
    "类别编码",
    "类别",
    "需求单位",
    "可及容量",
    "缺口",
    "可及资源",
    "可及合伙人",
)


@login_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    context = insight_context(request, "coverage")
    advice = advice_for(scope=context["area"], quarter=context["quarter_value"])
    report = advice.report()
    download = request.GET.get("download")
    if download in TABLE_FORMATS:
        return table_download(
            headers=HEADERS,
            rows=([*row.values()] for row in report.rows()),
            filename=f"coverage-{context['area'].code}-{context['quarter']}",
            fmt=download,
        )
    english = (get_language() or "").startswith("en")
    every_category = request.GET.get("categories") == "all"
    shown, rows = heat_map(report, every_category=every_category)
    gaps = report.gaps()
    context.update(
        report=report,
        categories=[(code, report.category_names[code]) for code in shown],
        hidden_categories=len(report.categories) - len(shown),
        every_category=every_category,
        rows=[(community, heat_row(community, cells)) for community, cells in rows],
        gaps=[
            (cell, report.community_names[cell.community], report.category_names[cell.category])
            for cell in gaps
        ],
        need_total=sum(cell.need_units for cell in report.cells),
        gap_total=sum(cell.gap for cell in gaps),
        gap_communities=len({cell.community for cell in gaps}),
        recommendations=[(r, r.text_en if english else r.text_zh) for r in advice.recommendations],
    )
    return render(request, "frontend/insights/coverage.html", context)
