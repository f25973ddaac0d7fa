"""Which kinds of work a signed-in user does, for navigation and the home page.

What a user may *see* is decided by the selectors (``partners.selectors.scope_of``) and
what she may *do* by the rules (``has_perm``); this only says which pages to offer, so a
person holding several roles gets each. Where a page answers to a rule, the offer asks
that rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from interchange.rules import imports_regions
from partners.models import Role


@dataclass(frozen=True)
class Roles:
    """The kinds of role a user holds (a superuser counts as every administrator)."""

    secretary: bool = False
    area_admin: bool = False  # street or district administrator
    district_admin: bool = False
    partner: bool = False
    resident: bool = False
    superuser: bool = False
    imports: bool = False  # the rule ``interchange.import_region``, asked directly

    @property
    def administers(self) -> bool:
        """Keeps needs and verifies partners somewhere (secretary, street, district)."""
        return self.secretary or self.area_admin or self.superuser

    @property
    def allocates(self) -> bool:
        """Runs a quarter's allocation over several communities."""
        return self.area_admin or self.superuser


def roles_of(user: AbstractBaseUser | AnonymousUser) -> Roles:
    """The user's roles, read once per user object."""
    cached = getattr(user, "_jinlin_roles", None)
    if isinstance(cached, Roles):
        return cached
    if not user.is_authenticated:
        roles = Roles()
    else:
        kinds = set(Role.objects.filter(user_id=user.pk).values_list("kind", flat=True))
        roles = Roles(
            secretary=Role.Kind.SECRETARY in kinds,
            area_admin=bool(kinds & {Role.Kind.STREET_ADMIN, Role.Kind.DISTRICT_ADMIN}),
            district_admin=Role.Kind.DISTRICT_ADMIN in kinds,
            partner=Role.Kind.PARTNER_MEMBER in kinds,
            resident=Role.Kind.RESIDENT in kinds,
            superuser=bool(getattr(user, "is_superuser", False)),
            imports=imports_regions.test(user),
        )
    user._jinlin_roles = roles  # type: ignore[union-attr]
    return roles
