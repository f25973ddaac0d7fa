"""Celery tasks of the matching: each takes ids, calls one service."""

from __future__ import annotations

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
