"""Helpers every page module uses: choices scoped to the user, paging, errors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from core.queries import IdSet
from partners.models import Community
from partners.selectors import scope_of

PAGE_SIZE = 25


def need_communities(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Community]:
    """Communities and stations the user administers (a need is raised in one)."""
    scope = scope_of(user)
    levels = Community.NEED_LEVELS
    if scope.everything:
        return Community.objects.filter(level__in=levels)
    return Community.objects.filter(id__in=IdSet(scope.area_ids), level__in=levels)


def home_communities(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Community]:
    """Communities the user lives in as a resident."""
    return Community.objects.filter(id__in=scope_of(user).home_ids)


def area_communities(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Community]:
    """Communities (not stations) under the user's administration, for overviews."""
    scope = scope_of(user)
    qs = Community.objects.filter(level=Community.Level.COMMUNITY)
    return qs if scope.everything else qs.filter(id__in=IdSet(scope.area_ids))


def paginate(request: HttpRequest, queryset: QuerySet[Any], size: int = PAGE_SIZE) -> Page[Any]:
    """One page of ``queryset``; out-of-range numbers give the last page."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for the pager's links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
