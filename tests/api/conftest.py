"""Fixtures for API tests: the small tree, users in each role, a client signed in as one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from partners.models import Community, Partner, Role
from tests.factories import PartnerFactory, make_tree, user_with_role


@pytest.fixture
def tree(db: None) -> dict[str, Community]:
    return make_tree()


@pytest.fixture
def client_for() -> Callable[[Any], APIClient]:
    """``client_for(user)``: an API client signed in as ``user``."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture
def secretary_a(tree: dict[str, Community]) -> Any:
    """Secretary of 海裕社区 (BA-S1-C1), which holds the station BA-S1-C1-X1."""
    return user_with_role(Role.Kind.SECRETARY, community=tree["C11"])


@pytest.fixture
def secretary_b(tree: dict[str, Community]) -> Any:
    """Secretary of 九围社区 (BA-S2-C1), in the other street."""
    return user_with_role(Role.Kind.SECRETARY, community=tree["C21"])


@pytest.fixture
def street_admin(tree: dict[str, Community]) -> Any:
    """Administrator of 新安街道 (BA-S1): communities C1, C2 and the station."""
    return user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"])


@pytest.fixture
def resident(tree: dict[str, Community]) -> Any:
    """A resident living in 海裕社区."""
    return user_with_role(Role.Kind.RESIDENT, community=tree["C11"])


@pytest.fixture
def partner_a(tree: dict[str, Community]) -> Partner:
    """A verified social organisation at home in 海裕社区."""
    partner: Partner = PartnerFactory.create(code="P-A", community=tree["C11"])
    return partner


@pytest.fixture
def member_a(partner_a: Partner) -> Any:
    return user_with_role(Role.Kind.PARTNER_MEMBER, partner=partner_a)


def codes(response: Any) -> list[str]:
    """The codes of a list response's page, in order."""
    return [row["code"] for row in response.json()["results"]]
