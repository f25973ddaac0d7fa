import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from partners.models import Offering, Partner, Role

pytestmark = pytest.mark.django_db


def _application(tree, **changes):
    data = {
        "account-username": "haiyu_bakery",
        "account-password1": "Bread-and-butter-2026",
        "account-password2": "Bread-and-butter-2026",
        "partner-name": "海裕烘焙坊",
        "consent": "on",
        "partner-kind": "unit",
        "partner-unit_type": "enterprise",
        "partner-community": tree["C11"].pk,
        "partner-contact_name": "李梅",
        "partner-phone": "13900001111",
        "offering-title": "长者生日蛋糕",
        "offering-category": "elderly_meal",
        "offering-modes": ["at_center"],
        "offering-beneficiaries": ["elderly"],
        "offering-capacity": "10",
        "offering-unit": "item",
        "offering-cost": "free",
    }
    data.update(changes)
    return data


def test_visitor_registers_with_a_first_offering_and_waits_for_review(client, tree):
    response = client.post(reverse("partner-register"), _application(tree))
    partner = Partner.objects.get(name="海裕烘焙坊")
    assert response.status_code == 302
    assert partner.status == Partner.Status.PENDING
    assert Offering.objects.get(partner=partner).capacity == 10
    user = get_user_model().objects.get(username="haiyu_bakery")
    assert Role.objects.filter(user=user, partner=partner, kind="partner_member").exists()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_bad_offering_keeps_everything_typed_and_creates_nothing(client, tree):
    response = client.post(
        reverse("partner-register"), _application(tree, **{"offering-modes": []})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_offering-modes_errors"' in body
    assert 'value="海裕烘焙坊"' in body
    assert not Partner.objects.exists()
    assert not get_user_model().objects.filter(username="haiyu_bakery").exists()


def test_secretary_approves_from_the_queue(client, tree, secretary):
    client.post(reverse("partner-register"), _application(tree))
    partner = Partner.objects.get()
    client.force_login(secretary)
    queue = client.get(reverse("partner-queue")).content.decode()
    assert "海裕烘焙坊" in queue
    client.post(reverse("partner-decide", args=[partner.code]), {"decision": "approve"})
    partner.refresh_from_db()
    assert partner.status == Partner.Status.VERIFIED
    assert partner.status_changed_by == secretary


def test_rejection_needs_a_reason_and_the_applicant_sees_it(client, tree, secretary):
    client.post(reverse("partner-register"), _application(tree))
    applicant = get_user_model().objects.get(username="haiyu_bakery")
    partner = Partner.objects.get()
    client.force_login(secretary)
    url = reverse("partner-decide", args=[partner.code])
    client.post(url, {"decision": "reject", "reason": " "})
    partner.refresh_from_db()
    assert partner.status == Partner.Status.PENDING
    client.post(url, {"decision": "reject", "reason": "请补充营业执照信息"})
    partner.refresh_from_db()
    assert partner.status == Partner.Status.SUSPENDED
    client.force_login(applicant)
    assert "请补充营业执照信息" in client.get(reverse("home")).content.decode()


def test_secretary_of_another_community_cannot_decide(client, tree, other_secretary):
    client.post(reverse("partner-register"), _application(tree))
    partner = Partner.objects.get()
    client.force_login(other_secretary)
    url = reverse("partner-decide", args=[partner.code])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    partner.refresh_from_db()
    assert partner.status == Partner.Status.PENDING


def test_decision_never_sends_the_reviewer_off_site(client, tree, secretary):
    client.post(reverse("partner-register"), _application(tree))
    partner = Partner.objects.get()
    client.force_login(secretary)
    response = client.post(
        reverse("partner-decide", args=[partner.code]),
        {"decision": "approve", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("partner-queue")
