"""Admin for needs, liaison meetings and projects, scoped like the rest of the product.

Lists come from ``needs.selectors``; whether a row may be changed comes from the
``can_*`` rules of the services, so a secretary can open any need she sees but only
edit those of her own area.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from needs.models import LiaisonMeeting, MeetingAttendee, Need, Project
from needs.selectors import meetings_visible_to, needs_visible_to, projects_visible_to
from needs.services import can_edit_need, can_manage_meeting
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
        return allowed and (obj is None or can_manage_meeting(request.user, obj.community_id))


@admin.register(Need)
class NeedAdmin(ScopedAdmin):
    list_display = (
        "code",
        "title",
        "community",
        "category",
        "priority",
        "status",
        "source",
        "quantity",
        "window_start",
        "window_end",
    )
    list_filter = (
        "status",
        "priority",
        "source",
        "category",
        street_filter("community"),
    )
    search_fields = ("code", "title", "description", "community__name")
    autocomplete_fields = ("community", "category", "meeting", "created_by")
    list_select_related = ("community", "category")
    readonly_fields = AUDIT_FIELDS
    date_hierarchy = "window_start"

    def visible(self, user: User) -> QuerySet[Need]:
        return needs_visible_to(user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit_need(request.user, obj))


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    list_display = ("id", "need", "offering", "partner", "quantity", "status", "created_at")
    list_filter = ("status", "offering__category", street_filter("need__community"))
    search_fields = (
        "need__code",
        "need__title",
        "offering__code",
        "offering__title",
        "offering__partner__name",
    )
    autocomplete_fields = ("need", "offering")
    list_select_related = ("need", "offering", "offering__partner")
    readonly_fields = AUDIT_FIELDS
    date_hierarchy = "created_at"

    def visible(self, user: User) -> QuerySet[Project]:
        return projects_visible_to(user)

    @admin.display(description="合伙人", ordering="offering__partner__name")
    def partner(self, project: Project) -> str:
        return project.offering.partner.name

    # A project's state moves only through the lifecycle's transitions (dispatch,
    # accept, deliver, evaluate), never by editing the row.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
