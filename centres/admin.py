"""Admin for the centres' rooms and bookings, scoped like the rest of the product."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet

from centres.models import Booking, Room
from centres.selectors import bookings_visible_to, rooms_visible_to
from partners.admin import ScopedAdmin, User, street_filter


@admin.register(Room)
class RoomAdmin(ScopedAdmin):
    list_display = ("name", "centre", "capacity", "opens", "closes", "open_booking", "active")
    list_filter = (street_filter("centre"), "open_booking", "active")
    search_fields = ("name", "centre__name")
    autocomplete_fields = ("centre",)
    list_select_related = ("centre",)

    def visible(self, user: User) -> QuerySet[Room]:
        return rooms_visible_to(user)


@admin.register(Booking)
class BookingAdmin(ScopedAdmin):
    list_display = ("room", "start", "end", "purpose", "partner", "status")
    list_filter = ("status",)
    search_fields = ("purpose", "room__name")
    list_select_related = ("room__centre", "partner")
    date_hierarchy = "start"
    readonly_fields = (
        "room",
        "start",
        "end",
        "purpose",
        "partner",
        "requested_by",
        "series",
        "status",
        "decided_by",
        "reason",
    )

    def visible(self, user: User) -> QuerySet[Booking]:
        return bookings_visible_to(user)

    def has_add_permission(self, request: object) -> bool:
        # Bookings are made through the service, which checks clashes under the room's lock.
        return False
