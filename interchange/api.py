"""The imports endpoint: the same bulk import as the ``/import/`` page, for scripts.

``POST /api/v1/imports/`` with a ``document`` file (a ``jinlin-interchange/1`` JSON
document or a workbook, at most 5 MB) checks it in the background and answers the job;
``GET /api/v1/imports/{id}/`` follows it, its problems named by sheet, row and column
(or JSON path); ``POST /api/v1/imports/{id}/confirm/`` writes a file whose check passed,
as a new job. District and platform administrators only; the file is checked against
the importer's area, as on the page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from interchange import jobs
from interchange.models import ImportJob
from interchange.selectors import import_jobs_visible_to
from partners.api.serializers import ERRORS_READ, ERRORS_WRITE

MAX_UPLOAD = 5 * 1024 * 1024


class ImportUploadSerializer(serializers.Serializer[Any]):
    document = serializers.FileField(help_text=".json or .xlsx, at most 5 MB")

    def validate_document(self, upload: Any) -> Any:
        name = (upload.name or "").lower()
        if not name.endswith((".json", ".xlsx")):
            raise serializers.ValidationError("请上传 .json 或 .xlsx 文件 / a .json or .xlsx file")
        if upload.size > MAX_UPLOAD:
            raise serializers.ValidationError("文件超过 5 MB / the file is over 5 MB")
        return upload


class ProblemSerializer(serializers.Serializer[Any]):
    sheet = serializers.CharField()
    row = serializers.CharField()
    column = serializers.CharField()
    place = serializers.CharField(required=False)
    message = serializers.CharField()


class ImportJobSerializer(serializers.ModelSerializer[ImportJob]):
    """A job: a check or a write of one file, how far it got and what it found."""

    problems = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "status",
            "progress",
            "step",
            "filename",
            "result",
            "problems",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ProblemSerializer(many=True))
    def get_problems(self, job: ImportJob) -> list[dict[str, str]]:
        return [jobs.split_problem(p) for p in job.problems]


@extend_schema_view(
    list=extend_schema(responses={200: ImportJobSerializer(many=True), **ERRORS_READ}),
    retrieve=extend_schema(responses={200: ImportJobSerializer, **ERRORS_READ}),
)
class ImportJobViewSet(viewsets.ReadOnlyModelViewSet[ImportJob]):
    """Bulk imports (批量导入) of a region's records: checked, then written on confirm."""

    serializer_class = ImportJobSerializer
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[ImportJob]:
        return import_jobs_visible_to(self.request.user).defer("payload")

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not request.user.has_perm("interchange.import_region"):
            raise exceptions.PermissionDenied(
                "只有区管理员可以批量导入 / only district administrators import"
            )

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={202: ImportJobSerializer, **ERRORS_WRITE},
        summary="Check a file for import",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = ImportUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["document"]
        job = jobs.import_job_start(
            actor=request.user, filename=upload.name, payload=upload.read(), write=False
        )
        return self._answer(job)

    @extend_schema(
        request=None,
        responses={202: ImportJobSerializer, **ERRORS_WRITE},
        summary="Write a file whose check passed",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        job = jobs.import_job_confirm(actor=request.user, job=self.get_object())
        return self._answer(job)

    def _answer(self, job: ImportJob) -> Response:
        # Without a broker the job has already run in-process (outside a transaction its
        # task starts at once); with one it is queued. Read it again either way.
        fresh = import_jobs_visible_to(self.request.user).defer("payload").get(pk=job.pk)
        return Response(ImportJobSerializer(fresh).data, status=status.HTTP_202_ACCEPTED)

    def get_parsers(self) -> list[Any]:
        if getattr(self, "action", None) == "create" or self.request is None:
            return [MultiPartParser()]
        return super().get_parsers()
