"""Booking a centre's rooms: an approved time is never booked twice; a room open for
booking approves a free time at once, another waits for the secretary; a weekly booking
lists its clashes before it is confirmed; opening hours and the past are refused."""

from __future__ import annotations

from typing import Any

import pytest

from centres import services
from centres.models import Booking, Room
from core.errors import ConflictError, InvalidInputError, NotAllowedError
from needs.models import Notification
from partners.models import Partner, Role
from tests.centres.conftest import at
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_an_open_room_approves_a_free_time_and_refuses_an_overlap(
    study: Room, resident: Any
) -> None:
    (first,) = services.booking_request(
        actor=resident, room=study, start=at(3, 14), end=at(3, 16), purpose="读书会"
    )
    assert first.status == Booking.Status.APPROVED
    with pytest.raises(ConflictError) as refused:
        services.booking_request(
            actor=resident, room=study, start=at(3, 15), end=at(3, 17), purpose="象棋"
        )
    assert "occurrences.0" in refused.value.fields
    # Back to back is no overlap.
    (after,) = services.booking_request(
        actor=resident, room=study, start=at(3, 16), end=at(3, 17), purpose="象棋"
    )
    assert after.status == Booking.Status.APPROVED


def test_a_weekly_class_waits_for_the_secretary_who_approves_the_series(
    dance: Room, member: Any, studio: Partner, secretary: Any
) -> None:
    made = services.booking_request(
        actor=member,
        room=dance,
        start=at(3, 15, 30),
        end=at(3, 17),
        purpose="少儿舞蹈班",
        partner=studio,
        weeks=8,
    )
    assert len(made) == 8
    assert {b.status for b in made} == {Booking.Status.PENDING}
    assert len({b.series for b in made}) == 1
    assert made[-1].start == at(3, 15, 30).replace(month=12, day=22)
    notice = Notification.objects.get(recipient=secretary, kind="booking")
    assert "舞蹈室" in notice.text
    assert "共 8 次" in notice.text
    approved = services.booking_approve(actor=secretary, booking=made[0])
    assert len(approved) == 8
    assert Booking.objects.filter(status=Booking.Status.APPROVED).count() == 8
    assert Notification.objects.filter(recipient=member, kind="booking").exists()


def test_clashes_are_listed_before_confirming_and_can_be_skipped(
    dance: Room, member: Any, studio: Partner, secretary: Any
) -> None:
    (held,) = services.booking_request(
        actor=secretary, room=dance, start=at(17, 16), end=at(17, 18), purpose="党员活动日"
    )
    services.booking_approve(actor=secretary, booking=held)
    slots = services.booking_slots(room=dance, start=at(3, 15, 30), end=at(3, 17), weeks=4)
    assert [s.clash.purpose if s.clash else None for s in slots] == [None, None, "党员活动日", None]
    with pytest.raises(ConflictError) as refused:
        services.booking_request(
            actor=member,
            room=dance,
            start=at(3, 15, 30),
            end=at(3, 17),
            purpose="少儿舞蹈班",
            partner=studio,
            weeks=4,
        )
    assert list(refused.value.fields) == ["occurrences.2"]
    assert "党员活动日" in refused.value.fields["occurrences.2"][0]
    assert not Booking.objects.filter(purpose="少儿舞蹈班").exists()
    made = services.booking_request(
        actor=member,
        room=dance,
        start=at(3, 15, 30),
        end=at(3, 17),
        purpose="少儿舞蹈班",
        partner=studio,
        weeks=4,
        skip_clashes=True,
    )
    assert [b.start.day for b in made] == [3, 10, 24]


def test_approving_a_time_taken_meanwhile_is_refused(
    dance: Room, member: Any, studio: Partner, secretary: Any, resident: Any
) -> None:
    (a,) = services.booking_request(
        actor=member, room=dance, start=at(4, 19), end=at(4, 20), purpose="排练", partner=studio
    )
    (b,) = services.booking_request(
        actor=resident, room=dance, start=at(4, 19, 30), end=at(4, 21), purpose="广场舞"
    )
    services.booking_approve(actor=secretary, booking=a)
    with pytest.raises(ConflictError):
        services.booking_approve(actor=secretary, booking=b)
    b.refresh_from_db()
    assert b.status == Booking.Status.PENDING
    services.booking_decline(actor=secretary, booking=b, reason="时间冲突，请改周五")
    b.refresh_from_db()
    assert b.status == Booking.Status.DECLINED


def test_opening_hours_the_past_and_strangers_are_refused(
    dance: Room, resident: Any, tree: Any
) -> None:
    with pytest.raises(InvalidInputError) as late:
        services.booking_request(
            actor=resident, room=dance, start=at(3, 20), end=at(3, 22), purpose="夜跑"
        )
    assert "start" in late.value.fields
    with pytest.raises(InvalidInputError) as past:
        services.booking_request(
            actor=resident, room=dance, start=at(1, 10), end=at(1, 11), purpose="补课"
        )
    assert "start" in past.value.fields
    elsewhere = user_with_role(Role.Kind.RESIDENT, community=tree["C21"])
    with pytest.raises(NotAllowedError):
        services.booking_request(
            actor=elsewhere, room=dance, start=at(3, 10), end=at(3, 11), purpose="借用"
        )


def test_cancelling_frees_the_time(study: Room, resident: Any, other_secretary: Any) -> None:
    (mine,) = services.booking_request(
        actor=resident, room=study, start=at(5, 9), end=at(5, 11), purpose="自习"
    )
    with pytest.raises(NotAllowedError):
        services.booking_cancel(actor=other_secretary, booking=mine)
    services.booking_cancel(actor=resident, booking=mine)
    (again,) = services.booking_request(
        actor=resident, room=study, start=at(5, 9), end=at(5, 11), purpose="自习"
    )
    assert again.status == Booking.Status.APPROVED
