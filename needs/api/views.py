"""API views for needs, liaison meetings and projects. Querysets start from the
``needs.selectors``; writes go through ``needs.services``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotFoundError
from core.problems import Problems
from needs import services
from needs.api.filters import (
    NeedFilter,
    NotificationFilter,
    ProjectFilter,
    RequestFilter,
)
from needs.api.serializers import (
    DeadlinePolicySerializer,
    DeclineSerializer,
    DeliverSerializer,
    DispatchManySerializer,
    DispatchSerializer,
    EvaluateSerializer,
    HandOverSerializer,
    NeedSerializer,
    NotificationSerializer,
    ProjectCreateSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    ReasonSerializer,
    RequestConvertSerializer,
    ResidentRequestSerializer,
)
from needs.deadlines import policy_for
from needs.models import (
    DeadlinePolicy,
    Need,
    Notification,
    Project,
    ProjectEvent,
    ResidentRequest,
)
from needs.selectors import (
    needs_visible_to,
    notifications_for,
    projects_visible_to,
    requests_visible_to,
)
from needs.services import deadlines as deadline_services
from partners.api.serializers import ERRORS_READ, ERRORS_WRITE, tags_prefetch
from partners.api.views import read_views, write_views
from partners.models import Community, Offering
from partners.selectors import offerings_visible_to


def with_need_related(queryset: QuerySet[Need]) -> QuerySet[Need]:
    return queryset.select_related(
        "community", "category", "meeting", "responsible"
    ).prefetch_related(tags_prefetch())


@extend_schema_view(**read_views(NeedSerializer), **write_views(NeedSerializer))
class NeedViewSet(viewsets.ModelViewSet[Need]):
    """What communities and residents need (需求清单)."""

    serializer_class = NeedSerializer
    lookup_field = "code"
    throttle_scope = "resident_request"  # residents' requests are rate-limited (partners.throttles)
    filterset_class = NeedFilter
    ordering_fields = ["code", "title", "priority", "status", "window_start", "created_at"]
    ordering = ["code"]

    def get_queryset(self) -> QuerySet[Need]:
        return with_need_related(needs_visible_to(self.request.user))

    def _refetch(self, need: Need) -> Need:
        return with_need_related(Need.objects.filter(pk=need.pk)).get()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        consent = bool(data.pop("consent", False))
        need = services.need_post(
            actor=self.request.user, data=cast(services.NeedData, data), consent=consent
        )
        serializer.instance = self._refetch(need)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        data.pop("consent", None)
        need = services.need_update(
            actor=self.request.user,
            need=cast(Need, serializer.instance),
            data=cast(services.NeedData, data),
        )
        serializer.instance = self._refetch(need)

    def perform_destroy(self, instance: Need) -> None:
        services.need_delete(actor=self.request.user, need=instance)

    @extend_schema(
        request=HandOverSerializer,
        responses={200: NeedSerializer, **ERRORS_WRITE},
        summary="首问负责: hand the need to another administrator of its community",
    )
    @action(detail=True, methods=["post"], url_path="hand-over", url_name="hand-over")
    def hand_over(self, request: Request, code: str) -> Response:
        need = self.get_object()
        form = HandOverSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        deadline_services.responsibility_hand_over(
            actor=request.user, item=need, **form.validated_data
        )
        return Response(NeedSerializer(self._refetch(need), context={"request": request}).data)


def with_project_related(queryset: QuerySet[Project]) -> QuerySet[Project]:
    return queryset.select_related("need", "need__request", "offering", "offering__partner")


def with_project_detail(queryset: QuerySet[Project]) -> QuerySet[Project]:
    return (
        with_project_related(queryset)
        .select_related(
            "need__community",
            "need__responsible",
            "need__created_by",
            "dispatched_by",
            "service_record",
        )
        .prefetch_related(
            "service_record__photos",
            Prefetch("events", queryset=ProjectEvent.objects.select_related("actor")),
            "evaluations",
        )
    )


def _transition_schema(request: Any, summary: str) -> Any:
    return extend_schema(
        request=request,
        responses={200: ProjectDetailSerializer, **ERRORS_WRITE},
        summary=summary,
    )


@extend_schema_view(
    list=extend_schema(responses={200: ProjectSerializer(many=True), **ERRORS_READ}),
    retrieve=extend_schema(responses={200: ProjectDetailSerializer, **ERRORS_READ}),
    create=extend_schema(
        request=ProjectCreateSerializer, responses={201: ProjectDetailSerializer, **ERRORS_WRITE}
    ),
)
class ProjectViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Project]):
    """Pairings of a need and an offering (项目清单) and their lifecycle: 派单 (dispatch),
    接单 (accept or decline), start, deliver, 评单 (evaluate), cancel. Who may take each
    step, and when, is one table in ``needs.services``."""

    filterset_class = ProjectFilter
    ordering_fields = ["created_at", "status", "id", "quarter"]
    ordering = ["-created_at", "id"]

    def get_queryset(self) -> QuerySet[Project]:
        visible = projects_visible_to(self.request.user)
        if self.action == "list":
            return with_project_related(visible)
        return with_project_detail(visible)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "list":
            return ProjectSerializer
        if self.action == "create":
            return ProjectCreateSerializer
        return ProjectDetailSerializer

    def _detail(self, project: Project, status: int = 200) -> Response:
        fresh = with_project_detail(Project.objects.filter(pk=project.pk)).get()
        body = ProjectDetailSerializer(fresh, context=self.get_serializer_context()).data
        return Response(body, status=status)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = ProjectCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        need = needs_visible_to(request.user).filter(code=data["need"]).first()
        offering = (
            offerings_visible_to(request.user)
            .select_related("partner")
            .filter(code=data["offering"])
            .first()
        )
        problems = Problems()
        if need is None:
            problems.add("need", f"unknown need code {data['need']!r}")
        if offering is None:
            problems.add("offering", f"unknown offering code {data['offering']!r}")
        problems.raise_if_any()  # so both were found below
        project = services.project_create(
            actor=request.user,
            need=cast(Need, need),
            offering=cast(Offering, offering),
            quantity=data["quantity"],
            status=data["status"],
            quarter=data.get("quarter"),
        )
        return self._detail(project, status=201)

    def _plain(self, step: Callable[..., Project]) -> Response:
        project = self.get_object()
        step(actor=self.request.user, project=project)
        return self._detail(project)

    def _with_reason(self, step: Callable[..., Project]) -> Response:
        project = self.get_object()
        form = ReasonSerializer(data=self.request.data)
        form.is_valid(raise_exception=True)
        step(actor=self.request.user, project=project, reason=form.validated_data["reason"])
        return self._detail(project)

    @_transition_schema(DispatchSerializer, "派单: hand a proposed project to the partner")
    # Not named ``dispatch``: that is the view's own entry point.
    @action(detail=True, methods=["post"], url_path="dispatch", url_name="dispatch")
    def dispatch_to_partner(self, request: Request, pk: str) -> Response:
        project = self.get_object()
        form = DispatchSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.project_dispatch(
            actor=request.user, project=project, note=form.validated_data["note"]
        )
        return self._detail(project)

    @extend_schema(
        request=DispatchManySerializer,
        responses={200: ProjectSerializer(many=True), **ERRORS_WRITE},
        summary="批量派单: dispatch several proposed projects at once, all or none",
        operation_id="projects_dispatch_many",
    )
    @action(detail=False, methods=["post"], url_path="dispatch", url_name="dispatch-many")
    def dispatch_many(self, request: Request) -> Response:
        """Each partner concerned gets one notice for its share; a project that cannot
        be dispatched (not proposed, not yours, no capacity left) refuses the whole
        batch, naming it."""
        form = DispatchManySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        ids = form.validated_data["projects"]
        found = (
            projects_visible_to(request.user)
            .select_related("need__community", "offering__partner")
            .in_bulk(ids)
        )
        problems = Problems()
        for position, pk in enumerate(ids):
            if pk not in found:
                problems.add(f"projects.{position}", f"unknown project {pk}")
        problems.raise_if_any()
        moved = services.projects_dispatch(
            actor=request.user,
            projects=[found[pk] for pk in ids],
            note=form.validated_data["note"],
        )
        fresh = with_project_related(Project.objects.filter(pk__in=[p.pk for p in moved]))
        return Response(
            ProjectSerializer(
                fresh.order_by("id"), many=True, context=self.get_serializer_context()
            ).data
        )

    @_transition_schema(None, "接单: the partner accepts (uses the quarter's capacity)")
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._plain(services.project_accept)

    @_transition_schema(DeclineSerializer, "The partner declines, with a reason")
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        project = self.get_object()
        form = DeclineSerializer(data=self.request.data)
        form.is_valid(raise_exception=True)
        services.project_decline(
            actor=self.request.user,
            project=project,
            reason=form.validated_data["reason"],
            not_our_kind=form.validated_data["not_our_kind"],
        )
        return self._detail(project)

    @_transition_schema(None, "The partner starts serving")
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        return self._plain(services.project_start)

    @_transition_schema(
        DeliverSerializer, "The partner marks the work delivered, with its service record"
    )
    @action(detail=True, methods=["post"])
    def deliver(self, request: Request, pk: str) -> Response:
        project = self.get_object()
        form = DeliverSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        record = None
        if data.get("hours") is not None or data.get("people_served") is not None:
            problems = Problems()
            for name in ("hours", "people_served"):
                if data.get(name) is None:
                    problems.add(name, "required with a service record")
            problems.raise_if_any()
            record = services.ServiceData(
                served_on=data.get("served_on") or timezone.localdate(),
                hours=data["hours"],
                people_served=data["people_served"],
                note=data["note"],
                photos=data["photos"],
            )
        services.project_deliver(actor=request.user, project=project, record=record)
        return self._detail(project)

    @_transition_schema(EvaluateSerializer, "评单: rate 1-5 (community, or the resident served)")
    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, pk: str) -> Response:
        project = self.get_object()
        form = EvaluateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.project_evaluate(
            actor=request.user,
            project=project,
            rating=form.validated_data["rating"],
            comment=form.validated_data["comment"],
        )
        return self._detail(project)

    @_transition_schema(None, "确认认领: the community takes a partner's claim (accepted work)")
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        return self._plain(services.project_confirm)

    @_transition_schema(ReasonSerializer, "谢绝认领: the community declines a claim, with a reason")
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str) -> Response:
        return self._with_reason(services.project_refuse)

    @_transition_schema(None, "撤回认领: the partner withdraws its claim")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._plain(services.project_withdraw)

    @_transition_schema(ReasonSerializer, "The community cancels, with a reason")
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        return self._with_reason(services.project_cancel)


# --- Residents' requests ------------------------------------------------------------------


def with_request_related(queryset: QuerySet[ResidentRequest]) -> QuerySet[ResidentRequest]:
    return queryset.select_related("community", "resident", "need", "responsible").prefetch_related(
        Prefetch(
            "need__projects",
            queryset=Project.objects.select_related("offering", "offering__partner"),
        )
    )


@extend_schema_view(
    **read_views(ResidentRequestSerializer),
    create=extend_schema(responses={201: ResidentRequestSerializer, **ERRORS_WRITE}),
)
class ResidentRequestViewSet(
    mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[ResidentRequest]
):
    """Residents' small requests (群众点单, 微心愿): a resident posts hers, a secretary
    posts for a resident; the community turns them into needs or declines them."""

    serializer_class = ResidentRequestSerializer
    throttle_scope = "resident_request"  # residents' requests are rate-limited (partners.throttles)
    filterset_class = RequestFilter
    ordering_fields = ["created_at", "status", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[ResidentRequest]:
        return with_request_related(requests_visible_to(self.request.user))

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        resident = (data.get("resident") or {}).get("username")
        posted = services.request_post(
            actor=self.request.user,
            community=data["community"],
            text=data["text"],
            phone=data.get("phone", ""),
            resident=resident,
            consent=data.get("consent", False),
            share_phone=data.get("share_phone", False),
            urgent=data.get("urgent", False),
        )
        serializer.instance = with_request_related(
            ResidentRequest.objects.filter(pk=posted.pk)
        ).get()

    @extend_schema(
        request=HandOverSerializer,
        responses={200: ResidentRequestSerializer, **ERRORS_WRITE},
        summary="首问负责: hand the request to another administrator of its community",
    )
    @action(detail=True, methods=["post"], url_path="hand-over", url_name="hand-over")
    def hand_over(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        form = HandOverSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        deadline_services.responsibility_hand_over(
            actor=request.user, item=item, **form.validated_data
        )
        fresh = with_request_related(ResidentRequest.objects.filter(pk=item.pk)).get()
        return Response(ResidentRequestSerializer(fresh, context={"request": request}).data)

    @extend_schema(
        request=RequestConvertSerializer,
        responses={201: NeedSerializer, **ERRORS_WRITE},
        summary="Turn the request into a need (pre-filled; the given fields override)",
    )
    @action(detail=True, methods=["post"])
    def convert(self, request: Request, pk: str) -> Response:
        resident_request = self.get_object()
        form = RequestConvertSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        need = services.request_convert(
            actor=request.user,
            request=resident_request,
            data=cast(services.NeedData, dict(form.validated_data)),
        )
        fresh = with_need_related(Need.objects.filter(pk=need.pk)).get()
        return Response(NeedSerializer(fresh).data, status=201)

    @extend_schema(
        request=ReasonSerializer,
        responses={200: ResidentRequestSerializer, **ERRORS_WRITE},
        summary="Decline the request with a reason the resident sees",
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        resident_request = self.get_object()
        form = ReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.request_decline(
            actor=request.user, request=resident_request, reason=form.validated_data["reason"]
        )
        fresh = with_request_related(ResidentRequest.objects.filter(pk=resident_request.pk)).get()
        return Response(self.get_serializer(fresh).data)


# --- Notifications ------------------------------------------------------------------------


@extend_schema_view(**read_views(NotificationSerializer))
class NotificationViewSet(viewsets.ReadOnlyModelViewSet[Notification]):
    """My notifications, newest first (``?unread=true`` for the unread ones)."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[Notification]:
        return notifications_for(self.request.user)

    @extend_schema(request=None, responses={200: NotificationSerializer, **ERRORS_WRITE})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        """Mark one notification read."""
        notification = services.notification_mark_read(
            actor=request.user, notification=self.get_object()
        )
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        request=None,
        responses={200: inline_serializer("MarkedRead", {"marked": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark every unread notification read."""
        return Response({"marked": services.notifications_mark_all_read(actor=request.user)})


def _district(code: str) -> Community:
    district = Community.objects.filter(code=code, level=Community.Level.DISTRICT).first()
    if district is None:
        raise NotFoundError(f"没有编码为 {code} 的区 / no district {code!r}")
    return district


def policy_body(district: Community) -> dict[str, Any]:
    """A district's deadline policy as the API shows it (the defaults when it has none)."""
    policy = DeadlinePolicy.objects.filter(district=district).first()
    rules, version = policy_for(district)
    return {
        "district": district.code,
        "rules": rules,
        "claim_answer_days": (
            policy.claim_answer_days
            if policy
            else DeadlinePolicy._meta.get_field("claim_answer_days").default
        ),
        "wishes_confirm_on_claim": policy.wishes_confirm_on_claim if policy else False,
        "version": version,
        "change_note": policy.change_note if policy else "默认规则 / the default rules",
        "changed_at": policy.changed_at if policy else None,
    }


class DeadlinePolicyView(APIView):
    """限时办结: a district's promised times (服务承诺), public to everyone signed in;
    its district administrators change them. A change applies to what arrives from
    then on, unless ``apply_to_open`` counts the open items again; ``change_note``
    says which."""

    @extend_schema(responses={200: DeadlinePolicySerializer, **ERRORS_READ})
    def get(self, request: Request, code: str) -> Response:
        return Response(DeadlinePolicySerializer(policy_body(_district(code))).data)

    @extend_schema(
        request=DeadlinePolicySerializer,
        responses={200: DeadlinePolicySerializer, **ERRORS_WRITE},
    )
    def put(self, request: Request, code: str) -> Response:
        district = _district(code)
        form = DeadlinePolicySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        _, recounted = deadline_services.deadline_policy_set(
            actor=request.user,
            district=district,
            rules=form.validated_data["rules"],
            apply_to_open=form.validated_data["apply_to_open"],
            claim_answer_days=form.validated_data.get("claim_answer_days"),
            wishes_confirm_on_claim=form.validated_data.get("wishes_confirm_on_claim"),
        )
        body = DeadlinePolicySerializer(policy_body(district)).data
        return Response({**body, "recounted": recounted})
