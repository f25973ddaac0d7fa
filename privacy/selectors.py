"""What Jinlin holds about a person, and which audit entries an administrator may read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, Q, QuerySet

from centres.models import Booking, SignUp
from needs.models import Evaluation, LiaisonMeeting, Need, Project, ResidentRequest
from partners.models import ConsentRecord, Offering, Partner, Role
from partners.selectors import scope_of

User = AbstractBaseUser | AnonymousUser


def personal_data_of(user: AbstractBaseUser | AnonymousUser) -> dict[str, object]:
    """Everything Jinlin holds about the signed-in person, unmasked, as plain JSON data:
    the account, roles, consents, the needs and small requests she posted (with their
    phone), her evaluations, her activity sign-ups and room bookings, and the partners
    she belongs to (with their contact details). Empty for an anonymous user."""
    from django.contrib.auth import get_user_model

    scope = scope_of(user)
    if scope.user_id is None:
        return {}
    account = get_user_model()._default_manager.get(pk=scope.user_id)
    roles = Role.objects.filter(user_id=scope.user_id).select_related("community", "partner")
    partners = Partner.objects.filter(members__user_id=scope.user_id).select_related("community")
    needs = Need.objects.filter(created_by_id=scope.user_id).select_related("community")
    consents = ConsentRecord.objects.filter(user_id=scope.user_id)
    small = ResidentRequest.objects.filter(resident_id=scope.user_id).select_related("community")
    evaluations = Evaluation.objects.filter(author_id=scope.user_id)
    signups = SignUp.objects.filter(resident_id=scope.user_id).select_related("activity")
    bookings = Booking.objects.filter(requested_by_id=scope.user_id).select_related("room")
    return {
        "account": {
            "username": account.get_username(),
            "first_name": getattr(account, "first_name", ""),
            "last_name": getattr(account, "last_name", ""),
            "email": getattr(account, "email", ""),
            "date_joined": getattr(account, "date_joined", None),
            "last_login": account.last_login,
        },
        "roles": [
            {
                "kind": r.kind,
                "community": r.community.code if r.community else None,
                "partner": r.partner.code if r.partner else None,
            }
            for r in roles
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "text_version": c.text_version,
                "record": c.record,
                "given_at": c.given_at,
            }
            for c in consents
        ],
        "partners": [
            {
                "code": p.code,
                "name": p.name,
                "community": p.community.code,
                "contact_name": p.contact_name,
                "phone": p.phone,
                "address": p.address,
                "description": p.description,
            }
            for p in partners.order_by("code")
        ],
        "requests": [
            {
                "code": n.code,
                "community": n.community.code,
                "title": n.title,
                "description": n.description,
                "status": n.status,
                "created_at": n.created_at,
            }
            for n in needs.order_by("code")
        ],
        "small_requests": [
            {
                "id": r.pk,
                "community": r.community.code,
                "text": r.text,
                "phone": r.phone,
                "status": r.status,
                "created_at": r.created_at,
            }
            for r in small.order_by("pk")
        ],
        "evaluations": [
            {
                "project": e.project_id,
                "rating": e.rating,
                "comment": e.comment,
                "created_at": e.created_at,
            }
            for e in evaluations.order_by("pk")
        ],
        "activity_signups": [
            {
                "activity": s.activity.title,
                "start": s.activity.start,
                "status": s.status,
                "checked_in_at": s.checked_in_at,
                "rating": s.rating,
                "comment": s.comment,
            }
            for s in signups.order_by("pk")
        ],
        "room_bookings": [
            {
                "room": b.room.name,
                "start": b.start,
                "end": b.end,
                "purpose": b.purpose,
                "status": b.status,
            }
            for b in bookings.order_by("pk")
        ],
    }


def audited_in_area(user: User) -> Q:
    """Audit log entries about records of the user's area: its partners, their offerings
    and members' roles, its needs, meetings and projects. Superusers: every entry."""
    from django.contrib.contenttypes.models import ContentType

    scope = scope_of(user)
    if scope.everything:
        return Q()
    area = scope.area_ids
    owned: list[tuple[type[Model], QuerySet[Any]]] = [
        (Partner, Partner.objects.filter(community_id__in=area)),
        (Offering, Offering.objects.filter(partner__community_id__in=area)),
        (Role, Role.objects.filter(Q(community_id__in=area) | Q(partner__community_id__in=area))),
        (Need, Need.objects.filter(community_id__in=area)),
        (LiaisonMeeting, LiaisonMeeting.objects.filter(community_id__in=area)),
        (Project, Project.objects.filter(need__community_id__in=area)),
    ]
    where = Q(pk__in=[])
    for model, rows in owned:
        content_type = ContentType.objects.get_for_model(model)
        where |= Q(content_type=content_type, object_id__in=rows.values("pk"))
    return where
