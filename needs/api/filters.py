"""Query-string filters for needs, meetings and projects (see ``partners.api.filters``)."""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django_filters.widgets import BooleanWidget

from needs.models import LiaisonMeeting, Need, Notification, Project, ResidentRequest
from needs.selectors import overdue_needs, overdue_requests
from partners.api.filters import AreaFilterSet


class NeedFilter(AreaFilterSet):
    text_fields = ("title", "description", "code")
    tag = django_filters.CharFilter(field_name="tags__name", label="tag name")
    category = django_filters.CharFilter(field_name="category_id", label="category code")
    meeting = django_filters.CharFilter(field_name="meeting__code", label="meeting code")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        widget=BooleanWidget,
        label="true: past its window or a promised time (answer, finish) and still unserved",
    )
    responsible = django_filters.CharFilter(
        field_name="responsible__username", label="username of the person responsible"
    )

    def filter_overdue(self, queryset: QuerySet[Need], name: str, value: bool) -> QuerySet[Need]:
        late = overdue_needs(queryset)
        return late if value else queryset.exclude(pk__in=late.values("pk"))

    class Meta:
        model = Need
        fields = ["status", "priority", "source"]


class MeetingFilter(AreaFilterSet):
    text_fields = ("title", "code")
    # Gives ``date_after`` and ``date_before`` (inclusive).
    date = django_filters.DateFromToRangeFilter()

    class Meta:
        model = LiaisonMeeting
        fields: list[str] = []


class ProjectFilter(AreaFilterSet):
    area_field = "need__community_id"
    text_fields = ("need__title", "offering__title")
    need = django_filters.CharFilter(field_name="need__code", label="need code")
    offering = django_filters.CharFilter(field_name="offering__code", label="offering code")
    partner = django_filters.CharFilter(field_name="offering__partner__code", label="partner code")
    quarter = django_filters.CharFilter(
        label="quarter, e.g. 2026Q4",
        validators=[RegexValidator(r"^[0-9]{4}Q[1-4]$", "expected a quarter like 2026Q4")],
    )

    class Meta:
        model = Project
        fields = ["status"]


class RequestFilter(AreaFilterSet):
    text_fields = ("text",)
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        widget=BooleanWidget,
        label="true: not answered, or not finished, within the promised time",
    )

    def filter_overdue(
        self, queryset: QuerySet[ResidentRequest], name: str, value: bool
    ) -> QuerySet[ResidentRequest]:
        late = overdue_requests(queryset)
        return late if value else queryset.exclude(pk__in=late.values("pk"))

    class Meta:
        model = ResidentRequest
        fields = ["status"]


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label="only unread (true) or read (false)"
    )

    class Meta:
        model = Notification
        fields = ["kind"]
