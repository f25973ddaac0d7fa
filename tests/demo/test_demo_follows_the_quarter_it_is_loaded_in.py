"""The demo's work falls in the quarter it is loaded in: loaded on any day, its open
needs, meetings and plan are that quarter's, with two quarters of history before it,
and its needs are current that day; loaded again in a later quarter, it moves there
with its projects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from interchange.demo import (
    DEMO_PASSWORD,
    demo_document,
    demo_need_situations,
    demo_situations,
)
from matching.allocation import allocation_plan
from matching.engine.quarters import Quarter
from matching.index import forget_index
from needs.models import LiaisonMeeting, Need, Project
from needs.selectors import due_soon, overdue_needs
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
    # Windows open in the quarter, and each runs at least a week past the day it loaded.
    assert all(quarter.start <= n.window_start <= quarter.end for n in generated)
    assert all(n.window_end >= day.date() + dt.timedelta(days=7) for n in generated)
    meetings = list(LiaisonMeeting.objects.filter(code__startswith="DEMO-M"))
    assert meetings
    assert {Quarter.of(m.date) for m in meetings} == {quarter}
    # Each has its next quarter's meeting arranged, as many weeks into that quarter.
    arranged = {m.code: m for m in LiaisonMeeting.objects.filter(code__startswith="DEMO-A")}
    assert len(arranged) == len(meetings)
    for meeting in meetings:
        following = arranged[meeting.code.replace("DEMO-M", "DEMO-A")]
        assert following.community_id == meeting.community_id
        assert following.date - quarter.next().start == meeting.date - quarter.start
        assert following.status == LiaisonMeeting.Status.SCHEDULED
        assert "2027年第三季度" in following.title
        assert "2027年第二季度" not in following.title
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
        Quarter.of(m.date) for m in LiaisonMeeting.objects.filter(code__startswith="DEMO-M")
    } == {quarter}
    # The meetings it had arranged for this quarter moved on to the next, none left over.
    arranged = LiaisonMeeting.objects.filter(code__startswith="DEMO-A")
    assert {Quarter.of(m.date) for m in arranged} == {quarter.next()}
    assert arranged.count() == LiaisonMeeting.objects.filter(code__startswith="DEMO-M").count()
    assert Project.objects.filter(need__code__startswith="DEMO-N").count() == projects
    assert _quarters(r"^DEMO-N") == {"2027Q1"}
    # The quarters it had served stay as history; the quarter just ended joins them.
    assert _quarters(r"^DEMO-H") == {"2026Q2", "2026Q3", "2026Q4"}


def test_loaded_late_in_a_quarter_the_demo_needs_are_current_and_a_few_late(
    client: Client,
) -> None:
    day = dt.datetime(2027, 3, 24, 10, tzinfo=SHANGHAI)
    _load_on(day)

    open_needs = Need.objects.filter(code__startswith="DEMO-N", status=Need.Status.OPEN)
    assert open_needs.count() >= 50
    assert not open_needs.filter(window_end__lt=day.date()).exists()
    with time_machine.travel(day, tick=False):
        late = set(overdue_needs(open_needs).values_list("code", flat=True))
        soon = due_soon(open_needs)
        assert 0 < len(late) <= open_needs.count() // 4
        assert soon.exists()

        # The secretary's home and the API's overdue filter say the same.
        secretary = Community.objects.get(roles__user__username="secretary_anshan")
        assert client.login(username="secretary_anshan", password=DEMO_PASSWORD)
        home = client.get(reverse("home")).context["secretary"]
        api = client.get("/api/v1/needs/", {"overdue": "true", "status": "open", "limit": "100"})
    assert api.status_code == 200
    listed = {n["code"] for n in api.json()["results"] if n["code"].startswith("DEMO-N")}
    mine = {c for c in late if open_needs.get(code=c).community.code.startswith(secretary.code)}
    assert mine
    assert listed == mine
    assert {n.code for n in home["late_needs"] if n.code.startswith("DEMO-N")} <= mine
    assert home["waiting_count"] > len(mine)


@pytest.mark.parametrize("quarter", [Quarter(2027, n) for n in (1, 2, 3, 4)])
def test_the_demo_tells_no_situation_of_another_time_of_year(quarter: Quarter) -> None:
    needs = demo_document(quarter, quarter.start)["needs"]
    told = demo_need_situations(needs, quarter)
    assert all(s.told_in(quarter) for s in told)
    # Each quarter has situations of another time of year to leave out.
    assert any(not s.told_in(quarter) for s in demo_situations())


def test_loaded_in_summer_the_demo_and_its_history_keep_to_their_seasons() -> None:
    day = dt.datetime(2027, 7, 12, 10, tzinfo=SHANGHAI)
    _load_on(day)

    situation = {s.title: s for s in demo_situations()}
    needs = Need.objects.filter(code__regex=r"^DEMO-[NH]").exclude(code__endswith="-GAP")
    seasons = {(Quarter.of(n.window_start), situation[n.title]) for n in needs}
    assert {q for q, _ in seasons} == {Quarter(2027, 1), Quarter(2027, 2), Quarter(2027, 3)}
    assert [(q, s.title) for q, s in seasons if not s.told_in(q)] == []
    assert any(s.seasons == (3,) for q, s in seasons)  # the summer holidays, in summer


def test_loaded_after_her_meeting_a_secretary_finds_the_next_one_arranged(
    client: Client,
) -> None:
    day = dt.datetime(2026, 12, 8, 10, tzinfo=SHANGHAI)
    _load_on(day)

    secretary = Community.objects.get(roles__user__username="secretary_anshan")
    held = LiaisonMeeting.objects.get(code__startswith="DEMO-M", community=secretary)
    assert held.date < day.date()
    with time_machine.travel(day, tick=False):
        assert client.login(username="secretary_anshan", password=DEMO_PASSWORD)
        home = client.get(reverse("home"))
        api = client.get("/api/v1/meetings/", {"limit": "100"})
    summary = home.context["secretary"]
    following = summary["meeting"]
    assert following is not None
    assert following.community == secretary
    assert Quarter.of(following.date) == Quarter(2027, 1)
    assert following.attendees.count() == held.attendees.count() > 0
    assert following.title in home.content.decode()
    # Her meeting of this quarter still waits for its minutes.
    assert held in summary["unrecorded"]
    # The API lists the same meeting to her.
    assert api.status_code == 200
    listed = {m["code"]: m for m in api.json()["results"]}
    assert listed[following.code]["date"] == following.date.isoformat()
