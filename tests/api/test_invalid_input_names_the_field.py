"""Invalid input answers 400 in the one error shape, naming the field, and writes nothing."""

from typing import Any

import pytest
from django.urls import reverse

from needs.models import Need
from partners.models import Offering

pytestmark = pytest.mark.django_db

OFFERING = {
    "partner": "P-A",
    "title": "长者义剪",
    "modes": ["at_center"],
    "capacity": 4,
}
NEED = {
    "community": "BA-S1-C1",
    "title": "想学用智能手机",
    "window": {"start": "2026-10-01", "end": "2026-12-31"},
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "no_such_category"}, "category"),
        (
            {"availability": [{"weekday": 1, "start": "25:00", "end": "26:00"}]},
            "availability[0].start",
        ),
        ({"capacity": -1}, "capacity"),
        ({"capacity": "many"}, "capacity"),
        ({"modes": ["by_pigeon"]}, "modes[0]"),
        ({"modes": []}, "modes"),
        ({"service_area": {"communities": ["NOPE"]}}, "service_area.communities[0]"),
        ({"service_area": {"radius_km": -2}}, "service_area.radius_km"),
        ({"service_area": "everywhere"}, "service_area"),
        ({"valid_from": "2026-06-01", "valid_until": "2026-05-01"}, "valid_until"),
        ({"beneficiaries": ["martians"]}, "beneficiaries[0]"),
        ({"partner": "NOPE"}, "partner"),
        ({"tags": "not-a-list"}, "tags"),
    ],
)
def test_bad_offering_is_refused_naming_the_field(
    client_for: Any, member_a: Any, change: Any, field: Any
) -> None:
    response = client_for(member_a).post(
        reverse("offering-list"), {**OFFERING, **change}, format="json"
    )
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert not Offering.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"window": {"start": "2026-10-01", "end": "2026-09-01"}}, "window.end"),
        ({"window": {"start": "soon", "end": "2026-09-01"}}, "window.start"),
        ({"community": "NOPE"}, "community"),
        ({"community": "BA-S1"}, "community"),
        ({"quantity": 0}, "quantity"),
        ({"category": "no_such_category"}, "category"),
        (
            {"preferred_slots": [{"weekday": 8, "start": "09:00", "end": "10:00"}]},
            "preferred_slots[0].weekday",
        ),
        (
            {"preferred_slots": [{"weekday": 1, "start": "10:00", "end": "09:00"}]},
            "preferred_slots[0].end",
        ),
        ({"priority": "whenever"}, "priority"),
        ({"meeting": "NOPE"}, "meeting"),
        ({"title": ""}, "title"),
        ({"quantity": "two"}, "quantity"),
        ({"window": "next month"}, "window.non_field_errors"),
    ],
)
def test_bad_need_is_refused_naming_the_field(
    client_for: Any, secretary_a: Any, change: Any, field: Any
) -> None:
    response = client_for(secretary_a).post(reverse("need-list"), {**NEED, **change}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["error"]["fields"], response.json()
    assert not Need.objects.exists()


def test_used_code_is_refused(tree: Any, client_for: Any, secretary_a: Any) -> None:
    client_for(secretary_a).post(reverse("need-list"), {**NEED, "code": "N-1"}, format="json")
    response = client_for(secretary_a).post(
        reverse("need-list"), {**NEED, "code": "N-1"}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.json()["error"]["fields"]
    assert Need.objects.count() == 1


def test_unit_type_on_a_social_organisation_is_refused(
    tree: Any, client_for: Any, secretary_a: Any
) -> None:
    response = client_for(secretary_a).post(
        reverse("partner-list"),
        {"name": "某协会", "kind": "social_org", "unit_type": "school", "community": "BA-S1-C1"},
        format="json",
    )
    assert response.status_code == 400
    assert "unit_type" in response.json()["error"]["fields"]


def test_body_that_is_not_an_object_is_400(client_for: Any, secretary_a: Any) -> None:
    response = client_for(secretary_a).post(reverse("need-list"), [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
