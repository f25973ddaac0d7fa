"""Every state × every action × every role, generated from the one transition table:
the allowed moves land in their target state and are recorded on the timeline; a side
that may do the action, but not now, gets ConflictError; anyone else NotAllowedError."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from core.errors import ConflictError, NotAllowedError
from needs.lifecycle import ACTIONS, TRANSITIONS, Side
from needs.models import Project, ProjectEvent
from tests.needs.lifecycle import act

# Who acts in these tests, and the side each one acts for (None: no side at all).
ROLES: dict[str, Side | None] = {
    "secretary": Side.COMMUNITY,
    "member": Side.PARTNER,
    "resident": Side.RESIDENT,
    "other_secretary": None,
    "other_member": None,
}


def expected(action: str, side: Side | None, state: str) -> str:
    """``"ok:<state after>"``, ``"conflict"`` or ``"not_allowed"`` per the table."""
    rows = [t for t in TRANSITIONS if t.action == action and t.side == side]
    if not rows:
        return "not_allowed"
    for row in rows:
        if state in row.sources:
            return f"ok:{row.target or state}"
    return "conflict"


def test_table_covers_the_lifecycle() -> None:
    assert set(ACTIONS) == {
        "dispatch",
        "accept",
        "decline",
        "start",
        "deliver",
        "evaluate",
        "cancel",
        "confirm",
        "refuse",
        "withdraw",
    }
    assert {t.target for t in TRANSITIONS} - {None} <= set(Project.Status.values)


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("action", ACTIONS)
def test_action_by_role_in_every_state(
    request: pytest.FixtureRequest,
    make_project: Callable[..., Project],
    action: str,
    role: str,
) -> None:
    actor: Any = request.getfixturevalue(role)
    outcomes: dict[str, str] = {}
    for state in Project.Status.values:
        project = make_project(state)
        try:
            moved = act(action, actor, project)
        except ConflictError:
            outcome = "conflict"
            assert Project.objects.get(pk=project.pk).status == state
        except NotAllowedError:
            outcome = "not_allowed"
            assert Project.objects.get(pk=project.pk).status == state
        else:
            outcome = f"ok:{moved.status}"
            stored = Project.objects.get(pk=project.pk)
            assert stored.status == moved.status
            event = ProjectEvent.objects.filter(project=project).get()
            assert (event.action, event.from_status, event.to_status) == (
                action,
                state,
                moved.status,
            )
            assert event.actor_id == actor.pk
        outcomes[state] = outcome
    assert outcomes == {
        state: expected(action, ROLES[role], state) for state in Project.Status.values
    }
