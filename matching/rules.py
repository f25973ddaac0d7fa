"""Who may read the insights and a need's matches (see ``partners/rules.py`` for the rule
set's conventions)."""

from __future__ import annotations

from typing import Any

import rules

from core.queries import IdSet
from partners.models import Community
from partners.rules import administers_community
from partners.selectors import scope_of

# Coverage, the partner network, trends and recommendations of an area: the
# administrators over it (its secretaries, its street's and district's administrators).
rules.add_perm("matching.see_insights", administers_community)


@rules.predicate
def administers_example_district(user: object, example: object) -> bool:
    """The example's district is administered by the user (its district administrators)."""
    return administers_community(user, getattr(example, "district_id", None))


# Deactivating a district's reading example changes how the whole district reads texts:
# its district administrators only.
rules.add_perm("matching.deactivate_reading_example", administers_example_district)


@rules.predicate
def posts_needs_somewhere(user: object) -> bool:
    """The user administers at least one community or station, so may post needs there."""

    scope = scope_of(user)  # type: ignore[arg-type]
    if scope.everything:
        return True
    return Community.objects.filter(
        id__in=IdSet(scope.area_ids), level__in=Community.NEED_LEVELS
    ).exists()


# Reading a text (the categories, modes and groups the engine reads, shifted by the
# district's confirmed examples): those who post needs, which is what the reading is for.
rules.add_perm("matching.read_text", posts_needs_somewhere)


@rules.predicate
def ranks_partners_for(user: Any, need: Any) -> bool:
    """A need's matches — the partners' offerings ranked against it, with the reasons —
    are the administrators' working tool over the need's community (its secretary, its
    street's and district's administrators, superusers). Not the resident who posted
    the need nor a partner's member: the ranking compares partners with each other, and
    a resident learns what is done for her need from the projects dispatched to it, not
    from a league table of her neighbours' organisations. The API and the need's page
    both ask this permission, so they answer alike."""
    return need is not None and bool(administers_community(user, need.community_id))


# The object is the need; whoever cannot see the need at all gets 404 before this.
rules.add_perm("matching.see_matches", ranks_partners_for)
