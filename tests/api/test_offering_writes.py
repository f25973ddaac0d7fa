"""A partner's members keep its offerings through the API."""

from typing import Any

import pytest
from django.urls import reverse

from partners.models import Offering
from tests.factories import OfferingFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db

BODY = {
    "code": "O-NEW",
    "partner": "P-A",
    "title": "长者义剪",
    "category": "haircut",
    "tags": ["义剪"],
    "modes": ["at_center", "home_visit"],
    "service_area": {"communities": ["BA-S1-C2", "BA-S1-C1"]},
    "beneficiaries": ["elderly"],
    "capacity": 12,
    "unit": "person",
    "availability": [{"weekday": 6, "start": "09:00", "end": "11:30"}],
    "valid_from": "2026-01-01",
    "valid_until": "2026-12-31",
    "cost": "free",
}


def test_member_creates_an_offering_with_its_service_area_in_order(
    client_for: Any, member_a: Any
) -> None:
    response = client_for(member_a).post(reverse("offering-list"), BODY, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["service_area"] == {"communities": ["BA-S1-C2", "BA-S1-C1"]}
    offering = Offering.objects.get(code="O-NEW")
    assert [r.community.code for r in offering.area_rows.order_by("position")] == [
        "BA-S1-C2",
        "BA-S1-C1",
    ]
    assert offering.availability == BODY["availability"]
    assert list(offering.tags.names()) == ["义剪"]


def test_member_switches_an_offering_to_a_radius(
    client_for: Any, partner_a: Any, member_a: Any
) -> None:
    OfferingFactory.create(code="O-1", partner=partner_a)
    response = client_for(member_a).patch(
        reverse("offering-detail", args=["O-1"]),
        {"service_area": {"radius_km": 3}, "capacity": 0},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["service_area"] == {"radius_km": 3.0}
    offering = Offering.objects.get(code="O-1")
    assert (offering.area_radius_km, offering.capacity) == (3.0, 0)
    assert not offering.area_rows.exists()


def test_member_removes_an_offering(client_for: Any, partner_a: Any, member_a: Any) -> None:
    OfferingFactory.create(code="O-1", partner=partner_a)
    response = client_for(member_a).delete(reverse("offering-detail", args=["O-1"]))
    assert response.status_code == 204
    assert not Offering.objects.filter(code="O-1").exists()


def test_an_offering_with_projects_cannot_be_removed(
    client_for: Any, partner_a: Any, member_a: Any
) -> None:
    ProjectFactory.create(offering=OfferingFactory.create(code="O-1", partner=partner_a))
    response = client_for(member_a).delete(reverse("offering-detail", args=["O-1"]))
    assert response.status_code == 409
    assert Offering.objects.filter(code="O-1").exists()


def test_member_cannot_add_offerings_to_another_partner(
    tree: Any, client_for: Any, member_a: Any
) -> None:
    PartnerFactory.create(code="P-OTHER", community=tree["C21"])
    response = client_for(member_a).post(
        reverse("offering-list"), {**BODY, "partner": "P-OTHER"}, format="json"
    )
    assert response.status_code == 403
    assert not Offering.objects.filter(code="O-NEW").exists()


def test_member_cannot_change_another_partners_offering(
    tree: Any, client_for: Any, member_a: Any
) -> None:
    OfferingFactory.create(code="O-2", partner=PartnerFactory.create(community=tree["C21"]))
    response = client_for(member_a).patch(
        reverse("offering-detail", args=["O-2"]), {"capacity": 1}, format="json"
    )
    assert response.status_code == 403


def test_offering_without_service_area_serves_its_partners_community(
    client_for: Any, member_a: Any
) -> None:
    body = {k: v for k, v in BODY.items() if k != "service_area"}
    response = client_for(member_a).post(reverse("offering-list"), body, format="json")
    assert response.status_code == 201
    assert response.json()["service_area"] == {"communities": ["BA-S1-C1"]}
