"""Each secretary gets one weekly summary of her own community's lists."""

from __future__ import annotations

import datetime as dt

import pytest
from time_machine import TimeMachineFixture

from needs.models import Need, Notification, Project
from needs.tasks import send_weekly_digests
from partners.models import Role
from tests.factories import (
    MeetingFactory,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
    make_tree,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def test_weekly_digest_counts_her_community_only_and_is_sent_once_a_week(
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 2, 0, 0, tzinfo=dt.UTC))  # Monday, 08:00 local
    tree = make_tree()
    secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    other = user_with_role(Role.Kind.SECRETARY, community=tree["C21"])
    NeedFactory.create_batch(3, community=tree["C11"], status=Need.Status.OPEN)
    NeedFactory.create(community=tree["C21"], status=Need.Status.OPEN)
    ProjectFactory.create(
        need=NeedFactory.create(community=tree["C11"], status="matched"),
        status=Project.Status.DISPATCHED,
    )
    ProjectFactory.create(
        need=NeedFactory.create(community=tree["C11"], status="matched"),
        status=Project.Status.ACCEPTED,
    )
    OfferingFactory.create(
        partner=PartnerFactory.create(community=tree["C11"]), valid_until=dt.date(2026, 11, 20)
    )
    MeetingFactory.create(community=tree["C11"], date=dt.date(2026, 11, 5))

    assert send_weekly_digests.delay().get() == 2
    assert send_weekly_digests.delay().get() == 0

    text = Notification.objects.get(recipient=secretary).text
    assert "第 45 周" in text
    assert "待对接需求 3 项" in text
    assert "待合伙人接单 1 项" in text
    assert "近 7 天接单 1 项" in text
    assert "30 天内到期的资源 1 项" in text
    assert "未来 7 天的联席会议 1 场" in text
    assert "待对接需求 1 项" in Notification.objects.get(recipient=other).text

    time_machine.move_to(dt.datetime(2026, 11, 9, 0, 0, tzinfo=dt.UTC))
    assert send_weekly_digests.delay().get() == 2
