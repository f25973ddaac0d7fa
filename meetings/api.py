"""The liaison meeting's workflow in the API: agenda, minutes and exported documents.

Every write calls ``meetings.services``; the meeting is looked up among those the user sees
(404 otherwise), and whether the user may change it is the service's decision (403).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from core.validators import CODE_LENGTH, MAX_COUNT
from meetings import selectors as meeting_selectors
from meetings import services as meetings
from meetings.exports import MEDIA_TYPES
from needs.api.filters import MeetingFilter
from needs.api.serializers import MeetingSerializer, NeedSerializer
from needs.models import AgendaItem, LiaisonMeeting, MeetingAttendee, MeetingExport
from needs.selectors import meetings_visible_to
from partners.api import serializers as s
from partners.api.views import read_views, write_views
from partners.selectors import contact_for


class AgendaItemSerializer(serializers.ModelSerializer[AgendaItem]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    decision_label = serializers.CharField(source="get_decision_display", read_only=True)
    need: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    project: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "position",
            "kind",
            "kind_label",
            "title",
            "body",
            "need",
            "details",
            "minutes",
            "decision",
            "decision_label",
            "project",
            "decided_at",
        ]
        read_only_fields = fields


class AgendaItemAddSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(
        choices=[AgendaItem.Kind.OTHER, AgendaItem.Kind.DECISION], default=AgendaItem.Kind.OTHER
    )
    position = serializers.IntegerField(required=False, min_value=0, max_value=MAX_COUNT)


class AgendaItemEditSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200, required=False)
    body = serializers.CharField(required=False, allow_blank=True)
    minutes = serializers.CharField(required=False, allow_blank=True)


class AgendaOrderSerializer(serializers.Serializer[Any]):
    order = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=True)


class DecisionSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=["taken", "deferred", "closed", "noted"])
    offering = serializers.CharField(max_length=CODE_LENGTH, required=False)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_COUNT, required=False)
    minutes = serializers.CharField(required=False, allow_blank=True)


class AttendanceSerializer(serializers.Serializer[Any]):
    present = serializers.DictField(child=serializers.BooleanField())


class InviteSerializer(serializers.Serializer[Any]):
    partner = serializers.CharField(max_length=64, help_text="partner code")


class CloseSerializer(serializers.Serializer[Any]):
    summary = serializers.CharField(required=False, allow_blank=True)
    host = serializers.CharField(required=False, allow_blank=True, help_text="主持人")
    recorder = serializers.CharField(required=False, allow_blank=True, help_text="记录人")


class AttendeeSerializer(serializers.Serializer[MeetingAttendee]):
    partner = serializers.CharField(source="partner.code")
    partner_name = serializers.CharField(source="partner.name")
    contact_name = serializers.SerializerMethodField()
    present = serializers.BooleanField(allow_null=True)

    def get_contact_name(self, row: MeetingAttendee) -> str:
        return contact_for(self.context["request"].user, row.partner, meeting=row.meeting).name


class MinutesSerializer(serializers.Serializer[LiaisonMeeting]):
    code = serializers.CharField()
    status = serializers.CharField()
    summary = serializers.CharField(source="minutes_summary")
    host = serializers.CharField()
    recorder = serializers.CharField()
    place = serializers.CharField()
    attendance = AttendeeSerializer(many=True, source="attendee_rows.all")
    items = AgendaItemSerializer(many=True, source="decided_items")


class ExportRequestSerializer(serializers.Serializer[Any]):
    document = serializers.ChoiceField(choices=MeetingExport.Document.choices, default="agenda")
    format = serializers.ChoiceField(choices=MeetingExport.Format.choices)


class ExportSerializer(serializers.ModelSerializer[MeetingExport]):
    download = serializers.SerializerMethodField()

    class Meta:
        model = MeetingExport
        fields = [
            "id",
            "document",
            "format",
            "status",
            "error",
            "created_at",
            "finished_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, export: MeetingExport) -> str | None:
        if export.status != MeetingExport.Status.DONE:
            return None
        request = self.context["request"]
        return request.build_absolute_uri(
            f"/api/v1/meetings/{export.meeting.code}/exports/{export.pk}/download/"
        )


_ITEM = r"agenda/items/(?P<item_id>[0-9]+)"


class MeetingWorkflowMixin:
    """Actions on one meeting; mixed into ``MeetingViewSet``."""

    get_object: Any
    get_serializer_context: Any

    def _item(self, meeting: LiaisonMeeting, item_id: str) -> AgendaItem:
        item = meeting_selectors.agenda_of(meeting).filter(pk=int(item_id)).first()
        if item is None:
            raise NotFound("no such agenda item in this meeting")
        item.meeting = meeting
        return item

    def _agenda(self, meeting: LiaisonMeeting, code: int = 200) -> Response:
        items = AgendaItemSerializer(meeting_selectors.agenda_of(meeting), many=True).data
        return Response(items, status=code)

    @extend_schema(responses={200: AgendaItemSerializer(many=True), **s.ERRORS_READ})
    @action(detail=True, methods=["get"])
    def agenda(self, request: Request, code: str) -> Response:
        """The agenda in order, with each item's generated data and decision."""
        return self._agenda(self.get_object())

    @extend_schema(request=None, responses={200: AgendaItemSerializer(many=True), **s.ERRORS_WRITE})
    @action(detail=True, methods=["post"], url_path="agenda/generate")
    def agenda_generate(self, request: Request, code: str) -> Response:
        """Draw the agenda up from the data, replacing an undecided draft."""
        meeting = self.get_object()
        meetings.agenda_generate(actor=request.user, meeting=meeting)
        return self._agenda(meeting)

    @extend_schema(
        request=AgendaItemAddSerializer, responses={201: AgendaItemSerializer, **s.ERRORS_WRITE}
    )
    @action(detail=True, methods=["post"], url_path="agenda/items")
    def agenda_item_add(self, request: Request, code: str) -> Response:
        """Add an item (other business or a decision) to the agenda."""
        meeting = self.get_object()
        data = AgendaItemAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = meetings.agenda_item_add(actor=request.user, meeting=meeting, **data.validated_data)
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["PATCH"],
        request=AgendaItemEditSerializer,
        responses={200: AgendaItemSerializer, **s.ERRORS_WRITE},
    )
    @extend_schema(methods=["DELETE"], responses={204: None, **s.ERRORS_WRITE})
    @action(detail=True, methods=["patch", "delete"], url_path=_ITEM)
    def agenda_item(self, request: Request, code: str, item_id: str) -> Response:
        """Edit an item's title, text or minutes, or take it off the agenda."""
        meeting = self.get_object()
        item = self._item(meeting, item_id)
        if request.method == "DELETE":
            meetings.agenda_item_remove(actor=request.user, item=item)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = AgendaItemEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = meetings.agenda_item_update(actor=request.user, item=item, data=data.validated_data)
        return Response(AgendaItemSerializer(item).data)

    @extend_schema(
        request=AgendaOrderSerializer,
        responses={200: AgendaItemSerializer(many=True), **s.ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], url_path="agenda/order")
    def agenda_order(self, request: Request, code: str) -> Response:
        """Reorder the agenda: ``order`` lists every item id once."""
        meeting = self.get_object()
        data = AgendaOrderSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meetings.agenda_reorder(
            actor=request.user, meeting=meeting, order=data.validated_data["order"]
        )
        return self._agenda(meeting)

    @extend_schema(
        request=DecisionSerializer, responses={200: AgendaItemSerializer, **s.ERRORS_WRITE}
    )
    @action(detail=True, methods=["post"], url_path=_ITEM + "/decide")
    def agenda_item_decide(self, request: Request, code: str, item_id: str) -> Response:
        """Record the meeting's decision on an item (a partner takes the need: the
        project is created accepted)."""
        meeting = self.get_object()
        item = self._item(meeting, item_id)
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = meetings.agenda_item_decide(actor=request.user, item=item, **data.validated_data)
        return Response(AgendaItemSerializer(item).data)

    @extend_schema(
        request=AttendanceSerializer, responses={200: MinutesSerializer, **s.ERRORS_WRITE}
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, code: str) -> Response:
        """Record who came: ``{"present": {"PARTNER-CODE": true, ...}}``."""
        meeting = self.get_object()
        data = AttendanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meetings.meeting_record_attendance(
            actor=request.user, meeting=meeting, present=data.validated_data["present"]
        )
        return self._minutes(request, meeting)

    @extend_schema(request=NeedSerializer, responses={201: AgendaItemSerializer, **s.ERRORS_WRITE})
    @action(detail=True, methods=["post"], url_path="raise-need")
    def raise_need(self, request: Request, code: str) -> Response:
        """A need raised at the meeting (source ``meeting``), recorded in the minutes."""
        meeting = self.get_object()
        if not isinstance(request.data, Mapping):
            # A list, a string, a number or null has no fields to read a need from.
            raise exceptions.ValidationError(
                {"non_field_errors": ["expected an object with the need's fields"]}
            )
        data = NeedSerializer(data={"community": meeting.community.code, **request.data})
        data.is_valid(raise_exception=True)
        item = meetings.meeting_raise_need(
            actor=request.user,
            meeting=meeting,
            data=data.validated_data,
        )
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=InviteSerializer,
        responses={200: AttendeeSerializer(many=True), **s.ERRORS_WRITE},
        summary="邀请: add one partner to the invited (a recommendation's invite)",
    )
    @action(detail=True, methods=["post"])
    def invite(self, request: Request, code: str) -> Response:
        meeting = self.get_object()
        data = InviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meetings.meeting_invite(
            actor=request.user, meeting=meeting, partner=data.validated_data["partner"]
        )
        rows = meeting.attendee_rows.select_related("partner", "meeting").order_by("position")
        return Response(AttendeeSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(request=CloseSerializer, responses={200: MinutesSerializer, **s.ERRORS_WRITE})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, code: str) -> Response:
        """Mark the meeting held, with an optional summary for the minutes."""
        meeting = self.get_object()
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meetings.meeting_close(
            actor=request.user,
            meeting=meeting,
            summary=data.validated_data.get("summary"),
            host=data.validated_data.get("host"),
            recorder=data.validated_data.get("recorder"),
        )
        return self._minutes(request, meeting)

    def _minutes(self, request: Request, meeting: LiaisonMeeting) -> Response:
        meeting = LiaisonMeeting.objects.prefetch_related("attendee_rows__partner__community").get(
            pk=meeting.pk
        )
        meeting.decided_items = list(  # type: ignore[attr-defined]
            meeting_selectors.agenda_of(meeting).exclude(decision=AgendaItem.Decision.PENDING)
        )
        context = {"request": request}
        return Response(MinutesSerializer(meeting, context=context).data)

    @extend_schema(responses={200: MinutesSerializer, **s.ERRORS_READ})
    @action(detail=True, methods=["get"])
    def minutes(self, request: Request, code: str) -> Response:
        """Attendance and the decided items."""
        return self._minutes(request, self.get_object())

    @extend_schema(methods=["GET"], responses={200: ExportSerializer(many=True), **s.ERRORS_READ})
    @extend_schema(
        methods=["POST"],
        request=ExportRequestSerializer,
        responses={201: ExportSerializer, 202: ExportSerializer, **s.ERRORS_WRITE},
    )
    @action(detail=True, methods=["get", "post"])
    def exports(self, request: Request, code: str) -> Response:
        """Your exports of this meeting; POST ``{"document", "format"}`` queues one. The
        answer is 201 when the file is ready (download it from ``download``), 202 while
        a worker builds it (poll the export)."""
        meeting = self.get_object()
        context = {"request": request}
        if request.method == "GET":
            rows = meeting_selectors.exports_of(request.user, meeting)
            return Response(ExportSerializer(rows, many=True, context=context).data)
        data = ExportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        export = meetings.agenda_export(
            actor=request.user,
            meeting=meeting,
            document=data.validated_data["document"],
            fmt=data.validated_data["format"],
        )
        export = meeting_selectors.exports_of(request.user, meeting).get(pk=export.pk)
        code_ = 201 if export.status == MeetingExport.Status.DONE else 202
        return Response(ExportSerializer(export, context=context).data, status=code_)

    @extend_schema(responses={200: ExportSerializer, **s.ERRORS_READ})
    @action(detail=True, methods=["get"], url_path=r"exports/(?P<export_id>[0-9]+)")
    def export_detail(self, request: Request, code: str, export_id: str) -> Response:
        """One of your exports: its status and where to download it."""
        meeting = self.get_object()
        export = (
            meeting_selectors.exports_of(request.user, meeting).filter(pk=int(export_id)).first()
        )
        if export is None:
            raise NotFound("no such export")
        return Response(ExportSerializer(export, context={"request": request}).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes, **s.ERRORS_READ})
    @action(detail=True, methods=["get"], url_path=r"exports/(?P<export_id>[0-9]+)/download")
    def export_download(self, request: Request, code: str, export_id: str) -> HttpResponse:
        """The exported file, once ready."""
        meeting = self.get_object()
        export = meeting_selectors.ready_export(request.user, meeting, int(export_id))
        if export is None or export.content is None:
            raise NotFound("no such export, or not ready yet")
        response = HttpResponse(bytes(export.content), content_type=MEDIA_TYPES[export.format])
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response


