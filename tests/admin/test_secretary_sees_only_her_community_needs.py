"""A secretary signed into the admin sees her own community's needs, not her neighbours'."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import Role

pytestmark = pytest.mark.django_db


def test_secretary_need_list_holds_only_her_community(
    client: Client, district: dict[str, Any], staff_with_role: Any
) -> None:
    client.force_login(staff_with_role(Role.Kind.SECRETARY, community=district["C11"]))
    response = client.get(reverse("admin:needs_need_changelist"))
    assert response.status_code == 200
    assert [n.code for n in response.context["cl"].result_list] == ["N-C11"]


def test_secretary_cannot_open_another_community_need(
    client: Client, district: dict[str, Any], staff_with_role: Any
) -> None:
    client.force_login(staff_with_role(Role.Kind.SECRETARY, community=district["C11"]))
    other = district["need_C21"]
    response = client.get(reverse("admin:needs_need_change", args=[other.pk]))
    # The admin answers a row outside the queryset by sending the user back to the index.
    assert response.status_code == 302


def test_street_administrator_sees_every_community_of_the_street(
    client: Client, district: dict[str, Any], staff_with_role: Any
) -> None:
    client.force_login(staff_with_role(Role.Kind.STREET_ADMIN, community=district["S2"]))
    response = client.get(reverse("admin:needs_need_changelist"))
    assert [n.code for n in response.context["cl"].result_list] == ["N-C21"]
