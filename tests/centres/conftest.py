"""A centre in 海裕社区 with a dance room (approval needed) and a study room (open for
booking); a partner's member, a resident and the secretary who approves; on a fixed
Monday, so times are in the future and weeks are known."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from centres.models import Room
from partners.models import Community, Partner, Role
from tests.factories import PartnerFactory, user_with_role

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# Monday 2 November 2026, 9:00.
NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time in November 2026, Shanghai."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def dance(tree: dict[str, Community]) -> Room:
    room: Room = Room.objects.create(
        centre=tree["C11"], name="舞蹈室", capacity=30, equipment="镜子、音响"
    )
    return room


@pytest.fixture
def study(tree: dict[str, Community]) -> Room:
    room: Room = Room.objects.create(
        centre=tree["C11"], name="自习室", capacity=12, open_booking=True
    )
    return room


@pytest.fixture
def studio(tree: dict[str, Community]) -> Partner:
    partner: Partner = PartnerFactory.create(
        code="P-DANCE", name="舞韵艺术团", community=tree["C11"]
    )
    return partner


@pytest.fixture
def member(studio: Partner) -> Any:
    return user_with_role(Role.Kind.PARTNER_MEMBER, partner=studio)
