"""Who may import whole regions (see ``partners.rules``)."""

from __future__ import annotations

from typing import Any

import rules

from partners.models import Role


@rules.predicate
def imports_regions(user: Any) -> bool:
    """A bulk import writes whole regions, so it belongs to district administrators
    and platform administrators, not to a single community's secretary."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return Role.objects.filter(user_id=user.pk, kind=Role.Kind.DISTRICT_ADMIN).exists()


# Bulk import from the pages and the API.
rules.add_perm("interchange.import_region", imports_regions)
