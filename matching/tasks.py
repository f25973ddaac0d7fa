"""Celery tasks of the matching: each takes ids, calls one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from matching import services


@shared_task
def refresh_suggestions_after_change(version: int) -> int:
    """Store again the suggestions the change with this version may affect."""
    return services.suggestions_refresh_for_change(version=version)


@shared_task
def refresh_area_suggestions(community_id: int | None = None) -> int:
    """Store the suggestions of every open need under a community (all when ``None``)."""
    return services.suggestions_refresh_area(community_id=community_id)


@shared_task
def matching_nightly() -> int:
    """Forget old changes, rebuild every index, refresh every open need's suggestions."""
    return services.matching_nightly()


@shared_task
def run_allocation_job(job_id: int) -> str:
    """Compute a queued allocation run's plan; returns its final status."""
    from matching.allocation import allocation_job_run

    return allocation_job_run(job_id=job_id).status


# --- City-wide batches spread over workers ---------------------------------------------------


@shared_task
def add_counts(counts: list[int]) -> int:
    """The chord's last step: the total of what the parts stored."""
    return sum(counts)


@shared_task
def refresh_city_suggestions() -> str:
    """Store every open need's suggestions, one task per street, spread over whichever
    workers are running (see :func:`matching.batches.city_refresh`); returns the id of
    the chord's result, whose value is how many suggestions were stored."""
    from matching.batches import city_refresh

    return str(city_refresh().id)


@shared_task
def plan_street_allocation(street_id: int, quarter: str) -> dict[str, Any]:
    """One street's allocation plan for the quarter, as JSON (nothing is written)."""
    from matching.batches import street_plan

    return street_plan(street_id=street_id, quarter=quarter)


@shared_task
def gather_plans(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The chord's last step: the street plans by street code."""
    return {part["street"]: part for part in parts}


@shared_task
def learn_from_category(need_id: int, actor_id: int | None = None) -> int | None:
    """Learn from a secretary's choice of a need's category; the example's id."""
    from matching.learning import reading_learn_from_category

    example = reading_learn_from_category(need_id=need_id, actor_id=actor_id)
    return example.pk if example is not None else None
