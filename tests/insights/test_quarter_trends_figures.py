"""The quarters' figures of an area are counted from needs, the projects' timelines and
the ratings, each in the quarter (Beijing time) it happened, for that area only."""

from __future__ import annotations

from dataclasses import astuple
from typing import Any

import pytest

from matching.engine.quarters import Quarter
from matching.insights.trends import quarter_trends
from partners.models import Community
from tests.insights import trends_world
from tests.insights.trends_world import EXPECTED, FIELDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Community]:
    return trends_world.build()


def test_each_quarter_has_the_figures_worked_out_by_hand(tree: dict[str, Community]) -> None:
    rows = quarter_trends(scope=tree["C11"], quarter=Quarter(2026, 4), quarters=3)
    assert [r.quarter for r in rows] == ["2026Q2", "2026Q3", "2026Q4"]
    for row in rows:
        assert astuple(row)[1:10] == EXPECTED[row.quarter], row.quarter
    assert tuple(f for f in rows[0].__dataclass_fields__) == (
        "quarter",
        *FIELDS,
        "answers_due",
        "on_time_rate",
        "activities_held",
        "residents_attending",
    )


def test_a_need_raised_late_on_31_march_in_beijing_counts_in_the_first_quarter(
    tree: dict[str, Community],
) -> None:
    rows = quarter_trends(scope=tree["C11"], quarter=Quarter(2026, 2), quarters=2)
    assert [(r.quarter, r.needs_raised) for r in rows] == [("2026Q1", 1), ("2026Q2", 2)]


def test_quarters_without_work_are_zero_and_their_averages_empty(
    tree: dict[str, Community],
) -> None:
    rows = quarter_trends(scope=tree["C11"], quarter=Quarter(2026, 4))
    assert [r.quarter for r in rows] == [
        "2025Q1",
        "2025Q2",
        "2025Q3",
        "2025Q4",
        "2026Q1",
        "2026Q2",
        "2026Q3",
        "2026Q4",
    ]
    for row in rows[:4]:
        assert astuple(row)[1:10] == (0, 0, 0, 0, 0, None, 0, None, 0)


def test_a_district_counts_every_community_under_it(tree: dict[str, Community]) -> None:
    (row,) = quarter_trends(scope=tree["BA"], quarter=Quarter(2026, 4), quarters=1)
    # 海裕社区's figures and 九围社区's: one need, 9 units, one dispatch accepted after a
    # day, one rating of 1. Waits 3, 1.5 and 1 days; ratings 2, 3, 5, 1.
    assert astuple(row)[1:10] == (2, 3, 16, 2, 0, 1.5, 3, 2.75, 4)


def test_another_street_sees_none_of_it(tree: dict[str, Community]) -> None:
    rows = quarter_trends(scope=tree["S2"], quarter=Quarter(2026, 3), quarters=2)
    assert [astuple(r)[1:10] for r in rows] == [(0, 0, 0, 0, 0, None, 0, None, 0)] * 2


@pytest.mark.parametrize("quarters", [0, 21])
def test_the_number_of_quarters_is_bounded(tree: dict[str, Community], quarters: int) -> None:
    with pytest.raises(ValueError, match="quarters must be 1..20"):
        quarter_trends(scope=tree["C11"], quarter=Quarter(2026, 4), quarters=quarters)


@pytest.mark.parametrize("quarters", [1, 8, 20])
def test_the_query_count_does_not_grow_with_the_quarters(
    tree: dict[str, Community], quarters: int, django_assert_max_num_queries: Any
) -> None:
    # The tree, needs, timeline moves, acceptances, their waits, ratings.
    with django_assert_max_num_queries(10):
        rows = quarter_trends(scope=tree["BA"], quarter=Quarter(2026, 4), quarters=quarters)
    assert len(rows) == quarters


def test_activities_held_and_the_residents_at_them_count_in_their_quarter(
    tree: dict[str, Community],
) -> None:
    import datetime as dt

    from django.utils import timezone

    from centres.models import Activity, SignUp
    from partners.models import Role
    from tests.factories import user_with_role

    tz = timezone.get_current_timezone()
    one, two = (user_with_role(Role.Kind.RESIDENT, community=tree["C11"]) for _ in range(2))
    for day in (dt.date(2026, 10, 10), dt.date(2026, 10, 17)):
        activity = Activity.objects.create(
            centre=tree["C11"],
            title="太极",
            start=dt.datetime.combine(day, dt.time(9), tz),
            end=dt.datetime.combine(day, dt.time(10), tz),
            place="广场",
            capacity=10,
            signup_opens=dt.datetime.combine(day, dt.time(0), tz) - dt.timedelta(days=7),
            signup_closes=dt.datetime.combine(day, dt.time(8), tz),
        )
        for person, code in ((one, f"A{day.day}"), (two, f"B{day.day}")):
            SignUp.objects.create(
                activity=activity,
                resident=person,
                code=code,
                checked_in_at=activity.start if person is one or day.day == 10 else None,
            )
    (row,) = quarter_trends(scope=tree["BA"], quarter=Quarter(2026, 4), quarters=1)
    assert row.activities_held == 2
    assert row.residents_attending == 2  # she came twice, counted once
