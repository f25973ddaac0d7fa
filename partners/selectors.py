"""Scoped reads: what a user may see. Every list the API, the pages, the admin and the
exports show is built from these, so the rules live in one place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from core.queries import IdSet
from partners.models import BeneficiaryGroup, Community, DeliveryMode, Offering, Partner, Role


class Invitation(Protocol):
    """A gathering partners are invited to (a liaison meeting): held in a community,
    with its invited partners' rows (``partner_id`` each) under ``attendee_rows``."""

    community_id: int

    @property
    def attendee_rows(self) -> Any: ...


def standard_names(model: type[BeneficiaryGroup] | type[DeliveryMode]) -> dict[str, str]:
    """Code → name of the service standard's beneficiary groups or delivery modes, in
    the page's language: English under the English switch (where the standard has an
    English name), Chinese otherwise. Ordered as the standard lists them."""
    english = get_language() == "en"
    return {
        code: (name_en if english and name_en else name_zh)
        for code, name_zh, name_en in model.objects.values_list("code", "name_zh", "name_en")
    }


AREA_ROLES = (Role.Kind.SECRETARY, Role.Kind.STREET_ADMIN, Role.Kind.DISTRICT_ADMIN)


def community_subtree_ids(roots: Iterable[int]) -> frozenset[int]:
    """Ids of the given communities and of everything under them (one query, which
    reads only the subtree: a city has thousands of communities, a street a handful)."""
    roots = sorted(set(roots))
    if not roots:
        return frozenset()
    table = connection.ops.quote_name(Community._meta.db_table)
    parent = connection.ops.quote_name(Community._meta.get_field("parent").column)
    marks = ", ".join(["%s"] * len(roots))
    # UNION (not UNION ALL) visits each community once, whatever the tree holds.
    sql = (
        f"WITH RECURSIVE subtree(id) AS ("  # noqa: S608 - names quoted, values bound
        f" SELECT id FROM {table} WHERE id IN ({marks})"
        f" UNION SELECT c.id FROM {table} c JOIN subtree s ON c.{parent} = s.id"
        f") SELECT id FROM subtree"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, roots)
        return frozenset(roots).union(row[0] for row in cursor.fetchall())


def area_ids_for_code(code: str) -> frozenset[int]:
    """Ids of the community with this code and everything under it; empty if unknown."""
    root = Community.objects.filter(code=code).values_list("id", flat=True).first()
    return community_subtree_ids([root]) if root is not None else frozenset()


@dataclass(frozen=True)
class Scope:
    """What one user may see, resolved once per request."""

    user_id: int | None
    everything: bool
    area_ids: frozenset[int]  # communities administered (secretary, street, district)
    partner_ids: frozenset[int]  # partners the user is a member of
    home_ids: frozenset[int]  # communities the user lives in, as a resident
    kinds: frozenset[str] = frozenset()  # the kinds of role the user holds

    @property
    def is_resident_only(self) -> bool:
        return not self.everything and not self.area_ids and not self.partner_ids


def scope_of(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The user's scope. Superusers see everything; anonymous users see nothing."""
    cached = getattr(user, "_jinlin_scope", None)
    if isinstance(cached, Scope):
        return cached
    if not user.is_authenticated:
        scope = Scope(None, False, frozenset(), frozenset(), frozenset())
    elif getattr(user, "is_superuser", False):
        scope = Scope(user.pk, True, frozenset(), frozenset(), frozenset())
    else:
        roots: list[int] = []
        partner_ids: set[int] = set()
        homes: set[int] = set()
        kinds: set[str] = set()
        for kind, community_id, partner_id in Role.objects.filter(user_id=user.pk).values_list(
            "kind", "community_id", "partner_id"
        ):
            kinds.add(kind)
            if kind in AREA_ROLES and community_id is not None:
                roots.append(community_id)
            elif kind == Role.Kind.PARTNER_MEMBER and partner_id is not None:
                partner_ids.add(partner_id)
            elif kind == Role.Kind.RESIDENT and community_id is not None:
                homes.add(community_id)
        scope = Scope(
            user.pk,
            False,
            community_subtree_ids(roots),
            frozenset(partner_ids),
            frozenset(homes),
            frozenset(kinds),
        )
    user._jinlin_scope = scope  # type: ignore[union-attr]
    return scope


def communities_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Community]:
    """The administrative tree is public to every signed-in user."""
    if not user.is_authenticated:
        return Community.objects.none()
    return Community.objects.all()


