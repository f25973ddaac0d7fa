"""The audit trail in the admin, scoped to the reader's area."""

from __future__ import annotations

from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from core.errors import has_perm
from core.queries import IdSet
from partners.admin import ModelAdminBase
from partners.models import AuditEvent, ConsentRecord
from partners.selectors import scope_of
from privacy.selectors import audited_in_area


def _browses_audit(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_staff) and has_perm(
        request.user, "partners.browse_audit"
    )


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class ScopedLogEntryAdmin(LogEntryAdmin):
    """Who changed what, when, before and after; administrators see the entries about
    their area's records, superusers every entry. Read-only."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(audited_in_area(request.user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _browses_audit(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _browses_audit(request)


@admin.register(AuditEvent)
class AuditEventAdmin(ModelAdminBase):
    """Exports, personal data requests and erasures, bulk imports. Administrators see
    the events over their area (or their own); superusers all. Read-only."""

    list_display = ("at", "actor_name", "action", "what", "scope", "personal_data")
    list_filter = ("action", "personal_data")
    search_fields = ("actor_name", "what")
    list_select_related = ("scope",)
    date_hierarchy = "at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        scope = scope_of(request.user)
        events = super().get_queryset(request)
        if scope.everything:
            return events
        return events.filter(Q(scope_id__in=IdSet(scope.area_ids)) | Q(actor_id=scope.user_id))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _browses_audit(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _browses_audit(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ModelAdminBase):
    """Consents given at registration and with residents' requests (superusers)."""

    list_display = ("given_at", "purpose", "text_version", "record", "user")
    list_filter = ("purpose", "text_version")
    search_fields = ("record",)
    list_select_related = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
