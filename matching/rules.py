"""Who may read the insights (see ``partners/rules.py`` for the rule set's conventions)."""

from __future__ import annotations

import rules

from partners.rules import administers_community

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
