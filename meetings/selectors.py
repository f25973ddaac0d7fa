"""Reads of liaison meetings shared by the pages, the API and the documents."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from needs.models import AgendaItem, LiaisonMeeting, MeetingExport


def agenda_of(meeting: LiaisonMeeting) -> QuerySet[AgendaItem]:
    """The meeting's items in agenda order, with what each refers to (constant queries)."""
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(
            "need",
            "need__community",
            "need__category",
            "project",
            "project__offering",
            "project__offering__partner",
        )
        .order_by("position", "id")
    )


def exports_of(
    user: AbstractBaseUser | AnonymousUser, meeting: LiaisonMeeting
) -> QuerySet[MeetingExport]:
    """The exports of the meeting the user asked for, newest first (without content)."""
    return (
        MeetingExport.objects.filter(meeting=meeting, requested_by_id=user.pk)
        .defer("content")
        .select_related("meeting")
    )


def ready_export(
    user: AbstractBaseUser | AnonymousUser, meeting: LiaisonMeeting, export_id: int
) -> MeetingExport | None:
    """One of the user's exports of the meeting, with its file, if it is built; the
    download the page and the API both serve (others' exports are never found)."""
    return (
        MeetingExport.objects.filter(
            meeting=meeting,
            requested_by_id=user.pk,
            pk=export_id,
            status=MeetingExport.Status.DONE,
            content__isnull=False,
        )
        .select_related("meeting")
        .first()
    )
