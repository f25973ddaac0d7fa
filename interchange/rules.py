"""Who may import whole regions (see ``partners.rules``)."""

from __future__ import annotations

from typing import Any

import rules

from partners.models import Role
from partners.selectors import scope_of


@rules.predicate
def imports_regions(user: Any) -> bool:
    """A bulk import writes whole regions, so it belongs to district administrators
    and platform administrators, not to a single community's secretary."""
    scope = scope_of(user)
    return scope.everything or Role.Kind.DISTRICT_ADMIN in scope.kinds


# Bulk import from the pages and the API.
rules.add_perm("interchange.import_region", imports_regions)
