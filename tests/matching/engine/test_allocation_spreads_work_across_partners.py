"""A partner's marginal cost rises as it fills, so work spreads over partners."""

from matching.engine.allocation import AllocationSettings, Demand, Supply, allocate
from matching.engine.types import Ranking
from tests.matching.engine.allocation_builders import ranking

SUPPLIES = [
    Supply("O-BIG-1", "P-BIG", capacity=5),
    Supply("O-BIG-2", "P-BIG", capacity=5),
    Supply("O-SMALL", "P-SMALL", capacity=5),
]


def _rankings() -> list[Ranking]:
    # Every need prefers the big partner's offerings, slightly.
    return [
        ranking(
            f"N{n}",
            ("O-BIG-1", "P-BIG", 0.80),
            ("O-BIG-2", "P-BIG", 0.79),
            ("O-SMALL", "P-SMALL", 0.70),
        )
        for n in range(6)
    ]


def _units_by_partner(settings: AllocationSettings) -> dict[str, int]:
    plan = allocate(
        demands=[Demand(f"N{n}", 1) for n in range(6)],
        supplies=SUPPLIES,
        rankings=_rankings(),
        settings=settings,
    )
    out: dict[str, int] = {}
    for a in plan.assignments:
        out[a.partner] = out.get(a.partner, 0) + a.quantity
    return out


def test_without_load_weight_the_best_scoring_partner_takes_everything() -> None:
    assert _units_by_partner(AllocationSettings(load_weight=0.0)) == {"P-BIG": 6}


def test_load_weight_moves_work_to_a_second_partner() -> None:
    some = _units_by_partner(AllocationSettings(load_weight=0.5))
    more = _units_by_partner(AllocationSettings(load_weight=1.0))

    assert some["P-SMALL"] >= 1
    assert more["P-SMALL"] > some["P-SMALL"]
    assert sum(some.values()) == sum(more.values()) == 6


def test_units_already_taken_this_quarter_make_a_partner_dearer() -> None:
    busy = [
        Supply("O-BIG-1", "P-BIG", capacity=2, used=8),
        Supply("O-SMALL", "P-SMALL", capacity=2, used=0),
    ]
    plan = allocate(
        demands=[Demand("N1", 1)],
        supplies=busy,
        rankings=[ranking("N1", ("O-BIG-1", "P-BIG", 0.75), ("O-SMALL", "P-SMALL", 0.70))],
        settings=AllocationSettings(load_weight=0.5),
    )

    assert [a.partner for a in plan.assignments] == ["P-SMALL"]
