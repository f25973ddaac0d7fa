"""Who may read the insights (see ``partners/rules.py`` for the rule set's conventions)."""

from __future__ import annotations

import rules

from partners.rules import administers_community

# Coverage, the partner network, trends and recommendations of an area: the
# administrators over it (its secretaries, its street's and district's administrators).
rules.add_perm("matching.see_insights", administers_community)
