"""A plan's supplies are the offerings its rankings and kept pairings name, with every
other offering of their partners (a partner's load counts them all), not every offering
of the city; the plan is the one all the offerings would give."""

from __future__ import annotations

from typing import Any

from matching.allocation import (
    allocation_inputs,
    engine_settings,
    free_capacity,
    parse_quarter,
    quarter_capacity,
)
from matching.engine.allocation import Supply, allocate
from partners.models import Offering
from tests.allocation.conftest import QUARTER, serve
from tests.factories import OfferingFactory, PartnerFactory


def _plan(inputs: Any, supplies: list[Supply]) -> Any:
    return allocate(
        demands=inputs.demands,
        supplies=supplies,
        rankings=inputs.rankings,
        kept=inputs.kept,
        excluded=inputs.excluded,
        settings=engine_settings(),
    )


def test_the_plan_is_the_one_every_offering_gives(district: dict[str, Any]) -> None:
    tree = district["tree"]
    # Another offering of the clinic, which no ranking names: it still counts in the
    # clinic's load. And a partner of its own that serves nothing the plan asks for.
    serve(
        OfferingFactory.create(
            code="O-CLINIC-TALK",
            partner=district["offerings"]["clinic"].partner,
            title="中医养生讲座",
            category_id="tcm_health",
            capacity=4,
        ),
        tree["C21"],
    )
    serve(
        OfferingFactory.create(
            code="O-FAR-AWAY",
            partner=PartnerFactory.create(code="P-ELSEWHERE"),
            title="修自行车",
            category_id="home_repair",
            capacity=3,
        ),
        tree["C12"],
    )
    quarter = parse_quarter(QUARTER)
    inputs = allocation_inputs(scope=tree["BA"], quarter=quarter)
    free = free_capacity(quarter=quarter)
    rows = Offering.objects.values_list("code", "partner__code", "capacity")
    every = [
        Supply(code, partner, capacity=free.get(code, 0), used=max(total - free.get(code, 0), 0))
        for code, partner, total in rows
    ]

    codes = {s.offering for s in inputs.supplies}
    assert "O-CLINIC-TALK" in codes, "the clinic's other offering loads the clinic"
    assert "O-FAR-AWAY" not in codes
    assert set(inputs.offering_ids) == codes
    assert _plan(inputs, inputs.supplies) == _plan(inputs, every)
    assert _plan(inputs, inputs.supplies).assignments


def test_plans_made_one_after_another_may_share_the_capacity_read(
    district: dict[str, Any],
) -> None:
    quarter = parse_quarter(QUARTER)
    capacity = quarter_capacity(quarter=quarter)
    for street in ("S1", "S2"):
        scope = district["tree"][street]
        shared = allocation_inputs(scope=scope, quarter=quarter, capacity=capacity)
        own = allocation_inputs(scope=scope, quarter=quarter)
        assert shared == own
        # Each offering's supply is made once for the quarter and shared by the plans.
        again = allocation_inputs(scope=scope, quarter=quarter, capacity=capacity)
        assert again.supplies
        assert all(a is s for a, s in zip(again.supplies, shared.supplies, strict=True))


def test_street_plans_share_the_capacity_read_only_while_the_data_stands(
    district: dict[str, Any], monkeypatch: Any
) -> None:
    from changes.log import record_change
    from matching import batches

    quarter = parse_quarter(QUARTER)
    assert batches._shared_capacity(quarter) is not batches._shared_capacity(quarter), (
        "nothing recorded yet: read every time"
    )
    record_change(everything=True)
    first = batches._shared_capacity(quarter)
    assert batches._shared_capacity(quarter) is first
    record_change(capacity=["O-LAW"])
    changed = batches._shared_capacity(quarter)
    assert changed is not first
    monkeypatch.setattr(batches, "SHARED_CAPACITY_SECONDS", 0.0)
    assert batches._shared_capacity(quarter) is not changed
