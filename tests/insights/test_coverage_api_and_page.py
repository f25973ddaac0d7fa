"""The coverage endpoint and the heat-map page: who may read them, what they answer, and
the table to download."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from partners.models import Partner, Role
from tests.factories import NeedFactory, UserFactory, user_with_role

URL = "/api/v1/insights/coverage/"


def _client(user):
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_street_administrator_reads_rows_of_her_street(area):
    admin = user_with_role(Role.Kind.STREET_ADMIN, community=area["S1"])
    response = _client(admin).get(URL, {"scope": "BA-S1", "quarter": "2026Q4", "gaps_only": 1})
    assert response.status_code == 200
    [row] = response.json()
    assert {k: row[k] for k in ("community", "category", "need_units", "reachable_capacity")} == {
        "community": "BA-S1-C1",
        "category": "rehab",
        "need_units": 9,
        "reachable_capacity": 4,
    }
    assert row["gap"] == 5


def test_without_a_scope_a_secretary_reads_her_own_community(area):
    secretary = user_with_role(Role.Kind.SECRETARY, community=area["C11"])
    rows = _client(secretary).get(URL, {"quarter": "2026Q4"}).json()
    assert {r["community"] for r in rows} == {"BA-S1-C1"}


def test_secretary_of_another_community_is_refused(area):
    other = user_with_role(Role.Kind.SECRETARY, community=area["C21"])
    response = _client(other).get(URL, {"scope": "BA-S1-C1"})
    assert response.status_code == 403


@pytest.mark.parametrize("kind", [Role.Kind.PARTNER_MEMBER, Role.Kind.RESIDENT])
def test_partners_and_residents_are_refused(area, kind):
    if kind == Role.Kind.PARTNER_MEMBER:
        where = {"partner": Partner.objects.get(code="P-A")}
    else:
        where = {"community": area["C11"]}
    response = _client(user_with_role(kind, **where)).get(URL, {"scope": "BA-S1-C1"})
    assert response.status_code == 403


def test_anonymous_is_asked_to_sign_in(area):
    assert APIClient().get(URL, {"scope": "BA"}).status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [({"scope": "BA", "quarter": "2026Q5"}, "quarter"), ({"scope": "NOPE"}, "scope")],
)
def test_bad_scope_or_quarter_names_the_field(area, query, field):
    superuser = UserFactory.create(is_superuser=True)
    response = _client(superuser).get(URL, query)
    assert response.status_code == 400
    assert field in str(response.json())


def test_reading_costs_the_same_queries_however_many_needs(area, django_assert_max_num_queries):
    admin = user_with_role(Role.Kind.DISTRICT_ADMIN, community=area["BA"])
    client = _client(admin)
    client.get(URL, {"scope": "BA", "quarter": "2026Q4"})  # builds the index
    with django_assert_max_num_queries(20) as few:
        client.get(URL, {"scope": "BA", "quarter": "2026Q4"})
    for n in range(30):
        NeedFactory.create(code=f"N-MORE-{n}", community=area["C12"], category_id="rehab")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL, {"scope": "BA", "quarter": "2026Q4"})


def test_heat_map_page_shows_the_gap_to_a_secretary(area, client):
    secretary = user_with_role(Role.Kind.SECRETARY, community=area["C11"])
    client.force_login(secretary)
    response = client.get("/insights/", {"quarter": "2026Q4"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="heat-gap-3"' in body  # 5 of 9 units uncovered: more than half
    assert "需求 9，可及容量 4，缺口 5" in body
    link = '<a href="/needs/?community=BA-S1-C1&amp;category=rehab" aria-label="海裕社区 rehab：'
    assert link + '需求 9，可及容量 4，缺口 5">5</a>' in body


def test_heat_map_cells_speak_the_page_language(area, client):
    secretary = user_with_role(Role.Kind.SECRETARY, community=area["C11"])
    client.force_login(secretary)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get("/insights/", {"quarter": "2026Q4"}).content.decode()
    assert 'title="need 9, reachable 4, gap 5"' in body
    assert "需求 9" not in body


def test_heat_map_page_is_not_found_for_a_partner_member(area, client):
    member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=Partner.objects.get(code="P-A"))
    client.force_login(member)
    assert client.get("/insights/").status_code == 404


def test_coverage_downloads_as_csv_and_excel(area, client):
    client.force_login(user_with_role(Role.Kind.STREET_ADMIN, community=area["S1"]))
    query = {"scope": "BA-S1", "quarter": "2026Q4"}
    response = client.get("/insights/", {**query, "download": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="coverage-BA-S1-2026Q4.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:7] == ["社区编码", "社区", "类别编码", "类别", "需求单位", "可及容量", "缺口"]
    assert ["BA-S1-C1", "海裕社区", "rehab", "康复服务", "9", "4", "5", "2", "2"] in rows
    workbook = load_workbook(
        io.BytesIO(client.get("/insights/", {**query, "download": "xlsx"}).content)
    )
    sheet = workbook.worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert ["BA-S1-C1", "海裕社区", "rehab", "康复服务", 9, 4, 5, 2, 2] in values
    assert len(values) == len(rows)
