"""A pairing already agreed stays in the plan with its real fit, even when its units
are taken and the ranking of what is free no longer lists it."""

from typing import Any

from matching.allocation import allocation_plan
from matching.engine.quarters import Quarter
from tests.allocation.conftest import QUARTER
from tests.factories import ProjectFactory


def test_a_kept_pair_whose_units_are_used_up_keeps_its_score(district: Any) -> None:
    needs, offerings = district["needs"], district["offerings"]
    # The doctors' single unit is taken by the urgent need: nothing of it is free.
    ProjectFactory.create(
        need=needs["urgent"],
        offering=offerings["doctors"],
        quantity=1,
        status="accepted",
        quarter=QUARTER,
    )

    plan = allocation_plan(scope=district["tree"]["BA"], quarter=Quarter.parse(QUARTER))

    kept = [a for a in plan.assignments if a.kept]
    assert [(a.need, a.offering) for a in kept] == [("N-BP-URGENT", "O-DOCS")]
    assert kept[0].score > 0.3
    assert any(r.code == "category" for r in kept[0].reasons)
