import pytest
from django.urls import reverse

from needs.models import Project
from partners.models import Role
from tests.factories import ProjectFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_secretary_home_lists_unserved_needs_and_pending_partners(client, secretary, need):
    client.force_login(secretary)
    body = client.get(reverse("home")).content.decode()
    assert need.title in body
    assert "待审核的合伙人" in body
    assert "下一次联席会" in body


def test_partner_home_offers_dispatched_work_and_capacity_left(client, member, need, offering):
    ProjectFactory.create(need=need, offering=offering, status=Project.Status.DISPATCHED)
    ProjectFactory.create(
        need__code="N-OTHER",
        need__community=need.community,
        offering=offering,
        quantity=3,
        status=Project.Status.ACCEPTED,
    )
    client.force_login(member)
    body = client.get(reverse("home")).content.decode()
    assert "待接单" in body
    assert need.title in body
    assert "剩 1 / 4" in body  # 4 a quarter, 3 accepted


def test_street_admin_home_shows_each_community_and_its_unserved_needs(client, street_admin, need):
    client.force_login(street_admin)
    body = client.get(reverse("home")).content.decode()
    assert "各社区概况" in body
    assert "海裕社区" in body
    assert "灵芝社区" in body
    assert "九围社区" not in body  # another street's


def test_user_without_role_is_pointed_to_the_partner_application(client, tree):
    user = user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
    Role.objects.filter(user=user).delete()
    client.force_login(user)
    assert reverse("partner-register") in client.get(reverse("home")).content.decode()


def test_chinese_even_when_the_browser_asks_for_english(client, secretary):
    client.force_login(secretary)
    body = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-Hans"' in body
    assert "需求清单" in body
