"""The demo's work falls in the quarter it is loaded in: loaded on any day, its open
needs, meetings and plan are that quarter's, with two quarters of history before it;
loaded again in a later quarter, it moves there with its projects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import call_command

from matching.allocation import allocation_plan
from matching.engine.quarters import Quarter
from matching.index import forget_index
from needs.models import LiaisonMeeting, Need, Project
from partners.models import Community

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    forget_index()
    yield
    forget_index()


def _load_on(moment: dt.datetime) -> None:
    with time_machine.travel(moment, tick=True):
        call_command("load_demo", verbosity=0)


def _quarters(need_codes: str) -> set[str]:
    return set(
        Project.objects.filter(need__code__regex=need_codes).values_list("quarter", flat=True)
    )


def test_a_demo_loaded_in_a_later_quarter_has_that_quarters_work() -> None:
    day = dt.datetime(2027, 5, 6, 10, tzinfo=SHANGHAI)
    quarter = Quarter(2027, 2)
    _load_on(day)

    generated = list(Need.objects.filter(code__startswith="DEMO-N"))
    assert len(generated) == 60
    assert all(quarter.start <= n.window_start <= n.window_end <= quarter.end for n in generated)
    meetings = list(LiaisonMeeting.objects.filter(code__startswith="DEMO-"))
    assert meetings
    assert {Quarter.of(m.date) for m in meetings} == {quarter}
    assert _quarters(r"^DEMO-N") == {"2027Q2"}
    assert _quarters(r"^DEMO-H") == {"2026Q4", "2027Q1"}
    with time_machine.travel(day, tick=True):
        plan = allocation_plan(scope=Community.objects.get(code="DEMO"), quarter=quarter)
    assert plan.assignments


def test_loaded_again_in_the_next_quarter_the_demo_moves_there_with_its_projects() -> None:
    _load_on(dt.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI))
    projects = Project.objects.filter(need__code__startswith="DEMO-N").count()
    assert _quarters(r"^DEMO-N") == {"2026Q4"}

    _load_on(dt.datetime(2027, 1, 20, 10, tzinfo=SHANGHAI))

    quarter = Quarter(2027, 1)
    generated = Need.objects.filter(code__startswith="DEMO-N")
    assert {Quarter.of(n.window_start) for n in generated} == {quarter}
    assert {
        Quarter.of(m.date) for m in LiaisonMeeting.objects.filter(code__startswith="DEMO-")
    } == {quarter}
    assert Project.objects.filter(need__code__startswith="DEMO-N").count() == projects
    assert _quarters(r"^DEMO-N") == {"2027Q1"}
    # The quarters it had served stay as history; the quarter just ended joins them.
    assert _quarters(r"^DEMO-H") == {"2026Q2", "2026Q3", "2026Q4"}
