"""A list page and its API endpoint, given the same filter, select the same rows: both
go through the API's FilterSet."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import NeedFactory, OfferingFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _page(user: Any, name: str, params: dict[str, str], link: str) -> set[str]:
    client = Client()
    client.force_login(user)
    body = client.get(reverse(name), params).content.decode()
    return set(re.findall(link, body))


def _api(client_for: Any, user: Any, name: str, params: dict[str, str], key: str) -> set[str]:
    body = client_for(user).get(reverse(name), params).json()
    rows = [str(row[key]) for row in body["results"]]
    assert len(rows) == len(set(rows)), "a row listed twice"
    return set(rows)


@pytest.fixture
def needs(tree):
    NeedFactory.create(code="N-HAIR", title="老人理发", community=tree["C11"], status="open")
    NeedFactory.create(code="N-BATH", title="老人助浴", community=tree["C11"], status="cancelled")
    NeedFactory.create(code="N-KIDS", title="儿童托管", community=tree["C12"], status="open")
    NeedFactory.create(code="N-STATION", title="站点老人活动", community=tree["X1"], status="open")
    NeedFactory.create(
        code="N-CAT", title="心理疏导", community=tree["C11"], category_id="health_checkup"
    )


@pytest.mark.parametrize(
    ("page_params", "api_params"),
    [
        ({"q": "老人"}, {"q": "老人"}),
        ({"status": "open"}, {"status": "open"}),
        ({"community": "BA-S1-C1"}, {"area": "BA-S1-C1"}),
        ({"category": "health_checkup"}, {"category": "health_checkup"}),
        (
            {"q": "老人", "status": "open", "community": "BA-S1-C1"},
            {"q": "老人", "status": "open", "area": "BA-S1-C1"},
        ),
    ],
)
def test_needs_page_and_api_select_the_same_needs(
    client_for, street_admin, needs, page_params, api_params
):
    page = _page(street_admin, "needs", page_params, r'href="/needs/([A-Z0-9-]+)/"')
    api = _api(client_for, street_admin, "need-list", api_params, "code")
    assert page == api
    assert page  # each filter here selects something


@pytest.fixture
def projects(tree):
    clinic = PartnerFactory.create(code="P-CLINIC", community=tree["C11"])
    barber = PartnerFactory.create(code="P-BARBER", community=tree["C12"])
    check = OfferingFactory.create(code="O-CHECK", partner=clinic)
    cut = OfferingFactory.create(code="O-CUT", partner=barber)
    made = [
        ProjectFactory.create(
            need=NeedFactory.create(code="N-1", community=tree["C11"]),
            offering=check,
            quarter="2026Q4",
            status="dispatched",
        ),
        ProjectFactory.create(
            need=NeedFactory.create(code="N-2", community=tree["C12"]),
            offering=cut,
            quarter="2026Q3",
            status="accepted",
        ),
        ProjectFactory.create(
            need=NeedFactory.create(code="N-3", community=tree["X1"]),
            offering=cut,
            quarter="2026Q4",
            status="accepted",
        ),
    ]
    return {p.need.code: p.pk for p in made}


@pytest.mark.parametrize(
    ("page_params", "api_params"),
    [
        ({"status": "accepted"}, {"status": "accepted"}),
        ({"community": "BA-S1-C1"}, {"area": "BA-S1-C1"}),
        ({"quarter": "2026Q4"}, {"quarter": "2026Q4"}),
        ({"partner": "P-BARBER"}, {"partner": "P-BARBER"}),
        (
            {"partner": "P-BARBER", "quarter": "2026Q4"},
            {"partner": "P-BARBER", "quarter": "2026Q4"},
        ),
    ],
)
def test_project_board_and_api_select_the_same_projects(
    client_for, street_admin, projects, page_params, api_params
):
    page = _page(street_admin, "projects", page_params, r'href="/projects/([0-9]+)/"')
    api = _api(client_for, street_admin, "project-list", api_params, "id")
    assert page == api
    assert page


@pytest.fixture
def partners(tree):
    clinic = PartnerFactory.create(
        code="P-CLINIC", name="海裕诊所", kind="unit", community=tree["C11"]
    )
    OfferingFactory.create(code="O-CHECK", partner=clinic, title="长者义诊")
    OfferingFactory.create(code="O-CHECK2", partner=clinic, title="长者义诊（夜间）")
    club = PartnerFactory.create(
        code="P-CLUB", name="书法社", kind="social_org", community=tree["C12"]
    )
    club.tags.add("书法")
    OfferingFactory.create(code="O-WRITE", partner=club, title="春联书写", category_id="legal_aid")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "义诊"},
        {"q": "书法"},
        {"kind": "unit"},
        {"category": "legal_aid"},
        {"category": "health_checkup", "q": "诊所"},
    ],
)
def test_directory_and_api_select_the_same_partners(client_for, street_admin, partners, params):
    page = _page(street_admin, "partners", params, r'href="/partners/([A-Z0-9-]+)/"')
    api = _api(client_for, street_admin, "partner-list", params, "code")
    assert page == api
    assert len(page) == 1
