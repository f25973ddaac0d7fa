"""Who may use the pages' own operations (see ``partners/rules.py``)."""

from __future__ import annotations

from typing import Any

import rules

from frontend.services import can_import


@rules.predicate
def imports_regions(user: Any) -> bool:
    return can_import(user)


# Bulk import from the pages: district and platform administrators.
rules.add_perm("frontend.import_region", imports_regions)
