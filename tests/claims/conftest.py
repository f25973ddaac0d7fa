"""A small district to claim in (that of ``tests.matching``): 海裕社康中心 offers health
checks to 新安街道, so 海裕社区's need N-BP is its to claim; 九围社区's legal need is
not. Members of the clinic, a secretary of 海裕社区 and a resident who asked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from matching.opportunities import forget_readings
from partners.models import Partner, Role
from tests.factories import user_with_role
from tests.matching.conftest import _fresh_index, district  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _fresh_readings() -> Iterator[None]:
    forget_readings()
    yield
    forget_readings()


@pytest.fixture
def clinic(district: dict[str, Any]) -> Partner:  # noqa: F811
    clinic: Partner = district["clinic"]
    return clinic


@pytest.fixture
def member(clinic: Partner) -> Any:
    """A member of 海裕社康中心."""
    return user_with_role(Role.Kind.PARTNER_MEMBER, partner=clinic)


@pytest.fixture
def secretary(district: dict[str, Any]) -> Any:  # noqa: F811
    """Secretary of 海裕社区 (C11), where N-BP was posted."""
    return user_with_role(Role.Kind.SECRETARY, community=district["tree"]["C11"])
