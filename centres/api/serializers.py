"""Serializers of the service centres' API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from centres.models import Booking, Room
from centres.selectors import sees_requester
from centres.services import MAX_WEEKS


class RoomSerializer(serializers.ModelSerializer[Room]):
    centre = serializers.CharField(source="centre.code", help_text="community or station code")
    centre_name = serializers.CharField(source="centre.name", read_only=True)

    class Meta:
        model = Room
        fields = [
            "id",
            "centre",
            "centre_name",
            "name",
            "capacity",
            "equipment",
            "opens",
            "closes",
            "open_booking",
            "active",
        ]
        read_only_fields = ["id", "centre_name", "active"]


class BookingSerializer(serializers.ModelSerializer[Booking]):
    room_name = serializers.CharField(source="room.name", read_only=True)
    partner = serializers.CharField(
        source="partner.code", read_only=True, allow_null=True, default=None
    )
    partner_name = serializers.CharField(
        source="partner.name", read_only=True, allow_null=True, default=None
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    requested_by = serializers.SerializerMethodField(
        help_text="who asked for it: shown to the centre's administrators and to herself"
    )

    class Meta:
        model = Booking
        fields = [
            "id",
            "room",
            "room_name",
            "start",
            "end",
            "purpose",
            "partner",
            "partner_name",
            "status",
            "status_label",
            "series",
            "reason",
            "requested_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_requested_by(self, booking: Booking) -> str | None:
        request = self.context.get("request")
        user = booking.requested_by
        if request is None or user is None or not sees_requester(request.user, booking):
            return None
        return user.get_full_name() or user.get_username()


class BookingRequestSerializer(serializers.Serializer[Any]):
    room = serializers.IntegerField(help_text="room id")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    purpose = serializers.CharField(max_length=200, help_text="what it is for (a weekly class)")
    partner = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="your partner's code, if for it"
    )
    weeks = serializers.IntegerField(
        min_value=1, max_value=MAX_WEEKS, default=1, help_text="repeat weekly this many times"
    )
    skip_clashes = serializers.BooleanField(
        default=False, help_text="book the times that are free and leave out those that clash"
    )


class BookingSlotSerializer(serializers.Serializer[Any]):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    clash = BookingSerializer(allow_null=True, help_text="the approved booking in the way")


class WeekDaySerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    bookings = BookingSerializer(many=True)


class BookingReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)
