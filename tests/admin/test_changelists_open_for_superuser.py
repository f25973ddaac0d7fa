"""Every model's admin list, search and street filter open for a superuser."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = [
    "partners_community",
    "partners_category",
    "partners_beneficiarygroup",
    "partners_deliverymode",
    "partners_partner",
    "partners_offering",
    "partners_role",
    "needs_liaisonmeeting",
    "needs_need",
    "needs_project",
    "centres_room",
    "centres_booking",
]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_opens(model: str, admin_client: Client, district: dict[str, Any]) -> None:
    url = reverse(f"admin:{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "社区"}).status_code == 200


@pytest.mark.parametrize(
    "model", [m for m in MODELS if m not in ("needs_project", "centres_booking")]
)
def test_add_form_opens(model: str, admin_client: Client, district: dict[str, Any]) -> None:
    assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 200


@pytest.mark.parametrize(
    ("model", "code"),
    [("partners_partner", "P-C11"), ("partners_offering", "O-C11"), ("needs_need", "N-C11")],
)
def test_street_filter_keeps_the_street(
    model: str, code: str, admin_client: Client, district: dict[str, Any]
) -> None:
    response = admin_client.get(reverse(f"admin:{model}_changelist"), {"street": "BA-S1"})
    assert response.status_code == 200
    listed = {str(obj.code) for obj in response.context["cl"].result_list}
    assert listed == {code}


def test_change_forms_open_with_inlines(admin_client: Client, district: dict[str, Any]) -> None:
    offering = district["partner_C11"].offerings.get()
    meeting = district["need_C11"].community.meetings.get()
    for name, pk in (("partners_offering", offering.pk), ("needs_liaisonmeeting", meeting.pk)):
        response = admin_client.get(reverse(f"admin:{name}_change", args=[pk]))
        assert response.status_code == 200
