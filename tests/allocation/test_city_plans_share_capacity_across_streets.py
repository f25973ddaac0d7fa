"""Street plans of the city's allocation are each made against the whole capacity; the
city's plan reconciles them so that together they never promise an offering more units
than it has left. The best-scoring assignments keep the units; the others are withdrawn
and their needs say the capacity went to another street's plan."""

from __future__ import annotations

import random
from typing import Any

from matching.allocation import free_capacity, parse_quarter
from matching.batches import city_allocation, reconcile_street_plans, street_ids, street_plan
from tests.allocation.conftest import QUARTER
from tests.factories import NeedFactory


def _units(plans: Any, offering: str) -> int:
    return sum(
        a["quantity"]
        for plan in plans
        for a in plan["assignments"]
        if a["offering"] == offering and not a["kept"]
    )


def test_two_streets_asking_for_one_offering_share_its_capacity(district: dict[str, Any]) -> None:
    # 新安街道 asks for five units of legal aid; 九围社区 (S2) already asks for one. The
    # district's lawyers have five units.
    NeedFactory.create(
        code="N-LAW-S1",
        community=district["tree"]["C11"],
        title="居民劳动纠纷咨询",
        description="几位居民被拖欠工资，想找律师咨询",
        category_id="legal_aid",
        beneficiaries=["all"],
        quantity=5,
    )
    capacity = free_capacity(quarter=parse_quarter(QUARTER))["O-LAW"]
    alone = [street_plan(street_id=street, quarter=QUARTER) for street in street_ids()]
    assert _units(alone, "O-LAW") > capacity  # each street planned on all five units

    city = city_allocation(quarter=QUARTER).get(timeout=60)

    assert _units(city.values(), "O-LAW") == capacity
    withdrawn = [w for plan in city.values() for w in plan["withdrawn"]]
    assert withdrawn
    assert {w["offering"] for w in withdrawn} == {"O-LAW"}
    short = {
        u["need"]: u
        for plan in city.values()
        for u in plan["unfilled"]
        if u["reason"] == "taken_elsewhere"
    }
    assert set(short) == {w["need"] for w in withdrawn}
    assert all("其他街道" in u["text_zh"] for u in short.values())


def _random_plans(rng: random.Random) -> tuple[list[dict[str, Any]], dict[str, int]]:
    offerings = [f"O{i}" for i in range(5)]
    capacity = {o: rng.randint(0, 6) for o in offerings}
    parts = []
    for s in range(rng.randint(1, 4)):
        assignments = []
        for n in range(rng.randint(0, 6)):
            assignments.append(
                {
                    "need": f"S{s}N{n}",
                    "offering": rng.choice(offerings),
                    "quantity": rng.randint(1, 4),
                    "score": round(rng.random(), 3),
                    "partner": "P",
                    "kept": rng.random() < 0.2,
                    "reasons": [],
                }
            )
        parts.append(
            {"street": f"S{s}", "quarter": QUARTER, "assignments": assignments, "unfilled": []}
        )
    return parts, capacity


def test_reconciled_plans_never_exceed_capacity_and_lose_no_unit() -> None:
    for seed in range(300):
        parts, capacity = _random_plans(random.Random(seed))

        city = reconcile_street_plans(parts, capacity)

        for offering, units in capacity.items():
            asked = _units(parts, offering)
            kept = _units(city.values(), offering)
            assert kept == min(asked, units), (seed, offering)
        for part in parts:
            plan = city[part["street"]]
            before = sum(a["quantity"] for a in part["assignments"])
            after = sum(a["quantity"] for a in plan["assignments"])
            withdrawn = sum(w["quantity"] for w in plan["withdrawn"])
            missing = sum(u["missing"] for u in plan["unfilled"])
            assert before == after + withdrawn, seed
            assert withdrawn == missing, seed
            kept_before = [a for a in part["assignments"] if a["kept"]]
            assert [a for a in plan["assignments"] if a["kept"]] == kept_before, seed


def test_the_best_scoring_assignment_keeps_the_units() -> None:
    parts = [
        {
            "street": "S1",
            "assignments": [
                {"need": "A", "offering": "O", "quantity": 2, "score": 0.6, "kept": False}
            ],
            "unfilled": [],
        },
        {
            "street": "S2",
            "assignments": [
                {"need": "B", "offering": "O", "quantity": 2, "score": 0.9, "kept": False}
            ],
            "unfilled": [
                {"need": "B", "missing": 1, "reason": "capacity", "text_zh": "", "text_en": ""}
            ],
        },
    ]

    city = reconcile_street_plans(parts, {"O": 3})

    assert city["S2"]["assignments"][0]["quantity"] == 2
    assert city["S1"]["assignments"][0]["quantity"] == 1
    assert city["S1"]["unfilled"] == [
        {
            "need": "A",
            "missing": 1,
            "reason": "taken_elsewhere",
            "text_zh": city["S1"]["unfilled"][0]["text_zh"],
            "text_en": city["S1"]["unfilled"][0]["text_en"],
        }
    ]
    assert city["S2"]["unfilled"][0]["reason"] == "capacity"  # nothing of B's was taken
