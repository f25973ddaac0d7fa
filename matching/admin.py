"""Admin for the districts' reading examples: the evidence the reading learned from use,
seen within one's area, deactivated by the district's administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from core.errors import DomainError
from matching.learning import reading_example_deactivate
from matching.models import ReadingExample
from matching.selectors import reading_examples_visible_to
from partners.admin import ScopedAdmin, User


@admin.register(ReadingExample)
class ReadingExampleAdmin(ScopedAdmin):
    list_display = (
        "created_at",
        "district",
        "text",
        "category",
        "weight",
        "source",
        "need",
        "created_by",
        "active",
    )
    list_filter = ("active", "source", "category")
    search_fields = ("text", "need__code")
    list_select_related = ("district", "category", "need", "created_by")
    readonly_fields = (
        "district",
        "text",
        "category",
        "weight",
        "source",
        "need",
        "project",
        "created_by",
        "created_at",
        "active",
        "deactivated_by",
        "deactivated_at",
    )
    actions = ("deactivate",)

    def visible(self, user: User) -> QuerySet[ReadingExample]:
        return reading_examples_visible_to(user)

    @admin.action(description="停用所选示例（恢复之前的读取）")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[ReadingExample]) -> None:
        done = 0
        for example in queryset.filter(active=True):
            try:
                reading_example_deactivate(actor=request.user, example=example)
            except DomainError as exc:
                self.message_user(request, f"{example.pk}: {exc}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"已停用 {done} 条示例", messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
