"""Celery tasks of the matching: each takes ids, calls one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from matching import services
from matching.allocation import allocation_job_run
from matching.batches import street_plan, street_suggestions
from matching.learning import reading_learn_from_category


@shared_task
def matching_nightly() -> int:
    """Forget old changes and have every process rebuild its index."""
    return services.matching_nightly()


@shared_task
def save_index_snapshot() -> str:
    """Save this worker's index as its data version's snapshot, so that processes
    starting later open it instead of applying every change since the last one."""
    from matching.index import snapshot_current

    path = snapshot_current()
    return "" if path is None else path.name


@shared_task
def send_opportunity_digests() -> int:
    """认领: tell partners of the week's new needs their offerings could serve."""
    return services.opportunity_digests_send()


@shared_task
def run_allocation_job(job_id: int) -> str:
    """Compute a queued allocation run's plan; returns its final status."""

    return allocation_job_run(job_id=job_id).status


# --- City-wide batches spread over workers ---------------------------------------------------


@shared_task
def plan_street_allocation(street_id: int, quarter: str) -> dict[str, Any]:
    """One street's allocation plan for the quarter, as JSON (nothing is written)."""

    return street_plan(street_id=street_id, quarter=quarter)


@shared_task
def suggest_for_street(street_id: int | None, limit: int) -> list[tuple[str, str]]:
    """Every open need's suggestions in one street (or under none): (need code, line of
    JSON) pairs."""
    return street_suggestions(street_id=street_id, limit=limit)


@shared_task
def learn_from_category(need_id: int, actor_id: int | None = None) -> int | None:
    """Learn from a secretary's choice of a need's category; the example's id."""

    example = reading_learn_from_category(need_id=need_id, actor_id=actor_id)
    return example.pk if example is not None else None
