"""The project lifecycle as one table: each action, the side that takes it, the states it
starts from and the state it leads to. The rules (``needs.rules``) and the services
(``needs.services.projects``) both read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.errors import ConflictError, has_perm, require
from core.i18n import chinese
from needs.models import (
    Need,
    Project,
)
from partners.rules import can_administer
from partners.selectors import scope_of
from partners.services import (
    Actor,
)


class Side(StrEnum):
    """Who acts on a project, relative to it."""

    COMMUNITY = "community"  # administrators over the need's community
    PARTNER = "partner"  # members of the offering's partner
    RESIDENT = "resident"  # the resident whose request the need came from


@dataclass(frozen=True)
class Transition:
    """``side`` may ``action`` a project in one of ``sources``; it moves to ``target``
    (``None``: the state stays, as when a resident adds her rating)."""

    action: str
    side: Side
    sources: tuple[str, ...]
    target: str | None


S = Project.Status
# The one table of what may happen to a project, and who may do it.
TRANSITIONS: tuple[Transition, ...] = (
    Transition("dispatch", Side.COMMUNITY, (S.PROPOSED,), S.DISPATCHED),
    # 认领: a partner's claim (``needs.services.claims``) is confirmed or declined by the
    # community, or withdrawn by the partner.
    Transition("confirm", Side.COMMUNITY, (S.CLAIMED,), S.ACCEPTED),
    Transition("refuse", Side.COMMUNITY, (S.CLAIMED,), S.DECLINED),
    Transition("withdraw", Side.PARTNER, (S.CLAIMED,), S.CANCELLED),
    Transition("accept", Side.PARTNER, (S.DISPATCHED,), S.ACCEPTED),
    Transition("decline", Side.PARTNER, (S.DISPATCHED,), S.DECLINED),
    Transition("start", Side.PARTNER, (S.ACCEPTED,), S.IN_PROGRESS),
    Transition("deliver", Side.PARTNER, (S.IN_PROGRESS,), S.DELIVERED),
    Transition("evaluate", Side.COMMUNITY, (S.DELIVERED,), S.EVALUATED),
    Transition("evaluate", Side.RESIDENT, (S.DELIVERED, S.EVALUATED), None),
    Transition(
        "cancel", Side.COMMUNITY, (S.PROPOSED, S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS), S.CANCELLED
    ),
)
ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(t.action for t in TRANSITIONS))
# How a project may start life (``project_create``).
CREATE_STATUSES = (S.PROPOSED, S.DISPATCHED, S.ACCEPTED)

_ACTION_ZH = {
    "dispatch": "派单",
    "confirm": "确认认领",
    "refuse": "谢绝认领",
    "withdraw": "撤回认领",
    "accept": "接单",
    "decline": "婉拒",
    "start": "开始服务",
    "deliver": "完成服务",
    "evaluate": "评价",
    "cancel": "取消",
}


def resident_of(need: Need) -> int | None:
    """The user id of the resident a need serves: the one its request was for, or the
    resident who posted it herself."""
    if need.request_id is not None and need.request is not None:
        return need.request.resident_id
    if need.source == Need.Source.RESIDENT:
        return need.created_by_id
    return None


def sides_of(actor: Actor, project: Project) -> tuple[Side, ...]:
    """The sides ``actor`` acts for on ``project``, community first. Superusers act for
    the community and the partner."""
    scope = scope_of(actor)
    sides: list[Side] = []
    if can_administer(actor, project.need.community_id):
        sides.append(Side.COMMUNITY)
    if scope.everything or project.offering.partner_id in scope.partner_ids:
        sides.append(Side.PARTNER)
    resident = resident_of(project.need)
    if resident is not None and resident == scope.user_id:
        sides.append(Side.RESIDENT)
    return tuple(sides)


def transition_for(actor: Actor, project: Project, action: str) -> Transition:
    """The row of :data:`TRANSITIONS` that lets ``actor`` ``action`` ``project`` now.

    Raises ``NotAllowedError`` when none of the actor's sides may ever do it, and
    ``ConflictError`` when they may, but not in the project's current state.
    """
    sides = sides_of(actor, project)
    rows = [t for side in sides for t in TRANSITIONS if t.action == action and t.side == side]
    zh = _ACTION_ZH.get(action, action)
    require(
        has_perm(actor, f"needs.{action}_project", project),
        f"您不能对这个项目{zh} / you may not {action} this project",
    )
    for row in rows:
        if project.status in row.sources:
            return row
    label = chinese(Project.Status(project.status).label)
    raise ConflictError(
        f"项目{label}，不能{zh} / cannot {action} a project that is {project.status}"
    )


def actions_open_to(actor: Actor, project: Project) -> list[str]:
    """The actions of :data:`TRANSITIONS` ``actor`` may take on ``project`` now (for the
    pages' buttons; the services still decide when the action is taken)."""
    sides = sides_of(actor, project)
    return [
        action
        for action in ACTIONS
        if any(
            t.action == action and t.side in sides and project.status in t.sources
            for t in TRANSITIONS
        )
    ]
