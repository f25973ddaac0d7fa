"""The API's need carries ``overdue``: its window ended before today and it is still
unserved. Read-only: a client cannot set it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories import FACTORY_DAY, NeedFactory

pytestmark = pytest.mark.django_db

TODAY = FACTORY_DAY


@pytest.mark.parametrize(
    ("window_end", "status", "overdue"),
    [
        (dt.date(2026, 11, 1), "open", True),
        (dt.date(2026, 11, 1), "matched", True),
        (dt.date(2026, 11, 1), "in_progress", True),
        (dt.date(2026, 11, 1), "done", False),
        (dt.date(2026, 11, 1), "cancelled", False),
        (dt.date(2026, 11, 2), "open", False),  # the last day of the window is still in time
    ],
)
def test_overdue_follows_window_and_status(
    client_for, secretary_a, tree, window_end, status, overdue
):
    NeedFactory(
        code="N-X",
        community=tree["C11"],
        window_start=dt.date(2026, 10, 1),
        window_end=window_end,
        status=status,
    )
    with time_machine.travel(TODAY, tick=False):
        listed = client_for(secretary_a).get(reverse("need-list")).json()["results"]
        one = client_for(secretary_a).get(reverse("need-detail", args=["N-X"])).json()
    assert [n["overdue"] for n in listed] == [overdue]
    assert one["overdue"] is overdue


def test_overdue_cannot_be_written(client_for, secretary_a, tree):
    NeedFactory(code="N-X", community=tree["C11"], window_end=dt.date(2026, 12, 31))
    with time_machine.travel(TODAY, tick=False):
        response = client_for(secretary_a).patch(
            reverse("need-detail", args=["N-X"]), {"overdue": True}, format="json"
        )
    assert response.status_code == 200
    assert response.json()["overdue"] is False
