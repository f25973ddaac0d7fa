"""Accepted, in-progress, delivered and evaluated units use the offering's capacity for
the project's quarter; dispatch and accept refuse work that does not fit; declines and
cancellations give the units back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from core.errors import ConflictError
from matching.engine.quarters import Quarter
from needs import services
from needs.models import Need, Project
from needs.selectors import capacity_left_by_offering
from partners.models import Offering
from tests.factories import OfferingFactory

Q4 = Quarter(2026, 4)


def left(offering: Offering, quarter: Quarter = Q4) -> int:
    return capacity_left_by_offering(quarter=quarter, offering_ids=[offering.pk])[offering.pk]


def test_only_held_states_of_the_quarter_count(
    offering: Offering, make_project: Callable[..., Project]
) -> None:
    # capacity 5
    for status in ("proposed", "dispatched", "declined", "cancelled"):
        make_project(status, quantity=3)
    assert left(offering) == 5
    make_project("accepted", quantity=1)
    make_project("in_progress", quantity=1)
    make_project("delivered", quantity=1)
    make_project("evaluated", quantity=1)
    make_project("accepted", quantity=1, quarter="2027Q1")
    assert left(offering) == 1
    assert left(offering, Quarter(2027, 1)) == 4
    assert left(offering, Quarter(2026, 3)) == 5


def test_selector_answers_every_offering_asked_and_never_negative(
    offering: Offering, make_project: Callable[..., Project]
) -> None:
    idle = OfferingFactory.create(code="O-IDLE", partner=offering.partner, capacity=7)
    make_project("accepted", quantity=5)
    Offering.objects.filter(pk=offering.pk).update(capacity=2)  # cut after acceptance
    assert capacity_left_by_offering(quarter=Q4, offering_ids=[offering.pk, idle.pk]) == {
        offering.pk: 0,
        idle.pk: 7,
    }
    assert capacity_left_by_offering(quarter=Q4)[idle.pk] == 7


def test_accept_refuses_what_the_quarter_cannot_hold(
    member: Any, offering: Offering, make_project: Callable[..., Project]
) -> None:
    first = make_project("dispatched", quantity=4)
    second = make_project("dispatched", quantity=2)
    services.project_accept(actor=member, project=first)
    with pytest.raises(ConflictError) as caught:
        services.project_accept(actor=member, project=second)
    assert "本季度名额已满" in caught.value.message
    assert "2026Q4" in caught.value.message
    assert Project.objects.get(pk=second.pk).status == "dispatched"
    assert left(offering) == 1


def test_dispatch_is_refused_without_capacity_left(
    secretary: Any, offering: Offering, make_project: Callable[..., Project]
) -> None:
    make_project("accepted", quantity=4)
    proposed = make_project("proposed", quantity=2)
    with pytest.raises(ConflictError):
        services.project_dispatch(actor=secretary, project=proposed)
    assert Project.objects.get(pk=proposed.pk).status == "proposed"
    fits = make_project("proposed", quantity=1)
    services.project_dispatch(actor=secretary, project=fits)


def test_creating_accepted_or_dispatched_work_checks_capacity(
    secretary: Any, offering: Offering, make_need: Callable[..., Need]
) -> None:
    services.project_create(
        actor=secretary, need=make_need(), offering=offering, quantity=5, status="accepted"
    )
    for status in ("accepted", "dispatched"):
        with pytest.raises(ConflictError):
            services.project_create(
                actor=secretary, need=make_need(), offering=offering, quantity=1, status=status
            )
    # Proposing is planning, not a promise: it is allowed and dispatched later if room.
    services.project_create(actor=secretary, need=make_need(), offering=offering, quantity=1)


def test_cancelling_accepted_work_gives_the_units_back(
    secretary: Any, member: Any, offering: Offering, make_project: Callable[..., Project]
) -> None:
    taken = make_project("dispatched", quantity=5)
    waiting = make_project("dispatched", quantity=3)
    services.project_accept(actor=member, project=taken)
    assert left(offering) == 0
    with pytest.raises(ConflictError):
        services.project_accept(actor=member, project=waiting)
    services.project_cancel(actor=secretary, project=taken, reason="活动场地改造")
    assert left(offering) == 5
    services.project_accept(actor=member, project=waiting)
    assert left(offering) == 2


def test_declining_releases_the_dispatched_units_to_other_work(
    secretary: Any, member: Any, offering: Offering, make_need: Callable[..., Need]
) -> None:
    declined = services.project_create(
        actor=secretary, need=make_need(), offering=offering, quantity=5, status="dispatched"
    )
    services.project_accept(actor=member, project=declined)
    # The partner cannot decline accepted work; the community cancels it instead.
    with pytest.raises(ConflictError):
        services.project_decline(actor=member, project=declined, reason="变卦")
    services.project_cancel(actor=secretary, project=declined, reason="合伙人无法履约")
    again = services.project_create(
        actor=secretary, need=make_need(), offering=offering, quantity=5, status="dispatched"
    )
    services.project_decline(actor=member, project=again, reason="本月人手不足")
    assert left(offering) == 5
    services.project_create(
        actor=secretary, need=make_need(), offering=offering, quantity=5, status="accepted"
    )
    assert left(offering) == 0
