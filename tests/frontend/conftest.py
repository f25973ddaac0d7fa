"""Fixtures for page tests: the small tree and users in each role."""

from __future__ import annotations

from typing import Any

import pytest

from partners.models import Community, Partner, Role
from tests.factories import PartnerFactory, make_tree, user_with_role


@pytest.fixture
def tree(db: None) -> dict[str, Community]:
    return make_tree()


@pytest.fixture
def secretary(tree: dict[str, Community]) -> Any:
    """Secretary of 海裕社区 (BA-S1-C1)."""
    return user_with_role(Role.Kind.SECRETARY, community=tree["C11"])


@pytest.fixture
def other_secretary(tree: dict[str, Community]) -> Any:
    """Secretary of 九围社区 (BA-S2-C1), in the other street."""
    return user_with_role(Role.Kind.SECRETARY, community=tree["C21"])


@pytest.fixture
def street_admin(tree: dict[str, Community]) -> Any:
    """Administrator of 新安街道 (BA-S1)."""
    return user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"])


@pytest.fixture
def resident(tree: dict[str, Community]) -> Any:
    """A resident of 海裕社区."""
    return user_with_role(Role.Kind.RESIDENT, community=tree["C11"])


@pytest.fixture
def partner(tree: dict[str, Community]) -> Partner:
    """A verified partner at home in 海裕社区."""
    partner: Partner = PartnerFactory.create(code="P-A", community=tree["C11"])
    return partner


@pytest.fixture
def member(partner: Partner) -> Any:
    """A member of ``partner``."""
    return user_with_role(Role.Kind.PARTNER_MEMBER, partner=partner)
