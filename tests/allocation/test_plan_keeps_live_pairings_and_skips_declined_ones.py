"""Pairings already made stay in the plan; pairs a partner declined are not proposed
again; units already accepted this quarter are not planned twice."""

from typing import Any

from matching.allocation import allocation_plan
from matching.engine.quarters import Quarter
from needs.models import Project
from partners.models import Community
from tests.allocation.conftest import QUARTER
from tests.factories import ProjectFactory


def plan_for_district() -> Any:
    return allocation_plan(scope=Community.objects.get(code="BA"), quarter=Quarter.parse(QUARTER))


def test_accepted_pairing_is_kept_and_its_units_are_not_offered_again(district: Any) -> None:
    urgent, clinic = district["needs"]["urgent"], district["offerings"]["clinic"]
    ProjectFactory.create(
        need=urgent, offering=clinic, quantity=2, status=Project.Status.ACCEPTED, quarter=QUARTER
    )

    plan = plan_for_district()

    kept = [(a.need, a.offering, a.quantity) for a in plan.assignments if a.kept]
    assert kept == [("N-BP-URGENT", "O-CLINIC", 2)]
    # The clinic's 2 units are taken: only the doctors' unit is left for the others.
    new = [(a.need, a.offering, a.quantity) for a in plan.assignments if not a.kept]
    assert ("N-BP-NORMAL", "O-DOCS", 1) in new
    assert all(o != "O-CLINIC" for _, o, _ in new)


def test_declined_pair_is_not_proposed_again(district: Any) -> None:
    law_need, law = district["needs"]["law"], district["offerings"]["law"]
    ProjectFactory.create(
        need=law_need, offering=law, status=Project.Status.DECLINED, quarter=QUARTER
    )

    plan = plan_for_district()

    assert all(a.need != "N-LAW" for a in plan.assignments)
    assert {u.need: u.reason for u in plan.unfilled}["N-LAW"] == "no_offering"


def test_units_proposed_by_an_earlier_plan_are_not_promised_twice(district: Any) -> None:
    ProjectFactory.create(
        need=district["needs"]["later"],
        offering=district["offerings"]["doctors"],
        status=Project.Status.PROPOSED,
        quarter=QUARTER,
    )

    plan = plan_for_district()

    assert all(a.offering != "O-DOCS" for a in plan.assignments)
