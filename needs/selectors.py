"""Scoped reads for needs, meetings and projects (see ``partners.selectors``)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from needs.models import LiaisonMeeting, MeetingAttendee, Need, Project
from partners.selectors import scope_of

# Project states in which the work has been handed to the partner.
_DISPATCHED_ON = ("dispatched", "accepted", "declined", "in_progress", "delivered", "evaluated")


def needs_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Need]:
    """Administrators see the needs of their area; a partner member sees needs dispatched
    to its partner; a resident sees the requests she posted."""
    scope = scope_of(user)
    if scope.everything:
        return Need.objects.all()
    if scope.user_id is None:
        return Need.objects.none()
    dispatched = Project.objects.filter(
        offering__partner_id__in=scope.partner_ids, status__in=_DISPATCHED_ON
    ).values("need_id")
    return Need.objects.filter(
        Q(community_id__in=scope.area_ids) | Q(created_by_id=scope.user_id) | Q(id__in=dispatched)
    )


def meetings_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[LiaisonMeeting]:
    """Administrators see their area's meetings; partner members those they attend."""
    scope = scope_of(user)
    if scope.everything:
        return LiaisonMeeting.objects.all()
    if scope.user_id is None:
        return LiaisonMeeting.objects.none()
    attending = MeetingAttendee.objects.filter(partner_id__in=scope.partner_ids).values(
        "meeting_id"
    )
    return LiaisonMeeting.objects.filter(Q(community_id__in=scope.area_ids) | Q(id__in=attending))


def projects_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Project]:
    """Administrators see projects for their area's needs; partner members the work
    dispatched to them; residents the projects serving their own requests."""
    scope = scope_of(user)
    if scope.everything:
        return Project.objects.all()
    if scope.user_id is None:
        return Project.objects.none()
    return Project.objects.filter(
        Q(need__community_id__in=scope.area_ids)
        | Q(offering__partner_id__in=scope.partner_ids, status__in=_DISPATCHED_ON)
        | Q(need__created_by_id=scope.user_id)
    )
