"""The lifecycle in the admin: a project's page shows its timeline and evaluations;
requests and notifications are listed per scope, read-only, the request's phone masked
for staff who are not the community's administrators."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from needs import services
from needs.models import Notification, Project, ResidentRequest
from partners.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["needs_residentrequest", "needs_notification", "needs_project"])
def test_lists_open_for_superuser(
    model: str, admin_client: Client, district: dict[str, Any]
) -> None:
    url = reverse(f"admin:{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "社区"}).status_code == 200


def test_project_page_shows_its_timeline(
    admin_client: Client, district: dict[str, Any], staff_with_role: Any
) -> None:
    secretary = staff_with_role(Role.Kind.SECRETARY, community=district["C11"])
    project = Project.objects.get(need=district["need_C11"])
    Project.objects.filter(pk=project.pk).update(status="proposed")
    services.project_dispatch(actor=secretary, project=project)
    response = admin_client.get(reverse("admin:needs_project_change", args=[project.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "项目进程" in page
    assert "dispatched" in page


def test_requests_and_their_phones_are_listed_only_within_scope(
    client: Client, district: dict[str, Any], staff_with_role: Any
) -> None:
    ResidentRequest.objects.create(community=district["C11"], text="修水管", phone="13900001111")
    ResidentRequest.objects.create(community=district["C21"], text="修电灯", phone="13900002222")
    client.force_login(staff_with_role(Role.Kind.STREET_ADMIN, community=district["S1"]))
    page = client.get(reverse("admin:needs_residentrequest_changelist")).content.decode()
    assert "13900001111" in page  # the street administers the community
    assert "修电灯" not in page  # another street's request is not listed
    client.force_login(staff_with_role(Role.Kind.SECRETARY, community=district["C21"]))
    page = client.get(reverse("admin:needs_residentrequest_changelist")).content.decode()
    assert "13900002222" in page
    assert "13900001111" not in page


def test_staff_see_only_their_own_notifications(
    client: Client, district: dict[str, Any], staff_with_role: Any
) -> None:
    mine = staff_with_role(Role.Kind.SECRETARY, community=district["C11"])
    other = staff_with_role(Role.Kind.SECRETARY, community=district["C21"])
    Notification.objects.create(recipient=mine, kind="accepted", text="甲已接单")
    Notification.objects.create(recipient=other, kind="accepted", text="乙已接单")
    client.force_login(mine)
    page = client.get(reverse("admin:needs_notification_changelist")).content.decode()
    assert "甲已接单" in page
    assert "乙已接单" not in page
