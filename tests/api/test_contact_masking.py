"""Contact details are personal data: shown to the partner's administrators and members only."""

from typing import Any

import pytest
from django.urls import reverse

from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident_partner(tree: Any) -> Any:
    return PartnerFactory.create(
        code="P-R",
        kind="resident",
        community=tree["C11"],
        contact_name="王建国",
        phone="13812345678",
        address="海裕小区3栋502",
        lat=22.5555,
        lng=113.8888,
    )


def test_secretary_of_another_community_sees_masked_contact(
    resident_partner: Any, client_for: Any, secretary_b: Any
) -> None:
    data = client_for(secretary_b).get(reverse("partner-detail", args=["P-R"])).json()
    assert data["contact_name"] == "王**"
    assert data["phone"] == "138****5678"
    assert data["address"] == "海裕社区"
    assert (data["lat"], data["lng"]) == (22.6, 113.9)


def test_own_secretary_sees_contact_in_full(
    resident_partner: Any, client_for: Any, secretary_a: Any
) -> None:
    data = client_for(secretary_a).get(reverse("partner-detail", args=["P-R"])).json()
    assert (data["contact_name"], data["phone"]) == ("王建国", "13812345678")
    assert data["address"] == "海裕小区3栋502"


def test_member_sees_its_own_contact_in_full(
    client_for: Any, partner_a: Any, member_a: Any
) -> None:
    data = client_for(member_a).get(reverse("partner-detail", args=["P-A"])).json()
    assert data["phone"] == "13812345678"


def test_unit_address_is_public_but_phone_is_masked_in_lists(
    tree: Any, client_for: Any, resident: Any
) -> None:
    PartnerFactory.create(code="P-U", kind="unit", community=tree["C21"], address="西乡大道1号")
    row = client_for(resident).get(reverse("partner-list")).json()["results"][0]
    assert (row["address"], row["phone"]) == ("西乡大道1号", "138****5678")
