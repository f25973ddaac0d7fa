"""A dispatched partner sees what it takes to do the work, on the page and in the API;
another partner, or one whose work was declined, sees none of it; the resident's phone
reaches the partner only when she agreed."""

from typing import Any

from django.test import Client
from django.urls import reverse

from needs import services
from needs.models import Project, ResidentRequest
from tests.factories import PASSWORD


def page(user: Any, project: Project) -> str:
    browser = Client()
    browser.login(username=user.username, password=PASSWORD)
    response = browser.get(reverse("project-page", args=[project.pk]))
    return response.content.decode() if response.status_code == 200 else ""


def test_the_partner_member_sees_the_work_on_both_faces(
    dispatched: Project, member: Any, client_for: Any
) -> None:
    work = client_for(member).get(reverse("project-detail", args=[dispatched.pk])).json()["work"]
    shown = page(member, dispatched)

    assert work == {
        "description": "厨房水龙头一直滴水",
        "community": "海裕社区",
        "address": "3栋2单元502",
        "contact_name": "张书记",
        "contact_phone": "13800138000",
        "resident_phone": "13912345678",
        "note": "老人耳背，请多敲门",
    }
    for text in work.values():
        assert text in shown


def test_without_her_consent_the_resident_s_phone_stays_with_the_community(
    dispatched: Project, member: Any, secretary: Any, client_for: Any
) -> None:
    ResidentRequest.objects.update(share_phone=False)

    for_partner = client_for(member).get(reverse("project-detail", args=[dispatched.pk])).json()
    for_community = (
        client_for(secretary).get(reverse("project-detail", args=[dispatched.pk])).json()
    )

    assert for_partner["work"]["resident_phone"] == ""
    assert "13912345678" not in page(member, dispatched)
    assert for_community["work"]["resident_phone"] == "13912345678"


def test_another_partner_and_a_declined_one_see_nothing(
    dispatched: Project, member: Any, stranger: Any, client_for: Any
) -> None:
    other = client_for(stranger).get(reverse("project-detail", args=[dispatched.pk]))
    services.project_decline(actor=member, project=dispatched, reason="本周人手不够")
    after = client_for(member).get(reverse("project-detail", args=[dispatched.pk])).json()

    assert other.status_code == 404
    assert page(stranger, dispatched) == ""
    assert after["work"] is None
    shown = page(member, dispatched)
    assert "3栋2单元502" not in shown
    assert "13912345678" not in shown


def test_the_note_can_be_sent_with_a_single_dispatch_through_the_api(
    secretary: Any, make_project: Any, client_for: Any
) -> None:
    project = make_project()

    response = client_for(secretary).post(
        reverse("project-dispatch", args=[project.pk]), {"note": "周六上午"}, format="json"
    )
    too_long = make_project()
    refused = client_for(secretary).post(
        reverse("project-dispatch", args=[too_long.pk]), {"note": "长" * 501}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["work"]["note"] == "周六上午"
    assert refused.status_code == 400
    too_long.refresh_from_db()
    assert too_long.status == "proposed"
