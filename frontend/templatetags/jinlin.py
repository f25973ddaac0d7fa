"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from frontend.roles import Roles, roles_of
from needs.models import Project
from needs.selectors import notifications_for

register = template.Library()


@register.simple_tag(takes_context=True)
def user_roles(context: dict[str, Any]) -> Roles:
    """``{% user_roles as roles %}``: the signed-in user's roles."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return Roles()
    return roles_of(request.user)


@register.simple_tag(takes_context=True)
def nav_active(context: dict[str, Any], prefix: str) -> SafeString | str:
    """``aria-current="page"`` for the navigation link whose area the page is in."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    path = request.path
    active = path == prefix if prefix == "/" else path.startswith(prefix)
    # A constant attribute, no user input: safe to emit unescaped.
    return mark_safe('aria-current="page"') if active else ""


@register.filter
def percent(value: float | int | None) -> int:
    """A share in 0..1 as a whole percentage, clamped, for bar widths."""
    if value is None:
        return 0
    return max(0, min(100, round(float(value) * 100)))


@register.filter
def slot_rows(field: Any) -> list[tuple[str, list[dict[str, Any]]]]:
    """A slot grid's boxes grouped by weekday: ``[(day, [box, …]), …]``."""
    from frontend.forms.slots import PERIODS, WEEKDAYS

    boxes = list(field)
    rows = []
    for i, (_day, day_label) in enumerate(WEEKDAYS):
        row = []
        for j, (_key, period_label, _start, _end) in enumerate(PERIODS):
            box = boxes[i * len(PERIODS) + j]
            row.append({"data": box.data, "id_for_label": box.id_for_label, "period": period_label})
        rows.append((str(day_label), row))
    return rows


@register.filter
def project_status(value: str) -> str:
    """A project state's name (``accepted`` → 已接单); unknown values as they are."""

    try:
        return str(Project.Status(value).label)
    except ValueError:
        return value


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    """How many of the signed-in user's notifications are unread (one query)."""

    request: HttpRequest | None = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return notifications_for(request.user).filter(read_at__isnull=True).count()
