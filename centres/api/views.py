"""The service centres in the API: rooms, a room's week, bookings and their approval."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from centres import services
from centres.api.serializers import (
    BookingReasonSerializer,
    BookingRequestSerializer,
    BookingSerializer,
    BookingSlotSerializer,
    RoomSerializer,
    WeekDaySerializer,
)
from centres.models import Booking, Room
from centres.selectors import bookings_visible_to, monday_of, room_week, rooms_visible_to
from core.problems import Problems
from partners.api.serializers import ERRORS_READ, ERRORS_WRITE
from partners.api.views import read_views
from partners.models import Community, Partner
from partners.selectors import scope_of


@extend_schema_view(
    **read_views(RoomSerializer),
    create=extend_schema(responses={201: RoomSerializer, **ERRORS_WRITE}),
    partial_update=extend_schema(responses={200: RoomSerializer, **ERRORS_WRITE}),
)
class RoomViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[Room],
):
    """The rooms of the service centres (活动室): everyone signed in sees them; the
    centre's administrators add and change them. ``?centre=`` keeps one centre's."""

    serializer_class = RoomSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Room]:
        rooms = rooms_visible_to(self.request.user)
        centre = self.request.query_params.get("centre")
        if centre:
            rooms = rooms.filter(centre__code=centre)
        return rooms.order_by("centre__code", "name")

    def _save(self, data: dict[str, Any], room: Room | None) -> Room:
        code = (data.get("centre") or {}).get("code") if "centre" in data else None
        centre = room.centre if room is not None and code is None else None
        if centre is None:
            centre = Community.objects.filter(code=code).first()
            if centre is None:
                problems = Problems()
                problems.add("centre", f"unknown community code {code!r}")
                problems.raise_if_any()
        assert centre is not None  # noqa: S101 - narrowed above
        current = room or Room()
        return services.room_save(
            actor=self.request.user,
            centre=centre,
            name=data.get("name", current.name),
            capacity=data.get("capacity", current.capacity),
            equipment=data.get("equipment", current.equipment),
            opens=data.get("opens", current.opens),
            closes=data.get("closes", current.closes),
            open_booking=data.get("open_booking", current.open_booking),
            room=room,
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = self._save(dict(serializer.validated_data), None)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = self._save(dict(serializer.validated_data), self.get_object())

    @extend_schema(
        parameters=[OpenApiParameter("week", str, description="any day of the week (YYYY-MM-DD)")],
        responses={200: WeekDaySerializer(many=True), **ERRORS_READ},
        operation_id="rooms_week",
    )
    @action(detail=True, methods=["get"])
    def week(self, request: Request, pk: str) -> Response:
        """The room's week: each day with the bookings you may see (approved, and
        pending ones for the centre's administrators and for those who asked)."""
        room = self.get_object()
        day = _day(request.query_params.get("week"))
        days = room_week(request.user, room, monday_of(day))
        return Response(
            WeekDaySerializer(days, many=True, context=self.get_serializer_context()).data
        )


def _day(text: str | None) -> dt.date:
    if not text:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems = Problems()
        problems.add("week", "expected a date YYYY-MM-DD")
        problems.raise_if_any()
        raise  # unreachable: raise_if_any raised


@extend_schema_view(**read_views(BookingSerializer))
class BookingViewSet(viewsets.ReadOnlyModelViewSet[Booking]):
    """场地预约: request a room (once, or weekly), see what clashes before confirming,
    and the centre's approval. ``?room=`` and ``?status=`` narrow the list."""

    serializer_class = BookingSerializer

    def get_queryset(self) -> QuerySet[Booking]:
        rows = bookings_visible_to(self.request.user)
        params = self.request.query_params
        if params.get("room", "").isdigit():
            rows = rows.filter(room_id=int(params["room"]))
        if params.get("status"):
            rows = rows.filter(status=params["status"])
        return rows.order_by("start", "id")

    def _request_data(self) -> tuple[Room, dict[str, Any], Partner | None]:
        form = BookingRequestSerializer(data=self.request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        room = rooms_visible_to(self.request.user).filter(pk=data["room"]).first()
        partner = None
        problems = Problems()
        if room is None:
            problems.add("room", f"unknown room {data['room']}")
        if data["partner"]:
            partner = Partner.objects.filter(
                code=data["partner"], id__in=scope_of(self.request.user).partner_ids
            ).first()
            if partner is None:
                problems.add("partner", f"not your partner: {data['partner']!r}")
        problems.raise_if_any()
        assert room is not None  # noqa: S101 - narrowed above
        return room, data, partner

    @extend_schema(
        request=BookingRequestSerializer,
        responses={201: BookingSerializer(many=True), **ERRORS_WRITE},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Book a room: approved at once when the room is open for booking and the time
        is free, else waiting for the centre's approval. A time that clashes refuses
        the request (409 naming ``occurrences.N``) unless ``skip_clashes``."""
        room, data, partner = self._request_data()
        made = services.booking_request(
            actor=request.user,
            room=room,
            start=data["start"],
            end=data["end"],
            purpose=data["purpose"],
            partner=partner,
            weeks=data["weeks"],
            skip_clashes=data["skip_clashes"],
        )
        body = BookingSerializer(made, many=True, context=self.get_serializer_context()).data
        return Response(body, status=201)

    @extend_schema(
        request=BookingRequestSerializer,
        responses={200: BookingSlotSerializer(many=True), **ERRORS_WRITE},
        operation_id="bookings_preview",
    )
    @action(detail=False, methods=["post"])
    def preview(self, request: Request) -> Response:
        """The times a booking would take and what each clashes with; writes nothing."""
        room, data, _partner = self._request_data()
        slots = services.booking_slots(
            room=room, start=data["start"], end=data["end"], weeks=data["weeks"]
        )
        return Response(
            BookingSlotSerializer(slots, many=True, context=self.get_serializer_context()).data
        )

    def _answer(self, rows: list[Booking]) -> Response:
        return Response(
            BookingSerializer(rows, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(request=None, responses={200: BookingSerializer(many=True), **ERRORS_WRITE})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """The centre's administrators approve a pending booking and the rest of its
        weekly series; 409 naming the times that now clash."""
        return self._answer(services.booking_approve(actor=request.user, booking=self.get_object()))

    @extend_schema(
        request=BookingReasonSerializer,
        responses={200: BookingSerializer(many=True), **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        """The centre's administrators decline a pending booking (and its series), with
        a reason the requester reads."""
        form = BookingReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        rows = services.booking_decline(
            actor=request.user, booking=self.get_object(), reason=form.validated_data["reason"]
        )
        return self._answer(rows)

    @extend_schema(request=None, responses={200: BookingSerializer(many=True), **ERRORS_WRITE})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        """Who asked, or the centre's administrators, cancel a booking; the time is free."""
        return self._answer(services.booking_cancel(actor=request.user, booking=self.get_object()))
