"""Who may hold, change and export liaison meetings (see ``partners.rules``)."""

from __future__ import annotations

from typing import Any

import rules

from needs.models import LiaisonMeeting
from needs.selectors import meetings_visible_to
from partners.rules import can_administer


@rules.predicate
def runs_meetings_in(user: Any, community: Any) -> bool:
    community_id = getattr(community, "pk", community)
    return community_id is not None and can_administer(user, community_id)


@rules.predicate
def runs_meeting(user: Any, meeting: LiaisonMeeting | None) -> bool:
    return meeting is not None and can_administer(user, meeting.community_id)


# The object is the community holding the meeting.
rules.add_perm("meetings.hold_meeting", runs_meetings_in)
rules.add_perm("meetings.edit_meeting", runs_meeting)
rules.add_perm("meetings.remove_meeting", runs_meeting)


# --- Liaison meeting documents ----------------------------------------------------------


@rules.predicate
def exports_meeting(user: Any, meeting: LiaisonMeeting | None) -> bool:
    """Whoever sees the meeting may export it; contacts inside follow their scope."""
    return meeting is not None and meetings_visible_to(user).filter(pk=meeting.pk).exists()


rules.add_perm("meetings.export_meeting", exports_meeting)
