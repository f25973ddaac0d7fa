"""季度趋势: an area's quarters side by side — needs raised and served, how long partners
take to accept work, how the work was rated — as charts, a table and a download."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.spreadsheets import TABLE_FORMATS, table_download
from frontend.charts import (
    Bar,
    Chart,
    Point,
    bar_chart,
    format_value,
    line_chart,
    quarter_labels,
)
from frontend.views.insights import insight_context
from matching.insights.trends import QuarterTrend, quarter_trends

# How many quarters the page shows, ending with the chosen one.
TREND_QUARTERS = 8

RATING_AXIS = (1, 2, 3, 4, 5)


def trend_headers() -> list[str]:
    """The table's column headings, in the order of :class:`QuarterTrend`'s fields."""
    return [
        _("季度"),
        _("新增需求"),
        _("已服务需求"),
        _("服务数量"),
        _("派单"),
        _("婉拒"),
        _("接单用时中位数（天）"),
        _("接单数"),
        _("平均评分"),
        _("评价数"),
        _("到期的答复"),
        _("按时答复率"),
        _("举办活动"),
        _("参加活动的居民"),
    ]


def trend_cells(row: QuarterTrend) -> list[Any]:
    """One quarter's cells; ``None`` where there was nothing to measure."""
    return [
        row.quarter,
        row.needs_raised,
        row.needs_served,
        row.units_served,
        row.projects_dispatched,
        row.projects_declined,
        row.days_to_acceptance,
        row.acceptances,
        row.average_rating,
        row.ratings,
        row.answers_due,
        None if row.on_time_rate is None else f"{round(100 * row.on_time_rate)}%",
        row.activities_held,
        row.residents_attending,
    ]


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]


def _shown(value: float | None) -> str:
    return "—" if value is None else format_value(value)


@dataclass(frozen=True)
class TrendChart:
    """A chart with what it is about (its title, and a summary for screen readers), its
    series (for the legend and the data table) and each shape with its tooltip."""

    id: str
    title: str
    summary: str
    chart: Chart
    series: list[Series]
    categories: list[str]

    @property
    def marks(self) -> list[tuple[Bar | Point, str]]:
        shapes: list[Bar | Point] = [*self.chart.bars, *self.chart.points]
        return [
            (
                shape,
                f"{shape.category} "
                f"{self.series[shape.series if isinstance(shape, Bar) else 0].name}："
                f"{format_value(shape.value)}",
            )
            for shape in shapes
        ]

    @property
    def table(self) -> list[tuple[str, list[str]]]:
        """One row per category: its name and each series' value (— for none)."""
        return [
            (name, [_shown(s.values[i]) for s in self.series])
            for i, name in enumerate(self.categories)
        ]


def trend_charts(rows: list[QuarterTrend]) -> list[TrendChart]:
    """The page's three charts over ``rows``: needs raised and served (grouped bars), the
    median days from dispatch to acceptance (a line) and the average rating (a line on a
    1–5 axis). Quarters without a median or a rating leave a gap in the line."""
    quarters = [r.quarter for r in rows]
    texts, years = quarter_labels(quarters)
    raised = Series(_("新增需求"), [r.needs_raised for r in rows])
    served = Series(_("已服务需求"), [r.needs_served for r in rows])
    days = Series(_("接单用时中位数（天）"), [r.days_to_acceptance for r in rows])
    rating = Series(_("平均评分"), [r.average_rating for r in rows])
    axis: dict[str, Any] = {"labels": texts, "sublabels": years, "categories": quarters}
    return [
        TrendChart(
            id="chart-needs",
            title=_("新增需求与已服务需求"),
            summary=_("柱状图：每季度新增的需求数，和有服务完成的需求数。"),
            chart=bar_chart(series=[raised.values, served.values], **axis),
            series=[raised, served],
            categories=quarters,
        ),
        TrendChart(
            id="chart-days",
            title=_("派单到接单的用时（中位数，天）"),
            summary=_(
                "折线图：每季度接单的项目从派单到接单用了几天（中位数）；没有接单的季度留空。"
            ),
            chart=line_chart(values=days.values, **axis),
            series=[days],
            categories=quarters,
        ),
        TrendChart(
            id="chart-rating",
            title=_("平均评分（1–5 分）"),
            summary=_("折线图：每季度社区和居民评价的平均分，纵轴 1 到 5 分；没有评价的季度留空。"),
            chart=line_chart(values=rating.values, axis=RATING_AXIS, **axis),
            series=[rating],
            categories=quarters,
        ),
    ]


@login_required
def trends(request: HttpRequest) -> HttpResponse:
    """The chosen area's last :data:`TREND_QUARTERS` quarters up to the chosen one;
    ``?download=csv`` or ``xlsx`` gives the table as a file. 404 for anyone who does not
    administer the area (:func:`insight_context`)."""
    context = insight_context(request, "trends")
    area, quarter = context["area"], context["quarter_value"]
    rows = quarter_trends(scope=area, quarter=quarter, quarters=TREND_QUARTERS)
    download = request.GET.get("download")
    if download:
        if download not in TABLE_FORMATS:
            raise Http404(f"unknown format {download!r}")
        return table_download(
            headers=trend_headers(),
            rows=[trend_cells(r) for r in rows],
            filename=f"trends-{area.code}-{quarter}",
            fmt=download,
        )
    headers = trend_headers()
    context |= {
        "headers": headers,
        # Each cell with its heading, which a phone shows beside it.
        "rows": [
            [
                (h, c if isinstance(c, str) else _shown(c))
                for h, c in zip(headers, trend_cells(r), strict=True)
            ]
            for r in rows
        ],
        "charts": trend_charts(rows),
    }
    return render(request, "frontend/insights/trends.html", context)
