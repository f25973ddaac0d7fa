"""The rooms API and the rooms pages are two faces of one behaviour: the same week,
the same refusal of a clash, the same approval."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from centres import services
from centres.models import Booking, Room
from tests.centres.conftest import at
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_week_is_the_same_on_the_page_and_in_the_api(
    dance: Room, study: Room, resident: Any, secretary: Any, client_for: Any
) -> None:
    (mine,) = services.booking_request(
        actor=resident, room=dance, start=at(3, 10), end=at(3, 11), purpose="合唱排练"
    )
    (other,) = services.booking_request(
        actor=secretary, room=dance, start=at(4, 10), end=at(4, 11), purpose="党课"
    )
    services.booking_approve(actor=secretary, booking=other)
    api = (
        client_for(resident)
        .get(reverse("room-week", args=[dance.pk]), {"week": "2026-11-04"})
        .json()
    )
    seen = {b["id"]: b for day in api for b in day["bookings"]}
    # Her own pending request and the approved one; never who asked for the other.
    assert set(seen) == {mine.pk, other.pk}
    assert seen[other.pk]["requested_by"] is None
    assert seen[mine.pk]["requested_by"] is not None
    page = Client()
    page.login(username=resident.username, password=PASSWORD)
    html = page.get(f"/rooms/{dance.pk}/", {"week": "2026-11-04"}).content.decode()
    for pk in seen:
        assert f'id="booking-{pk}"' in html
    assert [day["day"] for day in api][:1] == ["2026-11-02"]


def test_a_clash_is_refused_alike(study: Room, resident: Any, client_for: Any) -> None:
    services.booking_request(
        actor=resident, room=study, start=at(5, 14), end=at(5, 16), purpose="读书会"
    )
    response = client_for(resident).post(
        reverse("booking-list"),
        {
            "room": study.pk,
            "start": at(5, 15).isoformat(),
            "end": at(5, 17).isoformat(),
            "purpose": "象棋",
        },
        format="json",
    )
    assert response.status_code == 409
    assert "occurrences.0" in response.json()["error"]["fields"]
    page = Client()
    page.login(username=resident.username, password=PASSWORD)
    answer = page.post(
        f"/rooms/{study.pk}/",
        {
            "day": "2026-11-05",
            "start": "15:00",
            "end": "17:00",
            "purpose": "象棋",
            "weeks": "1",
            "confirm": "1",
        },
        follow=True,
    ).content.decode()
    assert "已被预约" in answer
    assert Booking.objects.filter(purpose="象棋").count() == 0


def test_the_secretary_approves_in_the_api_as_on_the_page(
    dance: Room, resident: Any, secretary: Any, client_for: Any
) -> None:
    body = (
        client_for(resident)
        .post(
            reverse("booking-list"),
            {
                "room": dance.pk,
                "start": at(6, 10).isoformat(),
                "end": at(6, 11).isoformat(),
                "purpose": "编织兴趣班",
                "weeks": 3,
            },
            format="json",
        )
        .json()
    )
    assert [b["status"] for b in body] == ["pending"] * 3
    assert (
        client_for(resident).post(reverse("booking-approve", args=[body[0]["id"]])).status_code
        == 403
    )
    approved = client_for(secretary).post(reverse("booking-approve", args=[body[0]["id"]])).json()
    assert [b["status"] for b in approved] == ["approved"] * 3
    preview = (
        client_for(resident)
        .post(
            reverse("booking-preview"),
            {
                "room": dance.pk,
                "start": at(13, 10, 30).isoformat(),
                "end": at(13, 11, 30).isoformat(),
                "purpose": "书法",
                "weeks": 2,
            },
            format="json",
        )
        .json()
    )
    assert [p["clash"]["purpose"] if p["clash"] else None for p in preview] == [
        "编织兴趣班",
        "编织兴趣班",
    ]
