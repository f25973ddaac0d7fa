"""Reads of liaison meetings shared by the pages, the API and the documents."""

from __future__ import annotations

from django.db.models import QuerySet

from needs.models import AgendaItem, LiaisonMeeting


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
