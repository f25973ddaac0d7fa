"""认领 through ``POST /api/v1/needs/{code}/claim/`` and the pages: the claim holds its
units, the community hears of it and confirms or declines it; the resident then hears
who will come. Both faces call the same service."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from needs.models import DeadlinePolicy, Need, Notification, Project, ResidentRequest
from needs.selectors import request_progress
from partners.models import Offering, Role
from tests.factories import NeedFactory, PartnerFactory, user_with_role

pytestmark = pytest.mark.django_db


def claim(api: Any, need: str = "N-BP", **body: Any) -> Any:
    body.setdefault("offering", "O-HEALTH-S1")
    return api.post(reverse("need-claim", args=[need]), body, format="json")


def test_a_claim_waits_for_the_community_and_holds_its_units(
    district: Any, client_for: Any, member: Any, secretary: Any
) -> None:
    response = claim(client_for(member), note="每月第一个周六上午可以来")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "claimed"
    assert body["claim_note"] == "每月第一个周六上午可以来"
    assert body["answer_by"] is not None
    need = Need.objects.get(code="N-BP")
    assert need.status == Need.Status.OPEN  # a claim is not yet work handed over
    told = Notification.objects.get(recipient=secretary, kind="claimed")
    assert "海裕社康中心" in told.text
    assert "老人想测血压" in told.text
    # The units are held: the offering has 4, one is claimed.
    offering = Offering.objects.get(code="O-HEALTH-S1")
    assert (
        offering.capacity
        - sum(p.quantity for p in Project.objects.filter(offering=offering, status="claimed"))
        == 3
    )
    # The need no longer appears among the partner's opportunities.
    listed = client_for(member).get(reverse("partner-opportunities", args=["P-CLINIC"])).json()
    assert "N-BP" not in [row["need"] for row in listed]


def test_one_live_claim_per_partner_and_need(district: Any, client_for: Any, member: Any) -> None:
    assert claim(client_for(member)).status_code == 201
    again = claim(client_for(member))
    assert again.status_code == 409
    assert "已认领" in again.json()["error"]["message"]


def test_an_offering_outside_the_needs_area_cannot_claim_it(
    district: Any, client_for: Any, member: Any
) -> None:
    # The clinic serves 新安街道; N-LAW is in 九围社区 of 西乡街道.
    refused = claim(client_for(member), need="N-LAW")
    assert refused.status_code == 409
    assert refused.json()["error"]["fields"]["offering"] == ["area"]
    assert "服务范围" in refused.json()["error"]["message"]


def test_a_need_whose_window_is_over_cannot_be_claimed(
    district: Any, client: Any, client_for: Any, member: Any
) -> None:
    # Opportunities list only needs whose window is not over; a claim asks the same.
    Need.objects.filter(code="N-BP").update(window_end=dt.date(2026, 11, 1))  # yesterday
    refused = claim(client_for(member))
    assert refused.status_code == 409
    assert refused.json()["error"]["fields"] == {"need": ["window over"]}
    assert "2026-11-01 结束" in refused.json()["error"]["message"]
    client.force_login(member)
    page = client.post("/opportunities/N-BP/claim/", {"offering": "O-HEALTH-S1"}, follow=True)
    assert "2026-11-01 结束，不能认领" in page.content.decode()
    assert not Project.objects.filter(status="claimed").exists()


def test_only_members_claim_with_their_partners_offering(
    district: Any, client_for: Any, secretary: Any
) -> None:
    stranger = user_with_role(Role.Kind.PARTNER_MEMBER, partner=PartnerFactory.create())
    refused = claim(client_for(stranger))
    assert refused.status_code == 400
    assert "offering" in refused.json()["error"]["fields"]
    assert claim(client_for(secretary)).status_code == 403
    assert not Project.objects.filter(status="claimed").exists()


def test_bad_quantity_is_named(district: Any, client_for: Any, member: Any) -> None:
    refused = claim(client_for(member), quantity=5)
    assert refused.status_code == 400
    assert "quantity" in refused.json()["error"]["fields"]


def test_the_community_confirms_and_the_resident_hears_who_will_come(
    district: Any, client_for: Any, member: Any, secretary: Any
) -> None:
    resident = user_with_role(Role.Kind.RESIDENT, community=district["tree"]["C11"])
    need = Need.objects.get(code="N-BP")
    need.request = ResidentRequest.objects.create(
        community=need.community, resident=resident, text="家里老人想测血压"
    )
    need.request.status = ResidentRequest.Status.CONVERTED
    need.request.save()
    need.save()
    project_id = claim(client_for(member)).json()["id"]
    confirmed = client_for(secretary).post(reverse("project-confirm", args=[project_id]))
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["status"] == "accepted"
    need.refresh_from_db()
    assert need.status == Need.Status.MATCHED
    assert need.responded_at is not None
    assert Notification.objects.filter(recipient=member, kind="claim_confirmed").exists()
    # The secretary's notice of the claim is settled.
    assert not Notification.objects.filter(recipient=secretary, kind="claimed", read_at=None)
    request = ResidentRequest.objects.prefetch_related("need__projects").get(pk=need.request.pk)
    assert "海裕社康中心" in request_progress(request)


def test_the_community_declines_with_a_reason_and_the_units_come_back(
    district: Any, client_for: Any, member: Any, secretary: Any
) -> None:
    project_id = claim(client_for(member)).json()["id"]
    api = client_for(secretary)
    no_reason = api.post(reverse("project-refuse", args=[project_id]), {}, format="json")
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["error"]["fields"]
    refused = api.post(
        reverse("project-refuse", args=[project_id]), {"reason": "已有志愿者承接"}, format="json"
    )
    assert refused.status_code == 200
    assert refused.json()["status"] == "declined"
    assert Notification.objects.filter(recipient=member, kind="claim_declined").exists()
    # The need is the partner's to claim again.
    assert claim(client_for(member)).status_code == 201


def test_the_partner_withdraws_its_claim(
    district: Any, client_for: Any, member: Any, secretary: Any
) -> None:
    project_id = claim(client_for(member)).json()["id"]
    # The community cannot withdraw it; the partner cannot confirm it.
    assert (
        client_for(secretary).post(reverse("project-withdraw", args=[project_id])).status_code
        == 403
    )
    assert client_for(member).post(reverse("project-confirm", args=[project_id])).status_code == 403
    done = client_for(member).post(reverse("project-withdraw", args=[project_id]))
    assert done.status_code == 200
    assert done.json()["status"] == "cancelled"


def test_confirming_one_claim_declines_the_others_once_the_need_is_served(
    district: Any, client_for: Any, member: Any, secretary: Any
) -> None:
    other = PartnerFactory.create(
        code="P-NURSE", name="灵芝护理站", community=district["tree"]["C12"]
    )
    from tests.factories import OfferingFactory
    from tests.matching.conftest import serve

    serve(
        OfferingFactory.create(
            code="O-NURSE", partner=other, title="上门测血压", category_id="health_checkup"
        ),
        district["tree"]["S1"],
    )
    nurse = user_with_role(Role.Kind.PARTNER_MEMBER, partner=other)
    first = claim(client_for(member)).json()["id"]
    second = claim(client_for(nurse), offering="O-NURSE").json()["id"]
    # The secretary sees both claims to choose between.
    waiting = client_for(secretary).get(reverse("project-list"), {"status": "claimed"}).json()
    assert {row["id"] for row in waiting["results"]} == {first, second}
    client_for(secretary).post(reverse("project-confirm", args=[second]))
    assert Project.objects.get(pk=first).status == "declined"
    assert Notification.objects.filter(recipient=member, kind="claim_declined").exists()
    late = client_for(secretary).post(reverse("project-confirm", args=[first]))
    assert late.status_code == 409


def test_a_small_wish_is_confirmed_on_claim_where_the_district_says_so(
    district: Any, client_for: Any, member: Any, secretary: Any
) -> None:
    DeadlinePolicy.objects.create(
        district=district["tree"]["BA"], rules=[], wishes_confirm_on_claim=True
    )
    wish = NeedFactory.create(
        code="N-WISH",
        community=district["tree"]["C11"],
        title="独居老人想量量血压",
        description="老人行动不便，希望有人来测血压",
        category_id="health_checkup",
        source=Need.Source.RESIDENT,
        quantity=1,
    )
    body = claim(client_for(member), need="N-WISH").json()
    assert body["status"] == "accepted"
    wish.refresh_from_db()
    assert wish.status == Need.Status.MATCHED
    told = Notification.objects.get(recipient=secretary, kind="claimed")
    assert "已按区里的规则确认" in told.text
    # The need N-BP is no small wish (a survey's), so it still waits.
    assert claim(client_for(member)).json()["status"] == "claimed"


def test_the_page_claims_through_the_same_service(
    district: Any, client: Any, member: Any, secretary: Any
) -> None:
    client.force_login(member)
    response = client.post(
        "/opportunities/N-BP/claim/", {"offering": "O-HEALTH-S1", "quantity": "1", "note": "周六"}
    )
    project = Project.objects.get(need__code="N-BP", status="claimed")
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.pk}/"
    assert project.claim_note == "周六"
    again = client.post("/opportunities/N-BP/claim/", {"offering": "O-HEALTH-S1"}, follow=True)
    assert "已认领" in again.content.decode()
    client.force_login(secretary)
    home = client.get("/").content.decode()
    assert "待确认的认领" in home
    assert f"/projects/{project.pk}/confirm/" in home
    client.post(f"/projects/{project.pk}/confirm/")
    project.refresh_from_db()
    assert project.status == "accepted"


def test_a_claim_left_unanswered_is_reported_to_the_street_once(
    district: Any, client_for: Any, member: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    from needs.services.deadlines import overdue_escalate

    street = user_with_role(Role.Kind.STREET_ADMIN, community=district["tree"]["S1"])
    project_id = claim(client_for(member)).json()["id"]
    assert overdue_escalate() == 0
    later = timezone.now() + dt.timedelta(days=10)
    assert overdue_escalate(now=later) >= 1
    assert overdue_escalate(now=later) == 0
    notice = Notification.objects.get(recipient=street, kind="overdue", project_id=project_id)
    assert "超过确认时限" in notice.text
