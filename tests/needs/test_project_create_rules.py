"""What ``project_create`` refuses: the wrong person, bad input, a need that is not
ready, an unverified partner, a second live pairing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from core.errors import ConflictError, InvalidInputError, NotAllowedError
from needs import services
from needs.models import Need, Notification
from partners.models import Offering, Partner


def test_only_the_needs_community_creates_projects(
    member: Any, other_secretary: Any, offering: Offering, make_need: Callable[..., Need]
) -> None:
    need = make_need()
    for actor in (member, other_secretary):
        with pytest.raises(NotAllowedError):
            services.project_create(actor=actor, need=need, offering=offering, quantity=1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"quantity": 0}, "quantity"), ({"quantity": 1, "status": "delivered"}, "status")],
)
def test_bad_input_names_the_field(
    secretary: Any,
    offering: Offering,
    make_need: Callable[..., Need],
    kwargs: dict[str, Any],
    field: str,
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        services.project_create(actor=secretary, need=make_need(), offering=offering, **kwargs)
    assert field in caught.value.fields


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_draft_and_cancelled_needs_get_no_projects(
    secretary: Any, offering: Offering, make_need: Callable[..., Need], status: str
) -> None:
    with pytest.raises(ConflictError):
        services.project_create(
            actor=secretary, need=make_need(status=status), offering=offering, quantity=1
        )


def test_unverified_partners_get_no_work(
    secretary: Any, offering: Offering, make_need: Callable[..., Need]
) -> None:
    Partner.objects.filter(pk=offering.partner_id).update(status="pending")
    offering.refresh_from_db()
    with pytest.raises(ConflictError):
        services.project_create(actor=secretary, need=make_need(), offering=offering, quantity=1)


def test_a_need_and_offering_have_one_live_pairing(
    secretary: Any, offering: Offering, make_need: Callable[..., Need]
) -> None:
    need = make_need()
    services.project_create(actor=secretary, need=need, offering=offering, quantity=1)
    with pytest.raises(ConflictError):
        services.project_create(actor=secretary, need=need, offering=offering, quantity=1)


def test_creating_dispatched_work_tells_the_partner(
    secretary: Any, member: Any, offering: Offering, make_need: Callable[..., Need]
) -> None:
    project = services.project_create(
        actor=secretary, need=make_need(), offering=offering, quantity=1, status="dispatched"
    )
    assert list(Notification.objects.values_list("recipient_id", "kind", "project_id")) == [
        (member.pk, "dispatched", project.pk)
    ]


@pytest.mark.parametrize(
    ("today", "quarter"),
    [
        (dt.date(2026, 8, 20), "2026Q4"),  # before the window: its first quarter
        (dt.date(2026, 11, 20), "2026Q4"),  # inside it
        (dt.date(2027, 2, 1), "2026Q4"),  # after it: its last quarter
    ],
)
def test_default_quarter_stays_inside_the_needs_window(
    make_need: Callable[..., Need], today: dt.date, quarter: str
) -> None:
    need = make_need(window_start=dt.date(2026, 10, 1), window_end=dt.date(2026, 12, 31))
    with time_machine.travel(dt.datetime(today.year, today.month, today.day, 12, tzinfo=dt.UTC)):
        assert str(services.default_quarter(need)) == quarter
