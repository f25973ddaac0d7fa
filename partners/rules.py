"""Who may see and do what with partners and offerings: the one rule set.

Each permission is a django-rules predicate built on the user's scope
(``partners.selectors.scope_of``); the ``can_*`` functions here are the decisions the
predicates and other apps' rules share. The services, the admin, the pages and the API
ask ``user.has_perm(name, obj)``; selectors stay the read side (what lists hold; objects
outside them answer 404). Rules never import services.

Names are ``partners.<verb>_<thing>`` and differ from Django's model permissions
(``change_partner`` …) on purpose: those grant staff the admin's model pages, these
decide about one object.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from partners.models import Partner
from partners.selectors import can_see_contact, partners_visible_to, scope_of

Actor = AbstractBaseUser | AnonymousUser


def can_administer(actor: Actor, community_id: int | None) -> bool:
    """Superusers, and secretaries/street/district administrators whose area holds it."""
    scope = scope_of(actor)
    return scope.everything or (community_id is not None and community_id in scope.area_ids)


def can_edit_partner(actor: Actor, partner: Partner) -> bool:
    """Administrators over the partner's home community and the partner's own members."""
    return can_administer(actor, partner.community_id) or partner.pk in scope_of(actor).partner_ids


def can_set_partner_status(actor: Actor, partner: Partner) -> bool:
    """Verification belongs to the administrators of the partner's home community."""
    return can_administer(actor, partner.community_id)


def can_manage_offerings(actor: Actor, partner: Partner) -> bool:
    """A partner's members keep its offerings; its community's administrators may too."""
    return can_edit_partner(actor, partner)


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return scope_of(user).user_id is not None


@rules.predicate
def administers_community(user: Any, community: Any) -> bool:
    """``community`` is a Community or its id; administered by the user's area."""
    community_id = getattr(community, "pk", community)
    return can_administer(user, community_id)


@rules.predicate
def can_see_partner(user: Any, partner: Partner | None) -> bool:
    return partner is not None and partners_visible_to(user).filter(pk=partner.pk).exists()


@rules.predicate
def edits_partner(user: Any, partner: Partner | None) -> bool:
    return partner is not None and can_edit_partner(user, partner)


@rules.predicate
def verifies_partner(user: Any, partner: Partner | None) -> bool:
    return partner is not None and can_set_partner_status(user, partner)


@rules.predicate
def manages_offerings(user: Any, partner: Partner | None) -> bool:
    return partner is not None and can_manage_offerings(user, partner)


@rules.predicate
def manages_offering(user: Any, offering: Any) -> bool:
    return offering is not None and can_manage_offerings(user, offering.partner)


@rules.predicate
def sees_contact(user: Any, partner: Partner | None) -> bool:
    return partner is not None and can_see_contact(user, partner)


@rules.predicate
def sees_everything(user: Any) -> bool:
    return scope_of(user).everything


@rules.predicate
def administers_an_area(user: Any) -> bool:
    return bool(scope_of(user).area_ids)


rules.add_perm("partners.register_partner", is_signed_in)
rules.add_perm("partners.see_partner", can_see_partner)
rules.add_perm("partners.edit_partner", edits_partner)
rules.add_perm("partners.verify_partner", verifies_partner)
rules.add_perm("partners.add_offering", manages_offerings)
rules.add_perm("partners.edit_offering", manages_offering)
rules.add_perm("partners.remove_offering", manages_offering)
# Contact name, phone and a resident partner's address, unmasked.
rules.add_perm("partners.see_contact", sees_contact)
rules.add_perm("partners.administer_community", administers_community)
# The audit trail, scoped like the lists: administrators of an area and superusers.
rules.add_perm("partners.browse_audit", sees_everything | administers_an_area)
# Whole-region exports with personal data unmasked (``export_region``).
rules.add_perm("partners.export_region", sees_everything)
