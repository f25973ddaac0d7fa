"""季度趋势: how an area did quarter by quarter — needs raised and served, work dispatched,
declined and accepted, and how the work was rated. Reads only."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, Min, Q, Sum
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from centres.models import Activity, SignUp
from matching.engine.quarters import Quarter
from needs.models import Evaluation, Need, ProjectEvent, ResidentRequest
from needs.selectors import days_to_acceptance, on_time_by_quarter
from partners.models import Community
from partners.selectors import community_subtree_ids

# The longest run of quarters one read covers (five years).
MAX_QUARTERS = 20


@dataclass(frozen=True)
class QuarterTrend:
    """One quarter of an area's work. Counts are whole numbers (0 when nothing happened);
    ``days_to_acceptance`` and ``average_rating`` are ``None`` when there was nothing to
    measure, which is not the same as zero."""

    quarter: str
    needs_raised: int
    needs_served: int
    units_served: int
    projects_dispatched: int
    projects_declined: int
    days_to_acceptance: float | None
    acceptances: int
    average_rating: float | None
    ratings: int
    # 限时办结: answers (a need dispatched, a request answered) promised in the quarter,
    # and the share given in time; None when none fell due.
    answers_due: int = 0
    on_time_rate: float | None = None
    # What partners gave at activities: those held in the quarter, and the residents
    # checked in at them (each once in the quarter, however many she came to).
    activities_held: int = 0
    residents_attending: int = 0


def quarter_span(*, quarter: Quarter, quarters: int) -> list[Quarter]:
    """``quarters`` quarters ending with ``quarter``, oldest first."""
    span = [quarter]
    while len(span) < quarters:
        span.append(span[-1].previous())
    return span[::-1]


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _quarter_of(moment: dt.datetime | dt.date) -> str:
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return str(Quarter.of(moment))


def _by_quarter(rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {_quarter_of(row.pop("q")): row for row in rows}


def quarter_trends(*, scope: Community, quarter: Quarter, quarters: int = 8) -> list[QuarterTrend]:
    """One :class:`QuarterTrend` per quarter, oldest first, ending with ``quarter``, for the
    needs of ``scope`` and every community and station under it. Quarters follow the local
    time zone. ``quarters`` is 1..:data:`MAX_QUARTERS` (``ValueError`` otherwise).

    - ``needs_raised``: needs created in the quarter, drafts left out;
    - ``needs_served``, ``units_served``: distinct needs, and the units, of projects that
      reached 已完成服务 (delivered) in the quarter, read from the timeline;
    - ``projects_dispatched``, ``projects_declined``: projects that reached 已派单 or 已婉拒;
    - ``days_to_acceptance``: the median days from dispatch to acceptance of the projects
      first accepted in the quarter after a dispatch (work taken at a meeting was never
      dispatched and is not counted), rounded to 2; ``acceptances`` how many there were;
    - ``average_rating``: the mean of every rating (community's and resident's) given in
      the quarter, rounded to 2; ``ratings`` how many;
    - ``answers_due``, ``on_time_rate``: needs and residents' requests whose promised
      answer (限时办结) fell in the quarter, and the share answered in time;
    - ``activities_held``, ``residents_attending``: activities held (over) in the
      quarter, and the distinct residents checked in at them.

    Ten queries whatever the number of quarters or the size of the area.
    """
    if not 1 <= quarters <= MAX_QUARTERS:
        raise ValueError(f"quarters must be 1..{MAX_QUARTERS}, got {quarters}")
    span = quarter_span(quarter=quarter, quarters=quarters)
    start, end = _local_midnight(span[0].start), _local_midnight(quarter.next().start)
    area = community_subtree_ids([scope.pk])
    tz = timezone.get_current_timezone()

    raised = _by_quarter(
        Need.objects.filter(community_id__in=area, created_at__gte=start, created_at__lt=end)
        .exclude(status=Need.Status.DRAFT)
        .annotate(q=TruncQuarter("created_at", tzinfo=tz))
        .order_by()
        .values("q")
        .annotate(n=Count("id"))
    )

    # Arrivals only: a resident's rating is recorded as delivered → delivered, and must not
    # count as the work being delivered again.
    events = ProjectEvent.objects.filter(
        project__need__community_id__in=area, at__gte=start, at__lt=end
    )
    moves = _by_quarter(
        events.filter(to_status__in=("delivered", "dispatched", "declined"))
        .exclude(from_status=F("to_status"))
        .annotate(q=TruncQuarter("at", tzinfo=tz))
        .order_by()
        .values("q")
        .annotate(
            served=Count("project__need_id", distinct=True, filter=Q(to_status="delivered")),
            units=Sum("project__quantity", filter=Q(to_status="delivered")),
            dispatched=Count("project_id", distinct=True, filter=Q(to_status="dispatched")),
            declined=Count("project_id", distinct=True, filter=Q(to_status="declined")),
        )
    )

    first_accepted = dict(
        ProjectEvent.objects.filter(
            project__need__community_id__in=area, to_status="accepted", action="accept"
        )
        .order_by()
        .values("project_id")
        .annotate(first=Min("at"))
        .filter(first__gte=start, first__lt=end)
        .values_list("project_id", "first")
    )
    waits: dict[str, list[float]] = {}
    if first_accepted:
        for pid, days in days_to_acceptance(project_ids=first_accepted).items():
            waits.setdefault(_quarter_of(first_accepted[pid]), []).append(days)

    rated = _by_quarter(
        Evaluation.objects.filter(
            project__need__community_id__in=area, created_at__gte=start, created_at__lt=end
        )
        .annotate(q=TruncQuarter("created_at", tzinfo=tz))
        .order_by()
        .values("q")
        .annotate(n=Count("id"), mean=Avg("rating"))
    )

    promised = {
        row["quarter"]: row
        for row in on_time_by_quarter(
            Need.objects.filter(community_id__in=area, respond_by__gte=start, respond_by__lt=end),
            ResidentRequest.objects.filter(
                community_id__in=area, respond_by__gte=start, respond_by__lt=end
            ),
        )
    }

    held = _by_quarter(
        Activity.objects.filter(
            centre_id__in=area,
            status=Activity.Status.PUBLISHED,
            start__gte=start,
            start__lt=end,
            end__lte=timezone.now(),
        )
        .annotate(q=TruncQuarter("start", tzinfo=tz))
        .order_by()
        .values("q")
        .annotate(n=Count("id"))
    )
    attending = _by_quarter(
        SignUp.objects.filter(
            activity__centre_id__in=area,
            activity__start__gte=start,
            activity__start__lt=end,
            checked_in_at__isnull=False,
        )
        .annotate(q=TruncQuarter("activity__start", tzinfo=tz))
        .order_by()
        .values("q")
        .annotate(n=Count("resident_id", distinct=True))
    )

    rows = []
    for q in map(str, span):
        move = moves.get(q, {})
        wait = waits.get(q, [])
        rating = rated.get(q, {})
        rows.append(
            QuarterTrend(
                quarter=q,
                needs_raised=int(raised.get(q, {}).get("n") or 0),
                needs_served=int(move.get("served") or 0),
                units_served=int(move.get("units") or 0),
                projects_dispatched=int(move.get("dispatched") or 0),
                projects_declined=int(move.get("declined") or 0),
                days_to_acceptance=round(statistics.median(wait), 2) if wait else None,
                acceptances=len(wait),
                average_rating=(
                    round(float(rating["mean"]), 2) if rating.get("mean") is not None else None
                ),
                ratings=int(rating.get("n") or 0),
                answers_due=int(promised.get(q, {}).get("due") or 0),
                on_time_rate=promised.get(q, {}).get("rate"),
                activities_held=int(held.get(q, {}).get("n") or 0),
                residents_attending=int(attending.get(q, {}).get("n") or 0),
            )
        )
    return rows
