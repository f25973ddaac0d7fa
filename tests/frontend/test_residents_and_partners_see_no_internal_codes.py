"""Residents and partners pick communities by name; the platform's codes for them
(``C11``) are for administrators."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_partner_registration_lists_communities_by_name(client, tree):
    page = client.get(reverse("partner-register")).content.decode()
    assert f">{tree['C11'].name}</option>" in page
    assert f"（{tree['C11'].code}）" not in page


def test_offering_form_lists_the_areas_by_name(client, member, partner, tree):
    client.force_login(member)
    page = client.get(reverse("offering-new", args=[partner.code])).content.decode()
    assert tree["C11"].name in page
    assert f"（{tree['C11'].code}）" not in page


def test_resident_request_form_names_the_community_without_its_code(client, resident, tree):
    client.force_login(resident)
    page = client.get(reverse("request-new")).content.decode()
    assert f"（{tree['C11'].code}）" not in page
