"""Which area and quarter an insight is about, and who may read it."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from core.errors import has_perm, require
from core.queries import IdSet
from matching.allocation import AREA_LEVELS, find_scope, parse_quarter
from matching.engine.quarters import Quarter
from partners.models import Community
from partners.selectors import scope_of

Viewer = AbstractBaseUser | AnonymousUser


def insight_areas(user: Viewer) -> list[Community]:
    """The districts, streets and communities whose insights ``user`` may read, widest
    first (district, street, community), then by code."""
    scope = scope_of(user)
    areas = Community.objects.filter(level__in=AREA_LEVELS)
    if not scope.everything:
        areas = areas.filter(id__in=IdSet(scope.area_ids))
    order: dict[str, int] = {str(level): i for i, level in enumerate(AREA_LEVELS)}
    return sorted(areas, key=lambda c: (order[c.level], c.code))


def insight_scope(*, user: Viewer, code: str | None) -> Community:
    """The area ``code`` names, or the widest area ``user`` administers when ``code`` is
    empty. ``InvalidInputError`` (naming ``scope``) for an unknown code or a station;
    ``NotAllowedError`` unless the user administers the area (``matching.see_insights``)."""
    if code:
        area = find_scope(code)
    else:
        areas = insight_areas(user)
        require(bool(areas), "只有管理员可以查看 / only administrators may read insights", "scope")
        area = areas[0]
    require(
        has_perm(user, "matching.see_insights", area),
        "只有该范围的管理员可以查看 / only administrators over the area may read its insights",
        "scope",
    )
    return area


def insight_quarter(text: str | None) -> Quarter:
    """The quarter ``text`` names (``2026Q4``), or the current one when empty;
    ``InvalidInputError`` naming ``quarter`` otherwise."""
    if not text:
        return Quarter.of(timezone.localdate())
    return parse_quarter(text)
