"""Calling the lifecycle's services by action name, as the tests generated from the
transition table need."""

from __future__ import annotations

from typing import Any

from needs import services
from needs.models import Project


def act(action: str, actor: Any, project: Project) -> Project:
    """Do ``action`` with plausible arguments (a reason, a rating of 4)."""
    if action in ("decline", "cancel", "refuse"):
        return getattr(services, f"project_{action}")(
            actor=actor, project=project, reason="本月人手不足"
        )
    if action == "evaluate":
        return services.project_evaluate(actor=actor, project=project, rating=4, comment="很好")
    return getattr(services, f"project_{action}")(actor=actor, project=project)
