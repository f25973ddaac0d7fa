"""限时办结 and 首问负责 through the services, the API and the pages alike: a request
gets its promised times, the first secretary who answers it is responsible, a late one
is listed as overdue and its street administrator is told once."""

import datetime as dt
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse

from needs import services
from needs.models import Need, Notification, ResidentRequest
from needs.services.deadlines import overdue_escalate
from tests.deadlines.conftest import BEFORE_HOLIDAY, SHANGHAI
from tests.factories import PASSWORD, NeedFactory


def post_request(secretary: Any, resident: Any, text: str = "楼道灯坏了一个月没人修") -> Any:
    return services.request_post(
        actor=secretary,
        community=secretary_home(secretary),
        text=text,
        resident=resident.username,
    )


def secretary_home(secretary: Any) -> str:
    return secretary.roles.get().community.code


def test_a_request_is_due_two_working_days_later_across_the_holiday(
    secretary: Any, resident: Any
) -> None:
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        posted = post_request(secretary, resident)

    assert posted.respond_by == dt.datetime(2025, 10, 10, 23, 59, 59, tzinfo=SHANGHAI)
    assert posted.complete_by is not None
    assert posted.complete_by > posted.respond_by
    assert posted.policy_version == 0  # the default rules
    assert posted.responsible is None


def test_the_first_secretary_who_answers_is_responsible(
    secretary: Any, resident: Any, colleague: Any
) -> None:
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        posted = post_request(secretary, resident)
    with time_machine.travel(BEFORE_HOLIDAY + dt.timedelta(days=1), tick=False):
        need = services.request_convert(actor=colleague, request=posted)

    posted.refresh_from_db()
    assert posted.responsible == colleague
    assert posted.responded_at is not None
    assert posted.responded_at <= posted.respond_by
    assert need.responsible == colleague
    assert need.respond_by is not None


def test_overdue_requests_in_the_api_the_list_and_the_home(
    secretary: Any, resident: Any, client_for: Any
) -> None:
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        late = post_request(secretary, resident, "水管漏水")
        answered = post_request(secretary, resident, "想学用智能手机")
        services.request_decline(actor=secretary, request=answered, reason="已有课程，请来报名")

    with time_machine.travel(dt.datetime(2025, 10, 13, 9, tzinfo=SHANGHAI), tick=False):
        api = client_for(secretary).get(reverse("request-list"), {"overdue": "1"}).json()
        on_time = client_for(secretary).get(reverse("request-list"), {"overdue": "0"}).json()
        browser = Client()
        browser.login(username=secretary.username, password=PASSWORD)
        listed = browser.get(reverse("requests"), {"status": "overdue"}).content.decode()
        home = browser.get("/").content.decode()

    assert [r["id"] for r in api["results"]] == [late.pk]
    assert api["results"][0]["overdue"] is True
    assert answered.pk in [r["id"] for r in on_time["results"]]
    assert f'id="request-{late.pk}"' in listed
    assert f'id="request-{answered.pk}"' not in listed
    assert "水管漏水" in home
    assert "已超时" in home


def test_the_street_administrator_is_told_once(
    secretary: Any, resident: Any, street_admin: Any, other_secretary: Any
) -> None:
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        late = post_request(secretary, resident, "水管漏水")

    with time_machine.travel(dt.datetime(2025, 10, 9, 9, tzinfo=SHANGHAI), tick=False):
        assert overdue_escalate() == 0  # still within its two working days
    with time_machine.travel(dt.datetime(2025, 10, 13, 9, tzinfo=SHANGHAI), tick=False):
        first = overdue_escalate()
        again = overdue_escalate()

    told = Notification.objects.filter(kind="overdue")
    assert first == 1
    assert again == 0
    assert [(n.recipient, n.request) for n in told] == [(street_admin, late)]
    assert "超过响应时限仍未答复" in told.get().text
    late.refresh_from_db()
    assert late.escalated_at is not None


def test_a_need_is_answered_when_dispatched_and_late_past_its_window(
    secretary: Any, make_project: Any
) -> None:
    project = make_project()
    need = project.need
    need.respond_by = BEFORE_HOLIDAY
    need.save()
    assert need.overdue

    services.project_dispatch(actor=secretary, project=project)

    need.refresh_from_db()
    assert need.responded_at is not None
    assert need.responsible == secretary
    past = NeedFactory.create(
        community=need.community, window_start=dt.date(2025, 1, 1), window_end=dt.date(2025, 2, 1)
    )
    assert past.overdue
    assert past.status == Need.Status.OPEN


def test_hand_over_through_the_api_and_the_page(
    secretary: Any, resident: Any, colleague: Any, client_for: Any
) -> None:
    posted = post_request(secretary, resident)
    need = services.request_convert(actor=secretary, request=posted)

    refused = client_for(secretary).post(
        reverse("need-hand-over", args=[need.code]), {"to": resident.username}, format="json"
    )
    moved = client_for(secretary).post(
        reverse("need-hand-over", args=[need.code]),
        {"to": colleague.username, "note": "我下周休假"},
        format="json",
    )
    browser = Client()
    browser.login(username=colleague.username, password=PASSWORD)
    browser.post(
        reverse("request-handover", args=[posted.pk]), {"to": secretary.username, "note": "还给您"}
    )

    assert refused.status_code == 400
    assert "to" in refused.json()["error"]["fields"]
    assert moved.status_code == 200
    assert moved.json()["responsible"] == colleague.username
    page = browser.get(reverse("need-page", args=[need.code])).content.decode()
    assert "我下周休假" in page
    assert "李社工" in page
    posted.refresh_from_db()
    assert posted.responsible == secretary
    assert list(posted.handovers.values_list("note", flat=True)) == ["还给您"]
    assert ResidentRequest.objects.get(pk=posted.pk).handovers.count() == 1
