"""The district's trends count the answers promised in each quarter and the share given
in time, through the API and the page alike."""

import datetime as dt
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse

from tests.deadlines.conftest import SHANGHAI
from tests.factories import PASSWORD, NeedFactory


def test_on_time_answers_per_quarter(street_admin: Any, tree: Any, client_for: Any) -> None:
    due = dt.datetime(2026, 11, 10, 18, tzinfo=SHANGHAI)
    for answered in (due - dt.timedelta(days=2), due - dt.timedelta(hours=1), None):
        NeedFactory.create(community=tree["C11"], respond_by=due, responded_at=answered)
    NeedFactory.create(  # late in the previous quarter
        community=tree["C12"],
        respond_by=dt.datetime(2026, 9, 1, 18, tzinfo=SHANGHAI),
        responded_at=dt.datetime(2026, 9, 3, 9, tzinfo=SHANGHAI),
    )
    NeedFactory.create(  # not yet due: not counted
        community=tree["C11"], respond_by=dt.datetime(2026, 12, 30, 18, tzinfo=SHANGHAI)
    )

    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=SHANGHAI), tick=False):
        rows = (
            client_for(street_admin)
            .get(
                reverse("insights-trends"),
                {"scope": tree["S1"].code, "quarter": "2026Q4", "quarters": 2},
            )
            .json()
        )
        browser = Client()
        browser.login(username=street_admin.username, password=PASSWORD)
        page = browser.get(
            "/insights/trends/", {"scope": tree["S1"].code, "quarter": "2026Q4"}
        ).content.decode()

    by_quarter = {r["quarter"]: (r["answers_due"], r["on_time_rate"]) for r in rows}
    assert by_quarter == {"2026Q3": (1, 0.0), "2026Q4": (3, 0.667)}
    assert "按时答复率" in page
    assert "67%" in page
