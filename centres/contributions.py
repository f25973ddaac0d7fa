"""What each partner has given (贡献): per partner and period, the projects it delivered,
the activities it held, the hours, the residents it served and how it was rated. The
partner's page, its statement (PDF and Word), the API and the district's recognition
list all count here.

Residents served are the distinct residents checked in at its activities, each counted
once however many sessions she came to; the people its project service records say it
served are counted apart (people_served, 服务人次), since they name nobody.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone

from centres.models import Activity, SignUp
from needs.models import Evaluation, Project, ServiceRecord
from partners.models import Community, Partner
from partners.selectors import community_subtree_ids

DONE = (Project.Status.DELIVERED, Project.Status.EVALUATED)


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day
    end: dt.date  # last day
    label: str  # 2026年 / 2026年第四季度

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        return (
            timezone.make_aware(dt.datetime.combine(self.start, dt.time.min), tz),
            timezone.make_aware(
                dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min), tz
            ),
        )


_QUARTER_NAMES = ("", "一", "二", "三", "四")


def period_of(year: int, quarter: int | None = None) -> Period:
    """A year, or one of its quarters (1–4)."""
    if quarter is None:
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")
    first = dt.date(year, 3 * quarter - 2, 1)
    after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return Period(first, after - dt.timedelta(days=1), f"{year}年第{_QUARTER_NAMES[quarter]}季度")


@dataclass(frozen=True)
class Contribution:
    partner: Partner
    period: Period
    projects_delivered: int
    activities_held: int
    hours: Decimal
    residents_served: int  # distinct residents checked in at its activities
    people_served: int  # what its projects' service records say
    ratings: int
    average_rating: float | None
    projects: list[Project]
    activities: list[tuple[Activity, int]]  # each with how many came


def _delivered(partner_ids: list[int], period: Period) -> QuerySet[ServiceRecord]:
    return ServiceRecord.objects.filter(
        project__offering__partner_id__in=partner_ids,
        project__status__in=DONE,
        served_on__gte=period.start,
        served_on__lte=period.end,
    )


def _held(partner_ids: list[int], period: Period) -> QuerySet[Activity]:
    begin, end = period.moments()
    return Activity.objects.filter(
        partner_id__in=partner_ids,
        status=Activity.Status.PUBLISHED,
        start__gte=begin,
        start__lt=end,
        end__lte=timezone.now(),
    )


def partner_contribution(partner: Partner, period: Period) -> Contribution:
    """What ``partner`` gave in ``period`` (a handful of queries). A project counts in
    the period its work was delivered (its timeline says when), with or without a
    service record; hours and people come from the records it has."""
    begin, end = period.moments()
    projects = list(
        Project.objects.filter(
            offering__partner=partner,
            status__in=DONE,
            events__action="deliver",
            events__at__gte=begin,
            events__at__lt=end,
        )
        .select_related("need__community")
        .distinct()
        .order_by("id")
    )
    records = list(ServiceRecord.objects.filter(project__in=[p.pk for p in projects]))
    activities = list(
        _held([partner.pk], period)
        .annotate(came=Count("signups", filter=Q(signups__checked_in_at__isnull=False)))
        .select_related("centre", "booking__room")
        .order_by("start")
    )
    hours = sum((r.hours for r in records), Decimal(0)) + sum(
        (Decimal((a.end - a.start).total_seconds()) / 3600 for a in activities), Decimal(0)
    )
    residents = (
        SignUp.objects.filter(activity__in=[a.pk for a in activities], checked_in_at__isnull=False)
        .values("resident_id")
        .distinct()
        .count()
    )
    project_ratings = Evaluation.objects.filter(
        project__offering__partner=partner, created_at__gte=begin, created_at__lt=end
    ).aggregate(n=Count("id"), total=Sum("rating"))
    activity_ratings = SignUp.objects.filter(
        activity__in=[a.pk for a in activities], rating__isnull=False
    ).aggregate(n=Count("id"), total=Sum("rating"))
    n = int(project_ratings["n"] or 0) + int(activity_ratings["n"] or 0)
    total = int(project_ratings["total"] or 0) + int(activity_ratings["total"] or 0)
    return Contribution(
        partner=partner,
        period=period,
        projects_delivered=len(projects),
        activities_held=len(activities),
        hours=hours.quantize(Decimal("0.1")),
        residents_served=residents,
        people_served=sum(r.people_served for r in records),
        ratings=n,
        average_rating=round(total / n, 1) if n else None,
        projects=projects,
        activities=[(a, int(getattr(a, "came", 0))) for a in activities],
    )


@dataclass(frozen=True)
class RecognitionRow:
    partner: Partner
    residents_served: int
    people_served: int
    average_rating: float | None
    ratings: int
    serving_since: dt.date | None


MIN_RATINGS = 3  # best rated needs at least this many ratings


def recognition(
    district: Community, year: int, *, limit: int = 10
) -> dict[str, list[RecognitionRow]]:
    """The district's annual recognition list: the partners that served most residents
    (distinct residents at activities, then people in project records), the best rated
    (at least :data:`MIN_RATINGS` ratings in the year) and the longest serving (their
    first delivered project)."""
    period = period_of(year)
    places = community_subtree_ids([district.pk])
    partners = {
        p.pk: p
        for p in Partner.objects.filter(
            community_id__in=places, status=Partner.Status.VERIFIED
        ).order_by("code")
    }
    ids = list(partners)
    begin, end = period.moments()
    residents = dict(
        SignUp.objects.filter(
            activity__partner_id__in=ids,
            activity__start__gte=begin,
            activity__start__lt=end,
            checked_in_at__isnull=False,
        )
        .values("activity__partner_id")
        .annotate(n=Count("resident_id", distinct=True))
        .values_list("activity__partner_id", "n")
    )
    people = dict(
        _delivered(ids, period)
        .values("project__offering__partner_id")
        .annotate(n=Sum("people_served"))
        .values_list("project__offering__partner_id", "n")
    )
    rated: dict[int, list[int]] = {}
    for pid, rating in Evaluation.objects.filter(
        project__offering__partner_id__in=ids, created_at__gte=begin, created_at__lt=end
    ).values_list("project__offering__partner_id", "rating"):
        rated.setdefault(pid, []).append(rating)
    for pid, given in SignUp.objects.filter(
        activity__partner_id__in=ids,
        activity__start__gte=begin,
        activity__start__lt=end,
        rating__isnull=False,
    ).values_list("activity__partner_id", "rating"):
        if pid is not None and given is not None:
            rated.setdefault(pid, []).append(given)
    since = dict(
        ServiceRecord.objects.filter(project__offering__partner_id__in=ids)
        .values("project__offering__partner_id")
        .annotate(first=Min("served_on"))
        .values_list("project__offering__partner_id", "first")
    )
    rows = [
        RecognitionRow(
            partner=partners[pid],
            residents_served=int(residents.get(pid, 0)),
            people_served=int(people.get(pid) or 0),
            average_rating=(
                round(sum(rated[pid]) / len(rated[pid]), 2) if rated.get(pid) else None
            ),
            ratings=len(rated.get(pid, [])),
            serving_since=since.get(pid),
        )
        for pid in ids
    ]
    served = sorted(
        (r for r in rows if r.residents_served or r.people_served),
        key=lambda r: (-r.residents_served, -r.people_served, r.partner.code),
    )
    best = sorted(
        (r for r in rows if r.ratings >= MIN_RATINGS and r.average_rating is not None),
        key=lambda r: (-(r.average_rating or 0), -r.ratings, r.partner.code),
    )
    longest = sorted(
        (r for r in rows if r.serving_since is not None),
        key=lambda r: (r.serving_since or dt.date.max, r.partner.code),
    )
    return {"served": served[:limit], "rated": best[:limit], "longest": longest[:limit]}
