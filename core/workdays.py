"""Working days of the mainland calendar (法定节假日 and 调休 make-up workdays included),
from the maintained ``chinesecalendar`` package: a community's promised times (限时办结)
are counted in them.

The package knows the years the State Council has published. For a later year it has
no data; days of such a year count Monday to Friday as working days, and
:func:`calendar_known` says so, so that a page can tell the deadline is provisional.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar
from django.utils import timezone


@lru_cache(maxsize=4096)
def is_workday(day: dt.date) -> bool:
    """Whether ``day`` is a working day: a weekday that is not a public holiday, or a
    weekend day worked to make up for one (调休上班)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def calendar_known(day: dt.date) -> bool:
    """Whether the official calendar of ``day``'s year is known (else weekdays count)."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def add_workdays(start: dt.datetime, days: int) -> dt.datetime:
    """The end (23:59:59, local time) of the ``days``-th working day after ``start``'s
    day: a request made on a Friday before the National Day holiday with 2 working
    days is due at the end of the second working day after the holiday."""
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    day = timezone.localtime(start).date()
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_workday(day):
            counted += 1
    end = dt.datetime.combine(day, dt.time(23, 59, 59))
    return timezone.make_aware(end, timezone.get_current_timezone())


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not
    later)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_workday(day)
    return count
