"""A partner's contact is one presenter's answer on the page, in the API and in the
admin: a resident partner's home is shown as her community's name to those not
entitled, the same on every face, and as stored to those entitled."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from partners.models import Partner
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbour(tree):
    """王师傅, a skilled resident listing her own services from her home in 海裕社区."""
    return PartnerFactory.create(
        code="P-WANG",
        kind=Partner.Kind.RESIDENT,
        community=tree["C11"],
        address="海裕社区3栋502",
        contact_name="王秀英",
        phone="13812345678",
    )


def _faces(client, user, partner):
    api = APIClient()
    api.force_authenticate(user)
    shown = api.get(f"/api/v1/partners/{partner.code}/").json()
    client.force_login(user)
    page = client.get(reverse("partner-page", args=[partner.code])).content.decode()
    return shown, page


def test_not_entitled_sees_the_community_not_the_home_on_both_faces(
    client, other_secretary, neighbour
):
    shown, page = _faces(client, other_secretary, neighbour)
    assert shown["address"] == neighbour.community.name
    assert shown["phone"] == "138****5678"
    assert "海裕社区3栋502" not in page
    assert "13812345678" not in page
    assert f"<dd>{neighbour.community.name}</dd>" in page
    assert "138****5678" in page


def test_entitled_sees_the_home_on_both_faces(client, secretary, neighbour):
    shown, page = _faces(client, secretary, neighbour)
    assert shown["address"] == "海裕社区3栋502"
    assert "海裕社区3栋502" in page
    assert "13812345678" in page
