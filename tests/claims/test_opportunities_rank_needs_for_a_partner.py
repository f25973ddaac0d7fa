"""``GET /api/v1/partners/{code}/opportunities/`` and the page ``/opportunities/``: the
open needs a partner's offerings could serve, each with the score the need's own
ranking gives it; only for the partner's members; no resident's address or phone."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from needs.models import Need
from partners.models import Role
from tests.factories import NeedFactory, user_with_role

pytestmark = pytest.mark.django_db


def url(code: str) -> str:
    return reverse("partner-opportunities", args=[code])


def test_a_partner_sees_the_needs_it_could_serve_scored_as_they_rank_it(
    district: Any, client_for: Any, member: Any, secretary: Any
) -> None:
    body = client_for(member).get(url("P-CLINIC")).json()
    listed = {row["need"]: row for row in body}
    assert "N-BP" in listed
    # The legal need is not a health check; the repair need is not within reach of it.
    assert "N-LAW" not in listed
    assert "N-REPAIR" not in listed
    row = listed["N-BP"]
    assert row["offering"] == "O-HEALTH-S1"
    forward = client_for(secretary).get(reverse("need-matches", args=["N-BP"])).json()
    own = {m["offering"]: m["score"] for m in forward["matches"]}
    assert row["score"] == pytest.approx(own["O-HEALTH-S1"], abs=1e-6)
    assert sum(r["share"] for r in row["reasons"]) == pytest.approx(row["score"], abs=1e-6)
    assert row["community_name"] == "海裕社区"


def test_the_page_lists_the_same_needs_as_the_api(
    district: Any, client_for: Any, client: Any, member: Any
) -> None:
    body = client_for(member).get(url("P-CLINIC")).json()
    client.force_login(member)
    page = client.get("/opportunities/").content.decode()
    for row in body:
        assert f'id="need-{row["need"]}"' in page
    assert 'id="need-N-LAW"' not in page


def test_address_and_phone_of_a_resident_never_reach_an_opportunity(
    district: Any, client_for: Any, client: Any, member: Any
) -> None:
    need = Need.objects.get(code="N-BP")
    need.address = "海裕小区3栋502"
    need.save()
    body = client_for(member).get(url("P-CLINIC")).json()
    assert "海裕小区3栋502" not in str(body)
    client.force_login(member)
    assert "海裕小区3栋502" not in client.get("/opportunities/").content.decode()


def test_needs_filtered_by_category_and_distance(
    district: Any, client_for: Any, member: Any
) -> None:
    api = client_for(member)
    assert [r["need"] for r in api.get(url("P-CLINIC"), {"category": "legal_aid"}).json()] == []
    assert "N-BP" in [
        r["need"] for r in api.get(url("P-CLINIC"), {"category": "health_checkup"}).json()
    ]
    # The clinic and 海裕社区 share coordinates in the fixtures: 0 km apart.
    near = api.get(url("P-CLINIC"), {"max_km": 1}).json()
    assert all(r["km"] is not None and r["km"] <= 1 for r in near)
    bad = api.get(url("P-CLINIC"), {"limit": 0})
    assert bad.status_code == 400
    assert "limit" in bad.json()["error"]["fields"]


def test_only_the_partners_members_see_its_opportunities(
    district: Any, client_for: Any, secretary: Any, client: Any
) -> None:
    lawyer = user_with_role(Role.Kind.PARTNER_MEMBER, partner=district["offerings"]["law"].partner)
    assert client_for(lawyer).get(url("P-CLINIC")).status_code == 403
    assert client_for(secretary).get(url("P-CLINIC")).status_code == 403
    assert client_for(lawyer).get(url("P-NOBODY")).status_code == 404
    client.force_login(secretary)
    assert client.get("/opportunities/").status_code == 404


def test_a_need_opened_after_the_first_look_appears_on_the_next(
    district: Any, client_for: Any, member: Any
) -> None:
    api = client_for(member)
    before = {r["need"] for r in api.get(url("P-CLINIC")).json()}
    NeedFactory.create(
        code="N-BP2",
        community=district["tree"]["C12"],
        title="老人想量血糖",
        description="希望每月有人来给老人测血糖血压",
        category_id="health_checkup",
    )
    after = {r["need"] for r in api.get(url("P-CLINIC")).json()}
    assert after == before | {"N-BP2"}
