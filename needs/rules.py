"""Who may do what with needs, projects and residents' requests (see ``partners.rules``).

Built on the person's scope and the lifecycle table; never asks the services. The
services, pages, API and admin ask ``user.has_perm("needs.…", obj)``."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from needs.lifecycle import ACTIONS, TRANSITIONS, sides_of
from needs.models import Need, Project, ResidentRequest
from partners.models import Community, Offering
from partners.rules import can_administer
from partners.selectors import scope_of

Actor = AbstractBaseUser | AnonymousUser


# --- The decisions the predicates (and other apps' rules) share --------------------------


def can_post_need(actor: Actor, community: Community) -> bool:
    """Administrators over the community, and residents who live there."""
    return can_administer(actor, community.pk) or community.pk in scope_of(actor).home_ids


def is_resident_poster(actor: Actor, community: Community) -> bool:
    """Posting as a resident (点单), not as the community's administrator."""
    return not can_administer(actor, community.pk) and community.pk in scope_of(actor).home_ids


def can_edit_need(actor: Actor, need: Need) -> bool:
    """Administrators over its community; the resident who posted it while it is open
    (once it is being matched, changing it would pull the ground from under a partner)."""
    if can_administer(actor, need.community_id):
        return True
    return need.created_by_id == scope_of(actor).user_id and need.created_by_id is not None


def can_delete_need(actor: Actor, need: Need) -> bool:
    """Only administrators remove needs; a resident asks them."""
    return can_administer(actor, need.community_id)


def can_see_request_phone(actor: Actor, request: ResidentRequest) -> bool:
    """A request's contact phone is for the community's administrators and the resident."""
    scope = scope_of(actor)
    return can_administer(actor, request.community_id) or (
        request.resident_id is not None and request.resident_id == scope.user_id
    )


# States in which the partner holds the work and needs what it takes to do it.
WORK_HANDED = ("dispatched", "accepted", "in_progress", "delivered", "evaluated")


def works_on(actor: Actor, project: Project) -> bool:
    """A member of the project's partner, once the work is handed to it (not while it is
    only proposed, nor after it was declined or cancelled)."""
    return (
        project.status in WORK_HANDED and project.offering.partner_id in scope_of(actor).partner_ids
    )


def can_see_project_work(actor: Actor, project: Project) -> bool:
    """What the partner needs to do the work (where, whom to call, the note): the need's
    community and the partner doing it."""
    return can_administer(actor, project.need.community_id) or works_on(actor, project)


def can_see_service_record(actor: Actor, project: Project) -> bool:
    """The record and photos of a delivered service: the community, the partner and the
    resident the need serves."""
    if can_see_project_work(actor, project):
        return True
    user_id = scope_of(actor).user_id
    need = project.need
    request = need.request if need.request_id is not None else None
    return user_id is not None and (
        need.created_by_id == user_id or (request is not None and request.resident_id == user_id)
    )


def can_see_resident_phone(actor: Actor, project: Project) -> bool:
    """A resident's phone reaches the partner serving her only when she agreed to that
    (``ResidentRequest.share_phone``); her community always sees it."""
    request = project.need.request if project.need.request_id is not None else None
    if request is None or not request.phone:
        return False
    if can_see_request_phone(actor, request):
        return True
    return request.share_phone and works_on(actor, project)


@rules.predicate
def posts_need_in(user: Any, community: Any) -> bool:
    return community is not None and can_post_need(user, community)


@rules.predicate
def edits_need(user: Any, need: Need | None) -> bool:
    return need is not None and can_edit_need(user, need)


@rules.predicate
def removes_need(user: Any, need: Need | None) -> bool:
    return need is not None and can_delete_need(user, need)


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
        sides = sides_of(user, project)
        return any(t.action == action and t.side in sides for t in TRANSITIONS)

    return predicate


@rules.predicate
def claims_with(user: Any, offering: Offering | None) -> bool:
    """认领: a member of the offering's partner claims needs with it."""
    if offering is None:
        return False
    scope = scope_of(user)
    return scope.everything or offering.partner_id in scope.partner_ids


rules.add_perm("needs.create_project", creates_projects_for)
rules.add_perm("needs.claim_need", claims_with)
for _action in ACTIONS:
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
    return request is not None and can_see_request_phone(user, request)


# The object is the community the request is posted in.
rules.add_perm("needs.post_request", posts_request_in)
rules.add_perm("needs.handle_request", handles_request)
rules.add_perm("needs.see_request_phone", sees_request_phone)


@rules.predicate
def sees_project_work(user: Any, project: Any) -> bool:
    return isinstance(project, Project) and can_see_project_work(user, project)


@rules.predicate
def sees_service_record(user: Any, project: Any) -> bool:
    return isinstance(project, Project) and can_see_service_record(user, project)


rules.add_perm("needs.see_project_work", sees_project_work)
rules.add_perm("needs.see_service_record", sees_service_record)
