import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_secretary_of_the_home_community_sees_the_phone(client, secretary, partner):
    client.force_login(secretary)
    body = client.get(reverse("partner-page", args=[partner.code])).content.decode()
    assert "13812345678" in body
    assert "王建国" in body


def test_others_see_the_phone_and_name_masked(client, other_secretary, partner):
    client.force_login(other_secretary)
    body = client.get(reverse("partner-page", args=[partner.code])).content.decode()
    assert "13812345678" not in body
    assert "138****5678" in body
    assert "王**" in body
