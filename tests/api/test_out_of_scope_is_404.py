"""Records outside one's scope do not exist as far as the API says."""

from typing import Any

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory, NeedFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_secretary_gets_404_for_another_communitys_need(
    tree: Any, client_for: Any, secretary_a: Any
) -> None:
    NeedFactory.create(code="N-B", community=tree["C21"])
    response = client_for(secretary_a).get(reverse("need-detail", args=["N-B"]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_secretary_gets_404_for_another_communitys_pending_partner(
    tree: Any, client_for: Any, secretary_b: Any
) -> None:
    PartnerFactory.create(code="P-PENDING", community=tree["C11"], status="pending")
    response = client_for(secretary_b).get(reverse("partner-detail", args=["P-PENDING"]))
    assert response.status_code == 404


def test_secretary_gets_404_for_another_communitys_meeting(
    tree: Any, client_for: Any, secretary_b: Any
) -> None:
    MeetingFactory.create(code="M-A", community=tree["C11"])
    assert client_for(secretary_b).get(reverse("meeting-detail", args=["M-A"])).status_code == 404


def test_resident_gets_404_for_a_project_not_serving_her(
    tree: Any, client_for: Any, resident: Any
) -> None:
    project = ProjectFactory.create(need=NeedFactory.create(community=tree["C11"]))
    response = client_for(resident).get(reverse("project-detail", args=[project.pk]))
    assert response.status_code == 404


def test_updating_an_invisible_need_is_404_and_changes_nothing(
    tree: Any, client_for: Any, secretary_b: Any
) -> None:
    need = NeedFactory.create(code="N-A", community=tree["C11"], title="原标题")
    response = client_for(secretary_b).patch(
        reverse("need-detail", args=["N-A"]), {"title": "改了"}, format="json"
    )
    assert response.status_code == 404
    need.refresh_from_db()
    assert need.title == "原标题"
