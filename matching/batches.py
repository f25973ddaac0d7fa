"""City-wide batches split by street into Celery tasks that any number of workers share.

The quarter's allocation: one plan per street (what its administrator would run), each
reading the capacity left to the whole quarter, gathered by street code; the same plans
as computed one after the other in one process
(``tests/production/test_city_allocation_spread_over_workers.py``). They are proposals:
accepting one street's plan takes capacity the next plan then no longer sees.

Without a broker the tasks run one after the other in-process.
"""

from __future__ import annotations

from typing import Any

from celery import chord
from celery.result import AsyncResult

from core.tasks import signature
from matching.allocation import allocation_plan, parse_quarter, plan_payload
from partners.models import Community


def street_ids() -> list[int]:
    """The streets whose needs form one part each (every community with a need hangs
    under one street: needs sit at community level or below)."""
    return list(
        Community.objects.filter(level=Community.Level.STREET)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def street_plan(*, street_id: int, quarter: str) -> dict[str, Any]:
    """One street's allocation plan for ``quarter`` as JSON, with the street's code."""
    street = Community.objects.get(pk=street_id, level=Community.Level.STREET)
    plan = allocation_plan(scope=street, quarter=parse_quarter(quarter))
    return {"street": street.code, "quarter": quarter, **plan_payload(plan)}


def city_allocation(*, quarter: str) -> AsyncResult:
    """Enqueue one allocation plan per street for ``quarter`` as a chord; its result is
    ``{street code: plan}`` (see :func:`street_plan`)."""
    parts = [
        signature("matching.tasks.plan_street_allocation", street, quarter, immutable=True)
        for street in street_ids()
    ]
    return chord(parts)(signature("matching.tasks.gather_plans"))
