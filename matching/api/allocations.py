"""The allocations endpoint: quarterly allocation runs over an area.

``POST /api/v1/allocations/`` ``{"scope", "quarter"}`` queues a run (a Celery task) and
answers the run (id, status); ``GET /api/v1/allocations/{id}/`` shows its status and,
once done, its plan; ``POST /api/v1/allocations/{id}/accept/`` turns the plan into
proposed projects. Only administrators over the area run, see and accept.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from matching import allocation as services
from matching.models import AllocationJob
from needs.models import Project
from partners.api.serializers import ERRORS_READ, ERRORS_WRITE


class AllocationStartSerializer(serializers.Serializer[Any]):
    scope = serializers.CharField(
        max_length=64, help_text="code of a district, street or community you administer"
    )
    quarter = serializers.CharField(max_length=16, help_text="e.g. 2026Q4")


class PlanRowSerializer(serializers.Serializer[Any]):
    need = serializers.CharField(max_length=64)
    offering = serializers.CharField(max_length=64)


class AllocationAcceptSerializer(serializers.Serializer[Any]):
    leave_out = PlanRowSerializer(
        many=True,
        required=False,
        default=list,
        help_text="new rows of the plan not to take (unticked), by need and offering code",
    )


class AllocationJobSerializer(serializers.ModelSerializer[AllocationJob]):
    """A run as listed: where, which quarter, how far it got."""

    scope = serializers.CharField(source="scope.code", read_only=True)
    scope_name = serializers.CharField(source="scope.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = AllocationJob
        fields = [
            "id",
            "scope",
            "scope_name",
            "quarter",
            "status",
            "status_label",
            "error",
            "created_at",
            "finished_at",
            "accepted_at",
        ]
        read_only_fields = fields


class PlanAssignmentSerializer(serializers.Serializer[Any]):
    need = serializers.CharField()
    offering = serializers.CharField()
    partner = serializers.CharField()
    quantity = serializers.IntegerField()
    score = serializers.FloatField()
    kept = serializers.BooleanField(help_text="a pairing already made, kept as it is")
    reasons = serializers.ListField(child=serializers.DictField())


class PlanUnfilledSerializer(serializers.Serializer[Any]):
    need = serializers.CharField()
    missing = serializers.IntegerField()
    reason = serializers.ChoiceField(
        choices=["no_offering", "not_relevant", "capacity", "outside_area", "taken_elsewhere"]
    )
    text_zh = serializers.CharField()
    text_en = serializers.CharField()


class PlanSerializer(serializers.Serializer[Any]):
    assignments = PlanAssignmentSerializer(many=True)
    unfilled = PlanUnfilledSerializer(many=True)
    objective = serializers.FloatField()
    left_out = PlanRowSerializer(
        many=True, required=False, help_text="rows not taken when the plan was accepted"
    )


class AllocationJobDetailSerializer(AllocationJobSerializer):
    """A run with its plan (once done) and the projects its acceptance created."""

    plan = PlanSerializer(allow_null=True, read_only=True)
    projects = serializers.ManyRelatedField(
        child_relation=serializers.PrimaryKeyRelatedField[Project](read_only=True),
        read_only=True,
        help_text="ids of the projects accepting the plan created",
    )

    class Meta(AllocationJobSerializer.Meta):
        fields = [*AllocationJobSerializer.Meta.fields, "plan", "projects"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(responses={200: AllocationJobSerializer(many=True), **ERRORS_READ}),
    retrieve=extend_schema(responses={200: AllocationJobDetailSerializer, **ERRORS_READ}),
    create=extend_schema(
        request=AllocationStartSerializer,
        responses={202: AllocationJobDetailSerializer, **ERRORS_WRITE},
        summary="Queue the quarter's allocation over an area",
    ),
)
class AllocationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[AllocationJob]):
    """Quarterly allocation runs (季度资源分配) over the areas one administers."""

    ordering_fields = ["created_at", "id", "quarter", "status"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[AllocationJob]:
        visible = services.allocation_jobs_visible_to(self.request.user).select_related("scope")
        if self.action == "list":
            return visible.defer("plan")
        return visible.prefetch_related("projects")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "list":
            return AllocationJobSerializer
        if self.action == "create":
            return AllocationStartSerializer
        return AllocationJobDetailSerializer

    def _detail(self, job: AllocationJob, status: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=job.pk)
        return Response(AllocationJobDetailSerializer(fresh).data, status=status)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = AllocationStartSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        job = services.allocation_job_start(
            actor=request.user,
            scope_code=form.validated_data["scope"],
            quarter=form.validated_data["quarter"],
        )
        return self._detail(job, status=202)

    @extend_schema(
        request=AllocationAcceptSerializer,
        responses={200: AllocationJobDetailSerializer, **ERRORS_WRITE},
        summary="采纳: turn the plan into proposed projects, less the rows left out",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        """The rows named in ``leave_out`` (new rows of the plan, by need and offering)
        are not taken; the secretaries concerned get one notice each."""
        job = self.get_object()
        form = AllocationAcceptSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        leave_out = [(r["need"], r["offering"]) for r in form.validated_data["leave_out"]]
        services.allocation_job_accept(actor=request.user, job=job, leave_out=leave_out)
        return self._detail(job)
