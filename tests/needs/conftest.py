"""Fixtures for the project lifecycle: one community with its secretary, a partner with
a member and an offering, a resident, and people from elsewhere who have no say."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from needs.models import Need, Project
from partners.models import Community, Offering, Partner, Role
from tests.factories import (
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
    user_with_role,
)


@pytest.fixture
def partner(tree: dict[str, Community]) -> Partner:
    """Here the partner serving the projects is at home in 灵芝社区 (C12), not 海裕社区."""
    partner: Partner = PartnerFactory.create(code="P-LC", community=tree["C12"])
    return partner


@pytest.fixture
def other_member(tree: dict[str, Community]) -> Any:
    """A member of another partner."""
    other = PartnerFactory.create(code="P-OTHER", community=tree["C12"])
    return user_with_role(Role.Kind.PARTNER_MEMBER, partner=other)


@pytest.fixture
def offering(partner: Partner) -> Offering:
    offering: Offering = OfferingFactory.create(code="O-LC", partner=partner, capacity=5)
    return offering


@pytest.fixture
def make_need(tree: dict[str, Community], resident: Any) -> Callable[..., Need]:
    """A fresh open need in 海裕社区, posted by the resident (so she rates its service)."""

    def make(**kwargs: Any) -> Need:
        kwargs.setdefault("community", tree["C11"])
        kwargs.setdefault("source", Need.Source.RESIDENT)
        kwargs.setdefault("created_by", resident)
        need: Need = NeedFactory.create(**kwargs)
        return need

    return make


@pytest.fixture
def make_project(make_need: Callable[..., Need], offering: Offering) -> Callable[..., Project]:
    """A project in the given state for a fresh need (factory rows: the state is set up,
    not reached through the lifecycle)."""

    def make(status: str = Project.Status.PROPOSED, **kwargs: Any) -> Project:
        kwargs.setdefault("offering", offering)
        kwargs.setdefault("need", make_need())
        project: Project = ProjectFactory.create(status=status, **kwargs)
        return project

    return make
