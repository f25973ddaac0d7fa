"""Writes for long work started from the pages: the bulk import, checked then written.

The import itself is ``interchange``; these only record a job's progress and
outcome so a page can follow it while a worker (or, without a broker, the request
itself) does the work.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from core.errors import has_perm, require
from frontend.models import BackgroundJob
from frontend.roles import roles_of
from interchange.errors import InterchangeError
from interchange.files import read_json
from interchange.importer import ImportReport, import_document
from interchange.schema import Reach
from interchange.workbook import import_workbook
from partners.selectors import scope_of

Actor = AbstractBaseUser | AnonymousUser

_ZIP_MAGIC = b"PK\x03\x04"
# "sheet 'offerings', row 14, column 'modes': message"
_WHERE = re.compile(
    r"^sheet '(?P<sheet>[^']*)'(?:, row (?P<row>\d+))?(?:, column '(?P<column>[^']*)')?: "
    r"(?P<message>.*)$",
    re.DOTALL,
)


def can_import(actor: Actor) -> bool:
    """A bulk import writes whole regions, so it belongs to district administrators
    and platform administrators, not to a single community's secretary."""
    return roles_of(actor).imports


def import_job_start(*, actor: Actor, filename: str, payload: bytes, write: bool) -> BackgroundJob:
    """Record an import (a check when ``write`` is false) of the uploaded file for
    ``actor``; the caller enqueues ``frontend.tasks.run_import`` with its id."""
    require(
        has_perm(actor, "frontend.import_region"),
        "只有区管理员可以批量导入 / only district administrators import",
    )
    kind = BackgroundJob.Kind.IMPORT_WRITE if write else BackgroundJob.Kind.IMPORT_CHECK
    owner = scope_of(actor).user_id
    assert owner is not None  # noqa: S101 - can_import refuses anonymous users
    return BackgroundJob.objects.create(
        kind=kind, owner_id=owner, filename=filename[:255], payload=payload
    )


def _progress(job: BackgroundJob, percent: int, step: str) -> None:
    job.progress = percent
    job.step = step
    job.save(update_fields=["progress", "step", "status"])


def import_job_run(*, job_id: int) -> BackgroundJob:
    """Run the import a job records: read the file (JSON or workbook), validate it whole
    and, for a write, import it in one transaction. Problems are stored as they are
    reported (``path: message``, workbooks by sheet, row and column); nothing is written
    when there is any. A job already finished is left alone."""
    job = BackgroundJob.objects.get(pk=job_id)
    if job.finished:
        return job
    job.status = BackgroundJob.Status.RUNNING
    _progress(job, 10, "reading")
    write = job.kind == BackgroundJob.Kind.IMPORT_WRITE
    data = bytes(job.payload)
    owner = job.owner
    # The file is checked against its owner's area both when checked and when written:
    # the tree may have changed in between.
    reach = None if owner.is_superuser else Reach(community_ids=scope_of(owner).area_ids)
    try:
        _progress(job, 40, "checking")
        if data[:4] == _ZIP_MAGIC:
            report = import_workbook(BytesIO(data), dry_run=not write, reach=reach, actor=owner)
        else:
            report = import_document(read_json(data), dry_run=not write, reach=reach, actor=owner)
    except InterchangeError as exc:
        job.status = BackgroundJob.Status.FAILED
        job.problems = list(exc.problems)
    else:
        job.status = BackgroundJob.Status.DONE
        job.result = report_counts(report)
        if write:
            job.payload = b""  # written: the file is no longer needed
    job.progress = 100
    job.step = "finished"
    job.finished_at = timezone.now()
    job.save()
    return job


def report_counts(report: ImportReport) -> dict[str, Any]:
    """An import report as plain data: per kind, created / updated / unchanged."""
    return {
        "kinds": {
            kind: {"created": c.created, "updated": c.updated, "unchanged": c.unchanged}
            for kind, c in report.by_kind().items()
        },
        "changed": report.changed,
        "dry_run": report.dry_run,
    }


def split_problem(problem: str) -> dict[str, str]:
    """``sheet 'offerings', row 14, column 'modes': msg`` → its sheet, row, column and
    message; a JSON path (``offerings[12].modes: msg``) keeps the path as its place."""
    match = _WHERE.match(problem)
    if match:
        return {k: v or "" for k, v in match.groupdict().items()}
    place, sep, message = problem.partition(": ")
    if not sep:
        return {"sheet": "", "row": "", "column": "", "place": "", "message": problem}
    return {"sheet": "", "row": "", "column": "", "place": place, "message": message}
