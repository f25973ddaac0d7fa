"""Administrators browse in the admin and verify partners there; they change records
through the API and the pages, where the services hold the rules."""

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from partners.models import Partner, Role

pytestmark = pytest.mark.django_db


def test_demo_secretary_cannot_edit_a_need_in_the_admin(client: Client) -> None:
    call_command("load_demo", stdout=None)
    from django.contrib.auth import get_user_model

    from needs.models import Need

    secretary = get_user_model().objects.get(username="secretary_anshan")
    need = Need.objects.filter(community__code="DEMO-S01-C03").first()
    assert need is not None
    client.force_login(secretary)
    url = reverse("admin:needs_need_change", args=[need.pk])

    response = client.post(url, {"title": "改掉"})

    assert response.status_code == 403
    need.refresh_from_db()
    assert need.title != "改掉"
    assert client.get(url).status_code == 200  # she may still read it


def test_secretary_with_view_rights_runs_the_verify_action(
    client: Client, district: dict[str, Any], staff_with_role: Any
) -> None:
    secretary = staff_with_role(Role.Kind.SECRETARY, community=district["C11"])
    partner = district["partner_C11"]
    Partner.objects.filter(pk=partner.pk).update(status=Partner.Status.PENDING)
    client.force_login(secretary)

    client.post(
        reverse("admin:partners_partner_changelist"),
        {"action": "verify_partners", "_selected_action": [partner.pk]},
    )

    partner.refresh_from_db()
    assert (partner.status, partner.status_changed_by_id) == ("verified", secretary.pk)


def test_projects_are_not_edited_in_the_admin(
    admin_client: Client, district: dict[str, Any]
) -> None:
    from needs.models import Project

    project = Project.objects.first()
    assert project is not None
    url = reverse("admin:needs_project_change", args=[project.pk])

    response = admin_client.post(url, {"status": "evaluated"})

    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status != "evaluated"
