"""The reading evidence is seen within one's area: a district's administrators see all
of it and may deactivate it; a street's administrators and secretaries see what their
needs taught, and may not deactivate; partners see none."""

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from matching.models import ReadingExample
from partners.models import Role
from tests.factories import PASSWORD, CommunityFactory, NeedFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(district: Any) -> dict[str, ReadingExample]:
    other = CommunityFactory.create(code="LG", name="龙岗区", level="district", parent=None)
    street = CommunityFactory.create(code="LG-S1", name="布吉街道", level="street", parent=other)
    far = CommunityFactory.create(code="LG-S1-C1", name="布吉社区", parent=street)

    def example(need: Any, where: Any) -> ReadingExample:
        return ReadingExample.objects.create(
            district=where,
            text=need.title,
            category_id="home_repair",
            weight=1.0,
            source="corrected",
            need=need,
        )

    return {
        "C12": example(district["needs"]["repair"], district["tree"]["BA"]),
        "C21": example(district["needs"]["law"], district["tree"]["BA"]),
        "LG": example(NeedFactory.create(community=far, title="楼道灯坏了"), other),
    }


def _client(user: Any) -> Client:
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(codename="view_readingexample"))
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _shown(client: Client) -> set[int]:
    response = client.get(reverse("admin:matching_readingexample_changelist"))
    assert response.status_code == 200
    return {e.pk for e in response.context["cl"].queryset}


def test_district_administrator_sees_her_districts_evidence(
    district: Any, evidence: dict[str, ReadingExample]
) -> None:
    admin = user_with_role(Role.Kind.DISTRICT_ADMIN, community=district["tree"]["BA"])
    assert _shown(_client(admin)) == {evidence["C12"].pk, evidence["C21"].pk}


def test_street_administrator_sees_what_her_streets_needs_taught(
    district: Any, evidence: dict[str, ReadingExample]
) -> None:
    street = user_with_role(Role.Kind.STREET_ADMIN, community=district["tree"]["S1"])
    assert _shown(_client(street)) == {evidence["C12"].pk}


def test_partner_member_sees_no_evidence(
    district: Any, evidence: dict[str, ReadingExample]
) -> None:
    member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=district["clinic"])
    assert _shown(_client(member)) == set()


def test_only_the_districts_administrator_deactivates_from_the_admin(
    district: Any, evidence: dict[str, ReadingExample]
) -> None:
    url = reverse("admin:matching_readingexample_changelist")
    chosen = {"action": "deactivate", "_selected_action": [evidence["C12"].pk]}
    street = user_with_role(Role.Kind.STREET_ADMIN, community=district["tree"]["S1"])
    _client(street).post(url, chosen)
    assert ReadingExample.objects.get(pk=evidence["C12"].pk).active

    admin = user_with_role(Role.Kind.DISTRICT_ADMIN, community=district["tree"]["BA"])
    _client(admin).post(url, chosen)

    example = ReadingExample.objects.get(pk=evidence["C12"].pk)
    assert (example.active, example.deactivated_by_id) == (False, admin.pk)
