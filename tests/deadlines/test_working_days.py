"""Working days of the mainland calendar: holidays and make-up workdays count as the
State Council published them."""

import datetime as dt
import zoneinfo

import pytest

from core.workdays import add_workdays, calendar_known, is_workday, workdays_between

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("day", "works"),
    [
        (dt.date(2025, 9, 28), True),  # Sunday worked before National Day
        (dt.date(2025, 10, 1), False),
        (dt.date(2025, 10, 8), False),  # the holiday's last day, a Wednesday
        (dt.date(2025, 10, 9), True),
        (dt.date(2025, 10, 11), True),  # Saturday worked after it
        (dt.date(2025, 10, 12), False),
    ],
)
def test_national_day_holiday_and_its_make_up_days(day: dt.date, works: bool) -> None:
    assert is_workday(day) is works


def test_two_working_days_jump_the_holiday() -> None:
    due = add_workdays(at(2025, 9, 30, 10), 2)
    assert due == at(2025, 10, 10, 23, 59, 59)


def test_a_make_up_sunday_is_counted() -> None:
    # Friday the 26th: Sunday the 28th is the first working day after it.
    assert add_workdays(at(2025, 9, 26, 16), 2) == at(2025, 9, 29, 23, 59, 59)
    assert add_workdays(at(2025, 10, 10, 9), 1) == at(2025, 10, 11, 23, 59, 59)


def test_days_between_skip_the_holiday() -> None:
    assert workdays_between(dt.date(2025, 9, 30), dt.date(2025, 10, 10)) == 2
    assert workdays_between(dt.date(2025, 10, 10), dt.date(2025, 10, 1)) == 0


def test_a_year_not_yet_published_counts_weekdays_and_says_so() -> None:
    later = dt.date(2030, 1, 7)  # a Monday
    assert not calendar_known(later)
    assert calendar_known(dt.date(2025, 10, 1))
    assert add_workdays(at(2030, 1, 4, 9), 1) == at(2030, 1, 7, 23, 59, 59)  # Fri → Mon


def test_days_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        add_workdays(at(2025, 9, 30), 0)
