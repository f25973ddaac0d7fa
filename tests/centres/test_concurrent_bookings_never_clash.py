"""Twenty requests for one room and one time at the same moment, on PostgreSQL with
real threads each with its own connection: exactly one is approved, the others are
refused. And the database itself refuses an overlapping approved booking written past
the services (the exclusion constraint)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from centres import services
from centres.models import Booking, Room
from partners.models import Role
from tests.centres.conftest import at
from tests.factories import user_with_role
from tests.races import race

ATTEMPTS = 20

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_requests_for_one_slot_give_one_booking(tree: Any) -> None:
    room = Room.objects.create(centre=tree["C11"], name="多功能厅", capacity=80, open_booking=True)
    residents = [user_with_role(Role.Kind.RESIDENT, community=tree["C11"]) for _ in range(ATTEMPTS)]

    def book(user: Any) -> Callable[[], str]:
        def attempt() -> str:
            actor = type(user).objects.get(pk=user.pk)
            (made,) = services.booking_request(
                actor=actor, room=room, start=at(6, 14), end=at(6, 16), purpose="居民议事会"
            )
            return made.status

        return attempt

    outcomes, _refusals = race([book(u) for u in residents])
    assert sorted(outcomes) == ["approved"] + ["refused"] * (ATTEMPTS - 1)
    assert Booking.objects.filter(room=room, status="approved").count() == 1
    print(f"{ATTEMPTS} concurrent requests for one slot: {outcomes.count('approved')} approved")


def test_the_database_refuses_an_overlapping_approved_booking(tree: Any) -> None:
    room = Room.objects.create(centre=tree["C11"], name="书画室", capacity=20)
    Booking.objects.create(
        room=room, start=at(7, 9), end=at(7, 11), purpose="书法班", status="approved"
    )
    # Pending requests may overlap; the constraint holds only between approved ones.
    Booking.objects.create(
        room=room, start=at(7, 10), end=at(7, 12), purpose="国画", status="pending"
    )
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        Booking.objects.create(
            room=room, start=at(7, 10), end=at(7, 12), purpose="国画", status="approved"
        )
    # Back to back is allowed.
    Booking.objects.create(
        room=room, start=at(7, 11), end=at(7, 12), purpose="国画", status="approved"
    )
