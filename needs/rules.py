"""Who may do what with needs, liaison meetings and projects (see ``partners.rules``)."""

from __future__ import annotations

from typing import Any

import rules

from needs import services
from needs.models import LiaisonMeeting, Need


@rules.predicate
def posts_need_in(user: Any, community: Any) -> bool:
    return community is not None and services.can_post_need(user, community)


@rules.predicate
def edits_need(user: Any, need: Need | None) -> bool:
    return need is not None and services.can_edit_need(user, need)


@rules.predicate
def removes_need(user: Any, need: Need | None) -> bool:
    return need is not None and services.can_delete_need(user, need)


@rules.predicate
def runs_meetings_in(user: Any, community: Any) -> bool:
    community_id = getattr(community, "pk", community)
    return community_id is not None and services.can_manage_meeting(user, community_id)


@rules.predicate
def runs_meeting(user: Any, meeting: LiaisonMeeting | None) -> bool:
    return meeting is not None and services.can_manage_meeting(user, meeting.community_id)


# The object is the community the need is posted in.
rules.add_perm("needs.post_need", posts_need_in)
rules.add_perm("needs.edit_need", edits_need)
rules.add_perm("needs.remove_need", removes_need)
# The object is the community holding the meeting.
rules.add_perm("needs.hold_meeting", runs_meetings_in)
rules.add_perm("needs.edit_meeting", runs_meeting)
rules.add_perm("needs.remove_meeting", runs_meeting)
