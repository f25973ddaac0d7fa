"""Reliability from constructed history: deliveries count 1, declines 0, ratings
(r-1)/4, smoothed toward the prior 0.7 with the weight of 3 observations; None without
history; cancellations and open work do not count."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from needs.models import Evaluation, Project
from needs.selectors import partner_reliability
from partners.models import Offering, Partner
from tests.factories import OfferingFactory, PartnerFactory


@pytest.fixture
def offering_of(tree: Any) -> Callable[[str], Offering]:
    def make(code: str) -> Offering:
        partner = PartnerFactory.create(code=code, community=tree["C12"])
        offering: Offering = OfferingFactory.create(partner=partner, capacity=50)
        return offering

    return make


def rate(project: Project, rating: int, by: str = "community") -> None:
    Evaluation.objects.create(project=project, by=by, rating=rating)


def test_reliability_from_history(
    offering_of: Callable[[str], Offering], make_project: Callable[..., Project]
) -> None:
    steady = offering_of("P-STEADY")
    for _ in range(3):
        rate(make_project("evaluated", offering=steady), 5)
    newcomer = offering_of("P-NEW")
    rate(make_project("evaluated", offering=newcomer), 5)
    unreliable = offering_of("P-DECLINES")
    for _ in range(3):
        make_project("declined", offering=unreliable)
    mixed = offering_of("P-MIXED")
    rate(make_project("delivered", offering=mixed), 3, by="resident")
    make_project("declined", offering=mixed)
    make_project("cancelled", offering=mixed)  # the community's call: not counted
    make_project("accepted", offering=mixed)  # no outcome yet
    silent = offering_of("P-SILENT")
    make_project("dispatched", offering=silent)

    ids = [o.partner_id for o in (steady, newcomer, unreliable, mixed, silent)]
    scores = partner_reliability(partner_ids=ids)

    assert scores[steady.partner_id] == pytest.approx((3 * 0.7 + 6) / (3 + 6))  # 0.9
    assert scores[newcomer.partner_id] == pytest.approx((3 * 0.7 + 2) / (3 + 2))  # 0.82
    assert scores[unreliable.partner_id] == pytest.approx((3 * 0.7) / (3 + 3))  # 0.35
    assert scores[mixed.partner_id] == pytest.approx((3 * 0.7 + 1 + 0.5) / (3 + 3))  # 0.6
    assert scores[silent.partner_id] is None
    # A longer good record outranks a short one; everything stays in 0..1.
    assert scores[steady.partner_id] > scores[newcomer.partner_id]  # type: ignore[operator]


def test_without_ids_every_partner_with_history_is_answered(
    offering_of: Callable[[str], Offering], make_project: Callable[..., Project]
) -> None:
    worked = offering_of("P-WORKED")
    make_project("delivered", offering=worked)
    idle: Partner = PartnerFactory.create(code="P-IDLE")
    scores = partner_reliability()
    assert scores[worked.partner_id] == pytest.approx((2.1 + 1) / 4)
    assert idle.pk not in scores
    assert partner_reliability(partner_ids=[idle.pk]) == {idle.pk: None}
