"""Admin for needs, liaison meetings and projects, scoped like the rest of the product.

Lists come from ``needs.selectors``; whether a row may be changed comes from the
``can_*`` rules of the services, so a secretary can open any need she sees but only
edit those of her own area.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from needs.models import (
    Evaluation,
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
from partners.admin import AUDIT_FIELDS, ScopedAdmin, TabularInlineBase, User, street_filter
from partners.selectors import mask_phone


class ReadOnlyInline(TabularInlineBase):
    """Rows written only by the lifecycle's services: shown, never edited here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProjectEventInline(ReadOnlyInline):
    model = ProjectEvent
    fields = ("at", "action", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    verbose_name_plural = "项目进程（时间线）"


class EvaluationInline(ReadOnlyInline):
    model = Evaluation
    fields = ("by", "rating", "comment", "author", "created_at")
    readonly_fields = fields


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
        return allowed and (obj is None or request.user.has_perm("needs.edit_need", obj))


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    list_display = (
        "id",
        "need",
        "offering",
        "partner",
        "quantity",
        "quarter",
        "status",
        "created_at",
    )
    list_filter = ("status", "quarter", "offering__category", street_filter("need__community"))
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
    inlines = (ProjectEventInline, EvaluationInline)

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


@admin.register(ResidentRequest)
class ResidentRequestAdmin(ScopedAdmin):
    """Residents' requests, browsed here; they are handled (turned into needs or
    declined) through the API and the pages. The phone is shown only to the community's
    administrators (and the resident); the detail form leaves it out for others."""

    list_filter = ("status", street_filter("community"))
    search_fields = ("text", "community__name")
    list_select_related = ("community",)
    fields = (
        "community",
        "text",
        "phone",
        "resident",
        "created_by",
        "status",
        "reason",
        "decided_by",
        "decided_at",
        "created_at",
    )
    readonly_fields = fields
    date_hierarchy = "created_at"

    def visible(self, user: User) -> QuerySet[ResidentRequest]:
        return requests_visible_to(user)

    def get_list_display(self, request: HttpRequest) -> list[str | Callable[[Any], str | bool]]:
        user = request.user

        @admin.display(description="内容")
        def short_text(row: ResidentRequest) -> str:
            return row.text[:40]

        @admin.display(description="联系电话")
        def phone(row: ResidentRequest) -> str:
            return (
                row.phone
                if user.has_perm("needs.see_request_phone", row)
                else mask_phone(row.phone)
            )

        return ["id", short_text, "community", "status", phone, "created_at"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields = list(super().get_fields(request, obj))
        if obj is not None and not request.user.has_perm("needs.see_request_phone", obj):
            fields.remove("phone")
        return fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin):
    """Each user's own notifications (superusers see all): what was sent, read, emailed."""

    list_display = ("created_at", "recipient", "kind", "text", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("text", "recipient__username")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"

    def visible(self, user: User) -> QuerySet[Notification]:
        if getattr(user, "is_superuser", False):
            return Notification.objects.all()
        return notifications_for(user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
