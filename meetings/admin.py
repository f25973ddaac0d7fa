"""Admin for liaison meetings, scoped like the rest of the product."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from needs.models import LiaisonMeeting, MeetingAttendee
from needs.selectors import meetings_visible_to
from partners.admin import AUDIT_FIELDS, ScopedAdmin, TabularInlineBase, User, street_filter


class MeetingAttendeeInline(TabularInlineBase):
    model = MeetingAttendee
    extra = 0
    autocomplete_fields = ("partner",)
    fields = ("partner", "position")


@admin.register(LiaisonMeeting)
class LiaisonMeetingAdmin(ScopedAdmin):
    list_display = ("code", "title", "community", "date", "attendee_count")
    list_filter = (street_filter("community"), "date")
    search_fields = ("code", "title", "community__name")
    autocomplete_fields = ("community",)
    list_select_related = ("community",)
    readonly_fields = AUDIT_FIELDS
    date_hierarchy = "date"
    inlines = (MeetingAttendeeInline,)

    def visible(self, user: User) -> QuerySet[LiaisonMeeting]:
        # Counted in the list query itself, not once per row.
        return meetings_visible_to(user).annotate(attendee_total=Count("attendee_rows"))

    @admin.display(description="参会合伙人数", ordering="attendee_total")
    def attendee_count(self, meeting: Any) -> int:
        return int(meeting.attendee_total)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or request.user.has_perm("meetings.edit_meeting", obj))
