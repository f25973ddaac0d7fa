"""Partners hear once, 30 days ahead, that an offering's validity ends; extending it and
letting the new date approach gives a new reminder."""

from __future__ import annotations

import datetime as dt

import pytest

from needs.models import Notification
from needs.reminders import offering_expiry_reminders_send
from partners.models import Role
from tests.factories import OfferingFactory, PartnerFactory, make_tree, user_with_role

pytestmark = pytest.mark.django_db


def test_offering_ending_within_thirty_days_reminds_members_once() -> None:
    today = dt.date(2026, 11, 1)
    partner = PartnerFactory.create(community=make_tree()["C11"])
    member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=partner)
    ending = OfferingFactory.create(partner=partner, valid_until=today + dt.timedelta(days=30))
    OfferingFactory.create(partner=partner, valid_until=today + dt.timedelta(days=45))
    OfferingFactory.create(partner=partner, valid_until=today - dt.timedelta(days=1))
    OfferingFactory.create(partner=partner, valid_until=None)

    assert offering_expiry_reminders_send(today=today) == 1
    assert offering_expiry_reminders_send(today=today + dt.timedelta(days=1)) == 0

    notice = Notification.objects.get(kind=Notification.Kind.OFFERING_EXPIRY)
    assert notice.recipient_id == member.pk
    assert str(ending.code) in notice.text
    assert "还有 30 天" in notice.text

    ending.valid_until = dt.date(2027, 3, 31)
    ending.save()
    assert offering_expiry_reminders_send(today=dt.date(2027, 3, 1)) == 1
    assert Notification.objects.filter(kind=Notification.Kind.OFFERING_EXPIRY).count() == 2