def partners_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Partner]:
    """Verified partners form the public directory; pending and suspended ones are seen
    only by the administrators of their home community and by their own members."""
    scope = scope_of(user)
    if scope.everything:
        return Partner.objects.all()
    if scope.user_id is None:
        return Partner.objects.none()
    return Partner.objects.filter(
        Q(status=Partner.Status.VERIFIED)
        | Q(community_id__in=IdSet(scope.area_ids))
        | Q(id__in=scope.partner_ids)
    )


def offerings_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Offering]:
    """Offerings of the partners the user may see."""
    scope = scope_of(user)
    if scope.everything:
        return Offering.objects.all()
    if scope.user_id is None:
        return Offering.objects.none()
    return Offering.objects.filter(
        Q(partner__status=Partner.Status.VERIFIED)
        | Q(partner__community_id__in=IdSet(scope.area_ids))
        | Q(partner_id__in=scope.partner_ids)
    )


def can_see_contact(user: AbstractBaseUser | AnonymousUser, partner: Partner) -> bool:
    """Whether the user may read a partner's contact name, phone and (for a resident
    partner) address unmasked: administrators over its home community and its members."""
    scope = scope_of(user)
    return (
        scope.everything
        or partner.community_id in scope.area_ids
        or partner.pk in scope.partner_ids
    )


def sees_contact(
    user: AbstractBaseUser | AnonymousUser,
    partner: Partner,
    *,
    meeting: Invitation | None = None,
) -> bool:
    """Whether the user may read a partner's contact name and phone unmasked, where the
    partner is shown as part of ``meeting`` (a ``LiaisonMeeting``) when one is given.

    Those of :func:`can_see_contact` always may. So may the administrators of a liaison
    meeting's community (its organiser) for the partners invited to that meeting: being
    reached for the meetings one is invited to is a purpose of the partner registration
    notice. Everyone else sees the contact masked. The meeting's ``attendee_rows`` are
    read once when prefetched."""
    if can_see_contact(user, partner):
        return True
    if meeting is None:
        return False
    scope = scope_of(user)
    if not (scope.everything or meeting.community_id in scope.area_ids):
        return False
    return any(row.partner_id == partner.pk for row in meeting.attendee_rows.all())


@dataclass(frozen=True)
class Contact:
    """What a viewer is shown of a partner's contact person, phone and whereabouts."""

    name: str
    phone: str
    address: str
    lat: float | None
    lng: float | None
    masked: bool


def contact_for(
    viewer: AbstractBaseUser | AnonymousUser,
    partner: Partner,
    *,
    meeting: Invitation | None = None,
) -> Contact:
    """The one presenter of a partner's contact details, asked by the API, the pages and
    the meeting documents alike. Those entitled (``partners.see_contact``: administrators
    over the partner's home community, its members, superusers) see them as stored.
    Others see the name and phone masked and, for a resident partner, her home replaced
    by her community's name and position: where she can be reached in the community's
    terms without telling where she lives. An organisation's address is public. Shown as
    part of ``meeting``, the organiser also sees its invited partners (:func:`sees_contact`)."""
    if sees_contact(viewer, partner, meeting=meeting):
        return Contact(
            name=partner.contact_name,
            phone=partner.phone,
            address=partner.address,
            lat=partner.lat,
            lng=partner.lng,
            masked=False,
        )
    resident = partner.kind == Partner.Kind.RESIDENT
    community = partner.community
    return Contact(
        name=mask_name(partner.contact_name),
        phone=mask_phone(partner.phone),
        address=community.name if resident else partner.address,
        lat=community.lat if resident else partner.lat,
        lng=community.lng if resident else partner.lng,
        masked=True,
    )


def mask_phone(phone: str) -> str:
    """``13812345678`` → ``138****5678``; short numbers keep only their last two digits."""
    digits = phone.strip()
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(len(digits) - 2, 0) + digits[-2:] if digits else ""


def mask_name(name: str) -> str:
    """``王建国`` → ``王**``: the family name stays so the contact is recognisable."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_personal(value: str) -> str:
    """A phone number as :func:`mask_phone`, anything else (a name, an address) as
    :func:`mask_name`: what the audit trail keeps of personal fields."""
    text = str(value)
    if text.replace(" ", "").replace("-", "").lstrip("+").isdigit():
        return mask_phone(text)
    return mask_name(text)
