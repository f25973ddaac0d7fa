"""Activities residents sign up for: places until full, then a waiting list in order; a
place freed moves the first waiting up and tells her; a reminder the day before with
her check-in code; the organiser checks her in by it; she rates it afterwards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from centres import activities
from centres.models import Activity, SignUp
from core.errors import ConflictError, InvalidInputError, NotAllowedError
from needs.models import Notification
from partners.models import Partner, Role
from tests.centres.conftest import SHANGHAI, at
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def parenting(tree: Any, studio: Partner, member: Any) -> Activity:
    return activities.activity_publish(
        actor=member,
        centre=tree["C11"],
        partner=studio,
        data=activities.ActivityData(
            title="家长学校：和青春期孩子沟通",
            start=at(7, 9, 30),
            end=at(7, 11),
            capacity=2,
            place="舞韵艺术团二楼教室",
            beneficiaries=("families",),
        ),
    )


def residents(tree: Any, n: int) -> list[Any]:
    return [user_with_role(Role.Kind.RESIDENT, community=tree["C11"]) for _ in range(n)]


def test_places_then_a_waiting_list_in_order_and_a_freed_place_moves_the_first_up(
    parenting: Activity, tree: Any
) -> None:
    a, b, c, d = residents(tree, 4)
    got = [activities.signup_join(actor=u, activity=parenting) for u in (a, b, c, d)]
    assert [s.status for s in got] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [activities.waiting_position(s) for s in got] == [0, 0, 1, 2]
    with pytest.raises(ConflictError):
        activities.signup_join(actor=a, activity=parenting)
    moved = activities.signup_cancel(actor=b, signup=got[1])
    assert moved is not None
    assert moved.resident_id == c.pk
    assert SignUp.objects.get(pk=got[2].pk).status == "confirmed"
    notice = Notification.objects.get(recipient=c, kind="activity")
    assert "候补成功" in notice.text
    assert activities.waiting_position(SignUp.objects.get(pk=got[3].pk)) == 1


def test_residents_of_other_communities_join_only_when_welcome(
    parenting: Activity, tree: Any
) -> None:
    elsewhere = user_with_role(Role.Kind.RESIDENT, community=tree["C21"])
    with pytest.raises(NotAllowedError):
        activities.signup_join(actor=elsewhere, activity=parenting)
    parenting.outsiders_welcome = True
    parenting.save()
    assert activities.signup_join(actor=elsewhere, activity=parenting).status == "confirmed"


def test_reminded_once_the_day_before_checked_in_by_code_then_rating(
    parenting: Activity, tree: Any, member: Any
) -> None:
    (her,) = residents(tree, 1)
    signup = activities.signup_join(actor=her, activity=parenting)
    eve = at(6, 10)
    assert activities.reminders_send(now=eve) == 1
    assert activities.reminders_send(now=eve) == 0
    notice = Notification.objects.get(recipient=her, kind="activity")
    assert signup.code in notice.text
    with pytest.raises(NotAllowedError):
        activities.signup_check_in(actor=her, activity=parenting, code=signup.code)
    with pytest.raises(InvalidInputError):
        activities.signup_check_in(actor=member, activity=parenting, code="WRONG1")
    checked = activities.signup_check_in(actor=member, activity=parenting, code=signup.code.lower())
    assert checked.checked_in_at is not None
    with pytest.raises(ConflictError):  # not over yet
        activities.signup_rate(actor=her, signup=checked, rating=5)
    with time_machine.travel(dt.datetime(2026, 11, 7, 12, tzinfo=SHANGHAI), tick=False):
        rated = activities.signup_rate(actor=her, signup=checked, rating=5, comment="很实用")
    assert rated.rating == 5


def test_only_the_community_or_the_organising_partner_publishes(
    tree: Any, studio: Partner, resident: Any
) -> None:
    data = activities.ActivityData(
        title="义诊", start=at(8, 9), end=at(8, 11), capacity=20, place="社区卫生站"
    )
    with pytest.raises(NotAllowedError):
        activities.activity_publish(actor=resident, centre=tree["C11"], data=data, partner=studio)
    with pytest.raises(InvalidInputError) as bad:
        activities.activity_publish(
            actor=user_with_role(Role.Kind.SECRETARY, community=tree["C11"]),
            centre=tree["C11"],
            data=activities.ActivityData(
                title="义诊", start=at(8, 11), end=at(8, 9), capacity=0, place=""
            ),
        )
    assert {"end", "capacity", "place"} <= set(bad.value.fields)


def test_residents_ratings_of_activities_count_in_the_partners_reliability(
    parenting: Activity, tree: Any, member: Any, studio: Partner
) -> None:
    from matching.facts import partner_reliability
    from needs.selectors import RELIABILITY_PRIOR, RELIABILITY_PRIOR_WEIGHT

    assert partner_reliability([studio.pk]) == {studio.pk: None}
    (her,) = residents(tree, 1)
    signup = activities.signup_join(actor=her, activity=parenting)
    activities.signup_check_in(actor=member, activity=parenting, code=signup.code)
    with time_machine.travel(dt.datetime(2026, 11, 7, 12, tzinfo=SHANGHAI), tick=False):
        activities.signup_rate(actor=her, signup=signup, rating=5)
    w = RELIABILITY_PRIOR_WEIGHT
    expected = (w * RELIABILITY_PRIOR + 1.0) / (w + 1)
    assert partner_reliability([studio.pk])[studio.pk] == pytest.approx(expected)


def test_an_activity_may_be_how_a_projects_work_is_done(
    tree: Any, studio: Partner, member: Any
) -> None:
    from needs.models import Project
    from tests.factories import NeedFactory, OfferingFactory

    ours = Project.objects.create(
        need=NeedFactory.create(community=tree["C11"]),
        offering=OfferingFactory.create(partner=studio),
        status=Project.Status.ACCEPTED,
        quarter="2026Q4",
    )
    theirs = Project.objects.create(
        need=NeedFactory.create(community=tree["C11"]),
        offering=OfferingFactory.create(),
        status=Project.Status.ACCEPTED,
        quarter="2026Q4",
    )
    data = activities.ActivityData(
        title="亲子阅读", start=at(12, 15), end=at(12, 16), capacity=15, place="社区书屋"
    )
    from dataclasses import replace

    made = activities.activity_publish(
        actor=member, centre=tree["C11"], partner=studio, data=replace(data, project=ours)
    )
    assert made.project == ours
    with pytest.raises(InvalidInputError) as refused:
        activities.activity_publish(
            actor=member, centre=tree["C11"], partner=studio, data=replace(data, project=theirs)
        )
    assert "project" in refused.value.fields


def test_a_resident_who_erases_her_data_gives_up_her_place_and_keeps_her_past(
    parenting: Activity, tree: Any, member: Any, client_for: Any
) -> None:
    from centres.models import Booking, Room
    from privacy.services import person_erase

    her, waiting = residents(tree, 2)
    parenting.capacity = 1
    parenting.save()
    place = activities.signup_join(actor=her, activity=parenting)
    queued = activities.signup_join(actor=waiting, activity=parenting)
    room = Room.objects.create(centre=tree["C11"], name="书屋", capacity=8, open_booking=True)
    Booking.objects.create(
        room=room,
        start=at(20, 9),
        end=at(20, 10),
        purpose="读书会",
        requested_by=her,
        status="approved",
    )
    data = client_for(her).get("/api/v1/me/data/").json()
    assert [s["activity"] for s in data["activity_signups"]] == [parenting.title]
    assert [b["purpose"] for b in data["room_bookings"]] == ["读书会"]
    person_erase(actor=her)
    assert SignUp.objects.get(pk=place.pk).status == "cancelled"
    assert SignUp.objects.get(pk=queued.pk).status == "confirmed"
    assert Booking.objects.get(purpose="读书会").requested_by is None
