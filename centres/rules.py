"""Who manages a centre's rooms and approves their bookings (see ``partners.rules``)."""

from __future__ import annotations

from typing import Any

import rules

from partners.rules import can_administer


@rules.predicate
def manages_rooms_of(user: Any, centre: Any) -> bool:
    """The administrators over the centre's community (its secretaries, the street's and
    the district's administrators)."""
    centre_id = getattr(centre, "pk", centre)
    return centre_id is not None and can_administer(user, centre_id)


# The object is the centre (a community or station).
rules.add_perm("centres.manage_rooms", manages_rooms_of)
