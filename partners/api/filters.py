"""Query-string filters. ``area`` everywhere means "this community code and everything
under it"; an unknown code matches nothing rather than failing."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from partners.models import Community, Offering, Partner
from partners.selectors import area_ids_for_code


class AreaFilterSet(django_filters.FilterSet):
    """Base for filter sets with ``area`` (subtree of a community code) and ``q`` (text)."""

    area_field = "community_id"
    text_fields: tuple[str, ...] = ()

    area = django_filters.CharFilter(
        method="filter_area", label="community code: that node and everything under it"
    )
    q = django_filters.CharFilter(method="filter_q", label="text search")

    def filter_area(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(**{f"{self.area_field}__in": area_ids_for_code(value)})

    def filter_q(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        condition = Q()
        for field in self.text_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class CommunityFilter(AreaFilterSet):
    area_field = "id"
    text_fields = ("name", "code")

    class Meta:
        model = Community
        fields = ["level"]


class PartnerFilter(AreaFilterSet):
    # The directory's search box promises names, services and tags alike.
    text_fields = ("name", "description", "code", "offerings__title", "tags__name")
    tag = django_filters.CharFilter(field_name="tags__name", label="tag name")
    category = django_filters.CharFilter(
        method="filter_category", label="category code of one of its offerings"
    )

    class Meta:
        model = Partner
        fields = ["kind", "status"]

    def filter_q(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # Matching through offerings and tags would repeat a partner once per hit.
        hits = super().filter_q(Partner.objects.all(), name, value)
        return queryset.filter(pk__in=hits.values("pk"))

    def filter_category(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        offering_partners = Offering.objects.filter(category_id=value).values("partner_id")
        return queryset.filter(pk__in=offering_partners)


class OfferingFilter(AreaFilterSet):
    # Area means the partner's home community: where the offering comes from. Whether it
    # can reach a place (listed area, street codes, radius) is the matching engine's call.
    area_field = "partner__community_id"
    text_fields = ("title", "description", "code")
    tag = django_filters.CharFilter(field_name="tags__name", label="tag name")
    category = django_filters.CharFilter(field_name="category_id", label="category code")
    partner = django_filters.CharFilter(field_name="partner__code", label="partner code")
    mode = django_filters.CharFilter(method="filter_mode", label="delivery mode code")

    class Meta:
        model = Offering
        fields = ["cost"]

    def filter_mode(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # A JSON list of codes holds the quoted code; this text match works the same on
        # SQLite (which lacks JSON containment) and PostgreSQL.
        return queryset.filter(modes__icontains=f'"{value}"')
