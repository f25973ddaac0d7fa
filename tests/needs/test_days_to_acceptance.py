"""Days from dispatch to acceptance come from the timeline the services record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from needs import services
from needs.models import Need, Project
from needs.selectors import days_to_acceptance
from partners.models import Offering


def at(day: int, hour: int = 9) -> Any:
    return time_machine.travel(dt.datetime(2026, 10, day, hour, tzinfo=dt.UTC), tick=False)


def test_days_from_dispatch_to_accept(
    secretary: Any,
    member: Any,
    offering: Offering,
    make_need: Callable[..., Need],
    make_project: Callable[..., Project],
) -> None:
    with at(1):
        quick = services.project_create(
            actor=secretary, need=make_need(), offering=offering, quantity=1, status="dispatched"
        )
        slow = services.project_create(
            actor=secretary, need=make_need(), offering=offering, quantity=1, status="dispatched"
        )
        at_meeting = services.project_create(
            actor=secretary, need=make_need(), offering=offering, quantity=1, status="accepted"
        )
    with at(1, hour=21):
        services.project_accept(actor=member, project=quick)
    with at(5):
        services.project_accept(actor=member, project=slow)
    waiting = make_project("dispatched")

    days = days_to_acceptance()
    assert days == {quick.pk: pytest.approx(0.5), slow.pk: pytest.approx(4.0)}
    assert at_meeting.pk not in days
    assert waiting.pk not in days
    assert days_to_acceptance(project_ids=[slow.pk]) == {slow.pk: pytest.approx(4.0)}