def with_meeting_related(queryset: QuerySet[LiaisonMeeting]) -> QuerySet[LiaisonMeeting]:
    return queryset.select_related("community").prefetch_related(
        Prefetch(
            "attendee_rows",
            queryset=MeetingAttendee.objects.select_related("partner").order_by("position"),
        )
    )


@extend_schema_view(**read_views(MeetingSerializer), **write_views(MeetingSerializer))
class MeetingViewSet(MeetingWorkflowMixin, viewsets.ModelViewSet[LiaisonMeeting]):
    """Quarterly liaison meetings (党建联席会)."""

    serializer_class = MeetingSerializer
    lookup_field = "code"
    filterset_class = MeetingFilter
    ordering_fields = ["date", "code", "title"]
    ordering = ["-date", "code"]

    def get_queryset(self) -> QuerySet[LiaisonMeeting]:
        return with_meeting_related(meetings_visible_to(self.request.user))

    def _refetch(self, meeting: LiaisonMeeting) -> LiaisonMeeting:
        return with_meeting_related(LiaisonMeeting.objects.filter(pk=meeting.pk)).get()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = cast(meetings.MeetingData, serializer.validated_data)
        meeting = meetings.meeting_schedule(actor=self.request.user, data=data)
        serializer.instance = self._refetch(meeting)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = cast(meetings.MeetingData, serializer.validated_data)
        meeting = meetings.meeting_update(
            actor=self.request.user, meeting=cast(LiaisonMeeting, serializer.instance), data=data
        )
        serializer.instance = self._refetch(meeting)

    def perform_destroy(self, instance: LiaisonMeeting) -> None:
        meetings.meeting_delete(actor=self.request.user, meeting=instance)
