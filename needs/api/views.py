"""API views for needs, liaison meetings and projects. Querysets start from the
``needs.selectors``; writes go through ``needs.services``."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers, viewsets

from needs import services
from needs.api.filters import MeetingFilter, NeedFilter, ProjectFilter
from needs.api.meetings import MeetingWorkflowMixin
from needs.api.serializers import MeetingSerializer, NeedSerializer, ProjectSerializer
from needs.models import LiaisonMeeting, MeetingAttendee, Need, Project
from needs.selectors import meetings_visible_to, needs_visible_to, projects_visible_to
from partners.api.views import read_views, write_views


def with_need_related(queryset: QuerySet[Need]) -> QuerySet[Need]:
    return queryset.select_related("community", "category", "meeting").prefetch_related("tags")


@extend_schema_view(**read_views(NeedSerializer), **write_views(NeedSerializer))
class NeedViewSet(viewsets.ModelViewSet[Need]):
    """What communities and residents need (需求清单)."""

    serializer_class = NeedSerializer
    lookup_field = "code"
    filterset_class = NeedFilter
    ordering_fields = ["code", "title", "priority", "status", "window_start", "created_at"]
    ordering = ["code"]

    def get_queryset(self) -> QuerySet[Need]:
        return with_need_related(needs_visible_to(self.request.user))

    def _refetch(self, need: Need) -> Need:
        return with_need_related(Need.objects.filter(pk=need.pk)).get()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = cast(services.NeedData, serializer.validated_data)
        need = services.need_post(actor=self.request.user, data=data)
        serializer.instance = self._refetch(need)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = cast(services.NeedData, serializer.validated_data)
        need = services.need_update(
            actor=self.request.user, need=cast(Need, serializer.instance), data=data
        )
        serializer.instance = self._refetch(need)

    def perform_destroy(self, instance: Need) -> None:
        services.need_delete(actor=self.request.user, need=instance)


def with_meeting_related(queryset: QuerySet[LiaisonMeeting]) -> QuerySet[LiaisonMeeting]:
    return queryset.select_related("community").prefetch_related(
        Prefetch(
            "attendee_rows",
            queryset=MeetingAttendee.objects.select_related("partner").order_by("position"),
        )
    )


@extend_schema_view(**read_views(MeetingSerializer), **write_views(MeetingSerializer))
class MeetingViewSet(MeetingWorkflowMixin, viewsets.ModelViewSet[LiaisonMeeting]):
    """Quarterly liaison meetings (党建联席会)."""

    serializer_class = MeetingSerializer
    lookup_field = "code"
    filterset_class = MeetingFilter
    ordering_fields = ["date", "code", "title"]
    ordering = ["-date", "code"]

    def get_queryset(self) -> QuerySet[LiaisonMeeting]:
        return with_meeting_related(meetings_visible_to(self.request.user))

    def _refetch(self, meeting: LiaisonMeeting) -> LiaisonMeeting:
        return with_meeting_related(LiaisonMeeting.objects.filter(pk=meeting.pk)).get()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = cast(services.MeetingData, serializer.validated_data)
        meeting = services.meeting_schedule(actor=self.request.user, data=data)
        serializer.instance = self._refetch(meeting)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = cast(services.MeetingData, serializer.validated_data)
        meeting = services.meeting_update(
            actor=self.request.user, meeting=cast(LiaisonMeeting, serializer.instance), data=data
        )
        serializer.instance = self._refetch(meeting)

    def perform_destroy(self, instance: LiaisonMeeting) -> None:
        services.meeting_delete(actor=self.request.user, meeting=instance)


@extend_schema_view(**read_views(ProjectSerializer))
class ProjectViewSet(viewsets.ReadOnlyModelViewSet[Project]):
    """Agreed pairings of a need and an offering (项目清单); read-only for now."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    ordering_fields = ["created_at", "status", "id"]
    ordering = ["-created_at", "id"]

    def get_queryset(self) -> QuerySet[Project]:
        return projects_visible_to(self.request.user).select_related(
            "need", "offering", "offering__partner"
        )
