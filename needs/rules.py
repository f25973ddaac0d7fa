"""Who may do what with needs, liaison meetings and projects (see ``partners.rules``)."""

from __future__ import annotations

from typing import Any

import rules

from needs import services
from needs.models import Need, Project, ResidentRequest
from partners.rules import can_administer
from partners.selectors import scope_of


@rules.predicate
def posts_need_in(user: Any, community: Any) -> bool:
    return community is not None and services.can_post_need(user, community)


@rules.predicate
def edits_need(user: Any, need: Need | None) -> bool:
    return need is not None and services.can_edit_need(user, need)


@rules.predicate
def removes_need(user: Any, need: Need | None) -> bool:
    return need is not None and services.can_delete_need(user, need)


# The object is the community the need is posted in.
rules.add_perm("needs.post_need", posts_need_in)
rules.add_perm("needs.edit_need", edits_need)
rules.add_perm("needs.remove_need", removes_need)


# --- Projects: who may create them and take each step of the lifecycle -----------------


@rules.predicate
def creates_projects_for(user: Any, need: Need | None) -> bool:
    """Projects are created by the administrators over the need's community."""
    return need is not None and can_administer(user, need.community_id)


def _may(action: str) -> Any:
    @rules.predicate(name=f"may_{action}_project")
    def predicate(user: Any, project: Project | None) -> bool:
        """Some side the user acts for may take ``action`` on the project (in some
        state: whether the current state allows it is the service's ConflictError)."""
        if project is None:
            return False
        sides = services.sides_of(user, project)
        return any(t.action == action and t.side in sides for t in services.TRANSITIONS)

    return predicate


rules.add_perm("needs.create_project", creates_projects_for)
for _action in services.ACTIONS:
    # needs.dispatch_project, needs.accept_project, … needs.cancel_project
    rules.add_perm(f"needs.{_action}_project", _may(_action))


# --- Residents' requests ------------------------------------------------------------------


@rules.predicate
def posts_request_in(user: Any, community: Any) -> bool:
    if community is None:
        return False
    return can_administer(user, community.pk) or community.pk in scope_of(user).home_ids


@rules.predicate
def handles_request(user: Any, request: ResidentRequest | None) -> bool:
    return request is not None and can_administer(user, request.community_id)


@rules.predicate
def sees_request_phone(user: Any, request: ResidentRequest | None) -> bool:
    return request is not None and services.can_see_request_phone(user, request)


# The object is the community the request is posted in.
rules.add_perm("needs.post_request", posts_request_in)
rules.add_perm("needs.handle_request", handles_request)
rules.add_perm("needs.see_request_phone", sees_request_phone)
