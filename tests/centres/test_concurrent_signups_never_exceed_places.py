"""Thirty residents sign up for ten places at the same moment, on PostgreSQL with real
threads: exactly ten get a place, twenty wait in the order they came; a cancellation
moves the first waiting up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from centres import activities
from centres.models import SignUp
from partners.models import Role
from tests.centres.conftest import at
from tests.factories import user_with_role
from tests.races import race

ATTEMPTS = 30
PLACES = 10

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_thirty_sign_ups_for_ten_places(tree: Any) -> None:
    secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    activity = activities.activity_publish(
        actor=secretary,
        centre=tree["C11"],
        data=activities.ActivityData(
            title="长者智能手机课",
            start=at(9, 14),
            end=at(9, 16),
            capacity=PLACES,
            place="党群服务中心",
        ),
    )
    people = [user_with_role(Role.Kind.RESIDENT, community=tree["C11"]) for _ in range(ATTEMPTS)]

    def join(user: Any) -> Callable[[], str]:
        def attempt() -> str:
            actor = type(user).objects.get(pk=user.pk)
            return activities.signup_join(actor=actor, activity=activity).status

        return attempt

    outcomes, _refusals = race([join(u) for u in people])
    assert sorted(outcomes) == ["confirmed"] * PLACES + ["waitlisted"] * (ATTEMPTS - PLACES)
    waiting = list(
        SignUp.objects.filter(activity=activity, status="waitlisted").order_by("created_at", "id")
    )
    assert [activities.waiting_position(s) for s in waiting] == list(
        range(1, ATTEMPTS - PLACES + 1)
    )
    leaving = SignUp.objects.filter(activity=activity, status="confirmed").first()
    assert leaving is not None
    leaver = type(secretary).objects.get(pk=leaving.resident_id)
    moved = activities.signup_cancel(actor=leaver, signup=leaving)
    assert moved is not None
    assert moved.pk == waiting[0].pk
    assert SignUp.objects.filter(activity=activity, status="confirmed").count() == PLACES
    print(
        f"{ATTEMPTS} concurrent sign-ups for {PLACES} places: "
        f"{outcomes.count('confirmed')} confirmed"
    )
