"""Celery tasks of bulk import: each takes an id and calls one service."""

from __future__ import annotations

from celery import shared_task

from interchange import jobs


@shared_task(acks_late=True)
def run_import(job_id: int) -> str:
    """Check or write the import a job records."""
    return jobs.import_job_run(job_id=job_id).status
