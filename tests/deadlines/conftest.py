"""A district whose requests and needs carry promised times, on fixed days."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest

from partners.models import Community, Role
from tests.factories import user_with_role

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# A Tuesday before the National Day holiday of 2025.
BEFORE_HOLIDAY = dt.datetime(2025, 9, 30, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def district_admin(tree: dict[str, Community]) -> Any:
    return user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"])


@pytest.fixture
def colleague(tree: dict[str, Community]) -> Any:
    """A second secretary of 海裕社区."""
    user = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    user.first_name = "李社工"
    user.save()
    return user


# The lifecycle's fixtures (a partner, its offering, projects for fresh needs).
from tests.needs.conftest import make_need, make_project, offering, partner  # noqa: E402, F401
