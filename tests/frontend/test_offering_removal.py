"""A partner's members (or its community's administrators) remove an offering after
confirming; one that projects use is kept, with a message saying why."""

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import Offering
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_get_asks_for_confirmation_and_removes_nothing(client, member, offering):
    client.force_login(member)
    response = client.get(reverse("offering-remove", args=[offering.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert offering.title in body
    assert 'method="post"' in body
    assert "csrfmiddlewaretoken" in body
    assert Offering.objects.filter(pk=offering.pk).exists()


def test_member_removes_an_unused_offering(client, member, partner, offering):
    client.force_login(member)
    response = client.post(reverse("offering-remove", args=[offering.code]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("partner-page", args=[partner.code])
    assert not Offering.objects.filter(pk=offering.pk).exists()
    assert "已删除服务资源" in response.content.decode()


def test_street_administrator_may_remove_too(client, street_admin, offering):
    client.force_login(street_admin)
    client.post(reverse("offering-remove", args=[offering.code]))
    assert not Offering.objects.filter(pk=offering.pk).exists()


def test_offering_used_by_a_project_is_kept_with_a_clear_message(client, member, need, offering):
    ProjectFactory.create(need=need, offering=offering)
    client.force_login(member)
    response = client.post(reverse("offering-remove", args=[offering.code]), follow=True)
    assert Offering.objects.filter(pk=offering.pk).exists()
    body = response.content.decode()
    assert "已有项目使用，不能删除" in body


def test_someone_outside_cannot_remove(client, other_secretary, offering):
    client.force_login(other_secretary)
    response = client.post(reverse("offering-remove", args=[offering.code]))
    assert response.status_code == 404
    assert Offering.objects.filter(pk=offering.pk).exists()


def test_removal_requires_the_csrf_token(member, offering):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("offering-remove", args=[offering.code]))
    assert response.status_code == 403
    assert Offering.objects.filter(pk=offering.pk).exists()
