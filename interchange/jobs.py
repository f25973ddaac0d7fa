"""Import jobs: a file checked, then written once confirmed, started from the page
(``/import/``) or the API (``/api/v1/imports/``) alike. A job records its progress and
outcome so either can follow it while a worker (or, without a broker, the request
itself) does the work; the import itself is ``interchange.importer``.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from core.errors import ConflictError, has_perm, require
from core.tasks import enqueue_on_commit
from interchange.errors import InterchangeError
from interchange.files import read_json
from interchange.importer import ImportReport, import_document
from interchange.models import ImportJob
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


def import_job_start(*, actor: Actor, filename: str, payload: bytes, write: bool) -> ImportJob:
    """Record an import (a check when ``write`` is false) of the uploaded file for
    ``actor``; and enqueue its run once the transaction commits."""
    require(
        has_perm(actor, "interchange.import_region"),
        "只有区管理员可以批量导入 / only district administrators import",
    )
    kind = ImportJob.Kind.IMPORT_WRITE if write else ImportJob.Kind.IMPORT_CHECK
    owner = scope_of(actor).user_id
    assert owner is not None  # noqa: S101 - the rule refuses anonymous users
    job = ImportJob.objects.create(
        kind=kind, owner_id=owner, filename=filename[:255], payload=payload
    )
    enqueue_on_commit("interchange.tasks.run_import", job.pk)
    return job


def import_job_confirm(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Write a file whose check passed: a new job, same file, owned by ``actor``. Only
    the owner's finished, problem-free check may be confirmed (``ConflictError``
    otherwise; a job she does not own is not found by the caller's selector)."""
    require(
        job.owner_id == scope_of(actor).user_id,
        "只能确认自己上传的文件 / only the person who uploaded the file confirms it",
    )
    if job.kind != ImportJob.Kind.IMPORT_CHECK or job.status != ImportJob.Status.DONE:
        raise ConflictError(
            "只能确认已通过检查的文件 / only a file whose check passed can be written"
        )
    return import_job_start(
        actor=actor, filename=job.filename, payload=bytes(job.payload), write=True
    )


def _progress(job: ImportJob, percent: int, step: str) -> None:
    job.progress = percent
    job.step = step
    job.save(update_fields=["progress", "step", "status"])


def import_job_run(*, job_id: int) -> ImportJob:
    """Run the import a job records: read the file (JSON or workbook), validate it whole
    and, for a write, import it in one transaction. Problems are stored as they are
    reported (``path: message``, workbooks by sheet, row and column); nothing is written
    when there is any. A job already finished is left alone."""
    job = ImportJob.objects.get(pk=job_id)
    if job.finished:
        return job
    job.status = ImportJob.Status.RUNNING
    _progress(job, 10, "reading")
    write = job.kind == ImportJob.Kind.IMPORT_WRITE
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
            report = import_document(
                read_json(data), dry_run=not write, reach=reach, actor=owner, release=True
            )
    except InterchangeError as exc:
        job.status = ImportJob.Status.FAILED
        job.problems = list(exc.problems)
    else:
        job.status = ImportJob.Status.DONE
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
