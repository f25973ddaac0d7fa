"""Tasks started from the pages; each takes an id and calls one service."""

from __future__ import annotations

from celery import shared_task

from frontend import services


@shared_task(acks_late=True)
def run_import(job_id: int) -> str:
    """Check or write the import a job records."""
    return services.import_job_run(job_id=job_id).status
