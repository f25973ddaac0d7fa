"""The 合伙人网络 page: the drawing and the three tables, for the area's administrators."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.index import current_index
from tests.factories import (
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
    user_with_role,
)
from tests.insights.network_data import build, fresh_index, serve  # noqa: F401 - a fixture

URL = reverse("insights-network-page")


@pytest.fixture
def tree(db: None, fresh_index: None) -> dict[str, Any]:  # noqa: F811 - the fixture
    return build()


def page(client: Client, user: Any, **query: Any) -> Any:
    client.force_login(user)
    return client.get(URL, {"quarter": "2026Q4", **query})


def test_a_street_administrator_sees_the_streets_network_drawn(client, tree):
    admin = user_with_role("street_admin", community=tree["S1"])
    response = page(client, admin)
    assert response.status_code == 200
    body = response.content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    # Both communities of 新安街道, labelled; 九围社区 belongs to the other street.
    assert re.findall(r"<text x=[^>]*>([^<]+)</text>", svg) == ["海裕社区", "灵芝社区"]
    # Each partner drawn is named under its dot, not only on hover.
    partner_labels = re.findall(r'<text class="net-partner-label"[^>]*>([^<]+)</text>', svg)
    assert len(partner_labels) == 3
    assert "海裕社康中心" in partner_labels
    # HUB and FIX worked in the window; OLD is a top bridge: all three drawn, as links.
    assert re.findall(r'<a href="/partners/([^/]+)/"><circle', svg) == ["P-FIX", "P-HUB", "P-OLD"]
    assert svg.count('class="net-edge-work"') == 3  # HUB-C11, HUB-C12, FIX-C11
    assert svg.count('class="net-edge-reach"') == 2  # FIX-C12, OLD-C11
    assert "<title>海裕社康中心（社会组织）" in svg
    assert "style=" not in body
    assert "<script>" not in body


def test_the_tables_name_bridges_sole_partners_and_idle_capacity(client, tree):
    admin = user_with_role("district_admin", community=tree["BA"])
    body = page(client, admin, scope="BA").content.decode()
    sole = body[body.index('id="sole-title"') : body.index('id="idle-title"')]
    assert re.findall(r'<a href="/partners/([^/]+)/">', sole) == [
        "P-LAW",
        "P-FIX",
        "P-HUB",
        "P-HUB",
    ]
    idle = body[body.index('id="idle-title"') :]
    assert re.findall(r'<a href="/partners/([^/]+)/">', idle) == ["P-LAW", "P-OLD"]
    assert "<td>九围社区</td>" in idle


def test_a_partner_member_is_not_shown_the_page(client, tree):
    member = user_with_role("partner_member", partner=PartnerFactory.create(community=tree["C11"]))
    assert page(client, member).status_code == 404


def test_a_secretary_asking_for_another_community_gets_404(client, tree):
    secretary = user_with_role("secretary", community=tree["C21"])
    assert page(client, secretary, scope="BA-S1-C1").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, tree):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_reads_a_fixed_number_of_queries(client, tree):
    admin = user_with_role("district_admin", community=tree["BA"])
    client.force_login(admin)
    current_index()
    client.get(URL, {"scope": "BA", "quarter": "2026Q4"})  # the session, the index

    def count() -> int:
        current_index()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"scope": "BA", "quarter": "2026Q4"}).status_code == 200
        return len(captured)

    before = count()
    for n in range(5):
        partner = PartnerFactory.create(community=tree["C12"])
        offering = serve(OfferingFactory.create(partner=partner, capacity=5), tree["C12"])
        need = NeedFactory.create(community=tree["C12"], category_id="health_checkup")
        ProjectFactory.create(need=need, offering=offering, quarter=f"2026Q{n % 4 + 1}")
    assert count() == before


def test_a_long_idle_list_shows_the_largest_first_and_all_on_request(client, tree):
    for n in range(25):
        partner = PartnerFactory.create(code=f"P-IDLE-{n:02d}", community=tree["C11"])
        serve(OfferingFactory.create(partner=partner, capacity=100 + n), tree["S1"])
    admin = user_with_role("street_admin", community=tree["S1"])
    body = page(client, admin).content.decode()
    idle = body[body.index('id="idle-title"') :]
    listed = re.findall(r'<a href="/partners/(P-IDLE-\d+)/">', idle)
    assert listed == [f"P-IDLE-{n:02d}" for n in range(24, 4, -1)]  # 20, most capacity first
    assert "idle=all" in idle
    everything = page(client, admin, idle="all").content.decode()
    rest = everything[everything.index('id="idle-title"') :]
    assert len(re.findall(r'<a href="/partners/(P-IDLE-\d+)/">', rest)) == 25
    assert "idle=all" not in rest


def test_the_page_speaks_plainly_without_internal_codes(client, tree):
    admin = user_with_role("street_admin", community=tree["S1"])
    body = page(client, admin).content.decode()
    assert "中介中心度" not in body
    assert "桥梁作用" in body
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert re.findall(r"<title>[^<]*（C\d+）", svg) == []
    assert "<title>海裕社区 · " in svg


def test_edges_are_titled_with_their_projects_in_the_page_language(
    client: Client, tree: dict[str, Any]
) -> None:
    admin = user_with_role("street_admin", community=tree["S1"])

    def titles() -> dict[str, list[str]]:
        body = page(client, admin).content.decode()
        found: dict[str, list[str]] = {"work": [], "reach": []}
        for kind, title in re.findall(
            r'<line [^>]*class="net-edge-(\w+)"><title>([^<]+)</title></line>', body
        ):
            found[kind].append(title.split(" · ", 1)[1])
        return found

    chinese = titles()
    assert chinese["reach"] == ["可覆盖，尚无项目"] * 2
    assert len(chinese["work"]) == 3
    assert all(re.fullmatch(r"\d+ 个项目", title) for title in chinese["work"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = titles()
    assert english["reach"] == ["Can reach, no projects yet"] * 2
    assert [re.sub(r"\D", "", t) for t in english["work"]] == [
        re.sub(r"\D", "", t) for t in chinese["work"]
    ]
    assert all(re.fullmatch(r"1 project|\d+ projects", title) for title in english["work"])
