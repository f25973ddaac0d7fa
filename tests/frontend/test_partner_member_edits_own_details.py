"""A partner's members keep its details up to date from its profile; status and home
community stay with the community's administrators."""

import pytest
from django.test import override_settings
from django.urls import reverse

from partners.models import Partner
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "name": "海裕义诊队",
    "description": "每月一次社区义诊。",
    "contact_name": "王医生",
    "phone": "13800138000",
    "address": "海裕社区服务中心二楼",
    "tags": "义诊，老年人、 血压",
}


def test_member_saves_details_and_tags(client, member, partner):
    client.force_login(member)
    response = client.post(reverse("partner-change", args=[partner.code]), DETAILS)
    assert response.status_code == 302
    assert response["Location"] == reverse("partner-page", args=[partner.code])
    partner.refresh_from_db()
    assert partner.name == "海裕义诊队"
    assert partner.description == "每月一次社区义诊。"
    assert (partner.contact_name, partner.phone) == ("王医生", "13800138000")
    assert partner.address == "海裕社区服务中心二楼"
    assert sorted(t.name for t in partner.tags.all()) == ["义诊", "老年人", "血压"]


def test_profile_offers_the_edit_link_to_members_only(client, member, other_secretary, partner):
    edit = reverse("partner-change", args=[partner.code])
    client.force_login(member)
    assert edit in client.get(reverse("partner-page", args=[partner.code])).content.decode()
    client.force_login(other_secretary)
    page = client.get(reverse("partner-page", args=[partner.code]))
    assert edit not in page.content.decode()
    assert client.get(edit).status_code == 404


def test_member_of_another_partner_cannot_edit(client, member, tree):
    other = PartnerFactory.create(code="P-B", community=tree["C11"], name="别家")
    client.force_login(member)
    response = client.post(reverse("partner-change", args=[other.code]), DETAILS)
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "别家"


def test_status_and_community_sent_along_are_ignored(client, member, partner, tree):
    client.force_login(member)
    client.post(
        reverse("partner-change", args=[partner.code]),
        {**DETAILS, "status": "suspended", "community": tree["C21"].pk},
    )
    partner.refresh_from_db()
    assert partner.status == Partner.Status.VERIFIED
    assert partner.community == tree["C11"]


@override_settings(TEXT_MAX_LENGTH=20)
def test_service_refusal_shows_beside_the_field_and_keeps_what_was_typed(client, member, partner):
    client.force_login(member)
    long = "很长的简介" * 10
    response = client.post(
        reverse("partner-change", args=[partner.code]), {**DETAILS, "description": long}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_description_errors"' in body
    assert "at most 20 characters" in body
    for typed in ("海裕义诊队", "王医生", "13800138000", "海裕社区服务中心二楼", long):
        assert typed in body
    partner.refresh_from_db()
    assert partner.name != "海裕义诊队"


def test_blank_name_is_refused_beside_the_name(client, member, partner):
    client.force_login(member)
    response = client.post(reverse("partner-change", args=[partner.code]), {**DETAILS, "name": ""})
    body = response.content.decode()
    assert 'id="id_name_errors"' in body
    assert "王医生" in body
