"""The quarter's allocation, split by street into tasks that two real Celery workers
share and gathered by the caller, gives the same plans as computing them one after the
other in one process and reconciling them there; together they never promise an
offering more than it has left. Once gathered, the streets' results are gone from the
result backend."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest

from interchange.importer import import_document
from matching.allocation import free_capacity, parse_quarter
from matching.batches import city_allocation, reconcile_street_plans, street_ids, street_plan
from matching.engine.quarters import Quarter
from synthetic import DEFAULT_START, generate_region
from tests.production.conftest import purge_queue, stored_results

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(300),
]

TASK = "matching.tasks.plan_street_allocation"


def test_allocation_split_by_street_over_two_workers_equals_one_process(
    start_worker: Callable[..., subprocess.Popen[bytes]],
) -> None:
    import_document(generate_region(offerings=400, needs=150, seed=13))
    quarter = str(Quarter.of(DEFAULT_START))
    streets = street_ids()
    assert len(streets) >= 2

    alone = [street_plan(street_id=street, quarter=quarter) for street in streets]
    assert sum(len(plan["assignments"]) for plan in alone) > 0
    capacity = free_capacity(quarter=parse_quarter(quarter))
    reconciled = reconcile_street_plans(alone, capacity)
    purge_queue()  # whatever earlier work left on this broker

    kept_before = stored_results(TASK)
    first, second = start_worker("w1"), start_worker("w2")
    spread = city_allocation(quarter=quarter).get(timeout=240)

    assert first.poll() is None
    assert second.poll() is None
    assert spread == reconciled
    assert stored_results(TASK) <= kept_before
    promised: dict[str, int] = {}
    for plan in spread.values():
        for a in plan["assignments"]:
            if not a["kept"]:
                promised[a["offering"]] = promised.get(a["offering"], 0) + a["quantity"]
    assert all(units <= capacity[offering] for offering, units in promised.items())
