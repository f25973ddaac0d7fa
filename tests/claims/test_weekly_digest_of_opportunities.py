"""The weekly digest of 认领: a partner's members hear of the week's new needs its
offerings could serve, once a week, never twice a day; nothing new, no notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from matching.services import opportunity_digests_send
from matching.tasks import send_opportunity_digests
from needs.models import Need, Notification
from partners.models import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _notices(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind="opportunities"))


def test_members_hear_of_new_needs_they_could_serve_once(district: Any, member: Any) -> None:
    assert opportunity_digests_send() >= 1
    (notice,) = _notices(member)
    assert "老人想测血压" in notice.text
    assert "海裕社康中心" in notice.text
    # The legal need is no opportunity of the clinic's.
    assert "遗产" not in notice.text
    assert send_opportunity_digests.apply().get() == 0
    assert len(_notices(member)) == 1


def test_needs_older_than_a_week_are_not_news(district: Any, member: Any) -> None:
    Need.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    opportunity_digests_send()
    assert _notices(member) == []


def test_a_member_of_two_partners_hears_once_a_day(district: Any, member: Any) -> None:
    lawyers = district["offerings"]["law"].partner
    Role.objects.create(user=member, kind=Role.Kind.PARTNER_MEMBER, partner=lawyers)
    opportunity_digests_send()
    assert len(_notices(member)) == 1
    lawyer = user_with_role(Role.Kind.PARTNER_MEMBER, partner=lawyers)
    opportunity_digests_send()
    assert len(_notices(lawyer)) == 1
    assert len(_notices(member)) == 1
