"""Admin for stored suggestions: browsed, scoped by the needs one sees, never edited
(the matching computes them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from matching.models import Suggestion
from needs.selectors import needs_visible_to
from partners.admin import ScopedAdmin, User, street_filter


@admin.register(Suggestion)
class SuggestionAdmin(ScopedAdmin):
    list_display = ("need", "rank", "offering", "partner", "score", "computed_at")
    list_filter = (street_filter("need__community"), "offering__category")
    search_fields = ("need__code", "need__title", "offering__code", "offering__title")
    list_select_related = ("need", "offering", "offering__partner")
    readonly_fields = ("need", "offering", "rank", "score", "reasons", "computed_at")

    def visible(self, user: User) -> QuerySet[Suggestion]:
        return Suggestion.objects.filter(need__in=needs_visible_to(user))

    @admin.display(description="合伙人", ordering="offering__partner__name")
    def partner(self, suggestion: Suggestion) -> str:
        return suggestion.offering.partner.name

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
