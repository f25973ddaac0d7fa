"""Dates are within the years a quarter may name (2000 to 2100): a need's window ending
9999-12-31 was accepted, and had no quarter after it to plan in."""

from typing import Any

import pytest
from django.urls import reverse

from needs.models import LiaisonMeeting, Need
from tests.api.test_need_writes import BODY as NEED
from tests.api.test_offering_writes import BODY as OFFERING

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("window", "field"),
    [
        ({"start": "2026-10-01", "end": "9999-12-31"}, "window.end"),
        ({"start": "0001-01-01", "end": "2026-10-31"}, "window.start"),
    ],
)
def test_a_need_window_outside_the_years_is_refused(
    client_for: Any, resident: Any, window: dict[str, str], field: str
) -> None:
    response = client_for(resident).post(
        reverse("need-list"), {**NEED, "window": window}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Need.objects.exists()


def test_an_offering_valid_until_9999_is_refused(
    client_for: Any, partner_a: Any, member_a: Any
) -> None:
    response = client_for(member_a).post(
        reverse("offering-list"), {**OFFERING, "valid_until": "9999-12-31"}, format="json"
    )
    assert response.status_code == 400
    assert "valid_until" in response.json()["error"]["fields"]


def test_a_meeting_in_year_9999_is_refused(client_for: Any, secretary_a: Any) -> None:
    response = client_for(secretary_a).post(
        reverse("meeting-list"),
        {"community": "BA-S1-C1", "date": "9999-12-31", "title": "联席会"},
        format="json",
    )
    assert response.status_code == 400
    assert "date" in response.json()["error"]["fields"]
    assert not LiaisonMeeting.objects.exists()
