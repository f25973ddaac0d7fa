"""Values no column can hold (NUL characters, lone surrogates, text longer than its
column, integers past a database integer) answer 400 naming the field, never 500, and
write nothing, on SQLite as on PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from needs.models import Need
from partners.models import Offering, Partner

pytestmark = pytest.mark.django_db

OFFERING = {"partner": "P-A", "title": "长者义剪", "modes": ["at_center"], "capacity": 4}
NEED = {
    "community": "BA-S1-C1",
    "title": "想学用智能手机",
    "window": {"start": "2026-10-01", "end": "2026-12-31"},
}
PARTNER = {"name": "海裕义剪队", "kind": "social_org", "community": "BA-S1-C1"}

NUL = "a\x00b"
SURROGATE = "a\ud800b"

OFFERING_CASES: list[tuple[str, Any]] = [
    ("code", "x" * 65),
    ("code", NUL),
    ("code", SURROGATE),
    ("partner", NUL),
    ("partner", SURROGATE),
    ("partner", "P" * 10_000),
    ("title", "x" * 201),
    ("title", NUL),
    ("title", SURROGATE),
    ("description", NUL),
    ("description", SURROGATE),
    ("category", NUL),
    ("category", "c" * 10_000),
    ("tags", ["x" * 101]),
    ("tags", [NUL]),
    ("tags", [SURROGATE]),
    ("modes", [NUL]),
    ("beneficiaries", [SURROGATE]),
    ("capacity", 2**31),
    ("capacity", 2**63),
    ("capacity", 2**70),
    ("capacity", 1e308),
    ("service_area", {"communities": [NUL]}),
    ("service_area", {"communities": [SURROGATE]}),
    ("service_area", {"communities": ["C" * 10_000]}),
    ("service_area", {"radius_km": 10**400}),
    ("availability", [{"weekday": 2**70, "start": "09:00", "end": "10:00"}]),
    ("availability", [{"weekday": 1, "start": NUL, "end": "10:00"}]),
    ("availability", [{NUL: 1, "weekday": 1, "start": "09:00", "end": "10:00"}]),
    ("valid_from", "2026-02-30"),
    ("valid_until", NUL),
    ("unit", NUL),
    ("cost", SURROGATE),
]

NEED_CASES: list[tuple[str, Any]] = [
    ("code", "x" * 65),
    ("code", NUL),
    ("community", NUL),
    ("community", SURROGATE),
    ("community", "C" * 10_000),
    ("title", "x" * 201),
    ("title", NUL),
    ("title", SURROGATE),
    ("description", NUL),
    ("description", SURROGATE),
    ("category", NUL),
    ("tags", ["x" * 101]),
    ("tags", [NUL]),
    ("beneficiaries", [NUL]),
    ("modes", [SURROGATE]),
    ("quantity", 2**31),
    ("quantity", 2**63),
    ("quantity", 2**70),
    ("window", {"start": NUL, "end": "2026-12-31"}),
    ("window", {"start": "2026-10-01", "end": "2026-13-01"}),
    ("preferred_slots", [{"weekday": 1, "start": "09:00", "end": SURROGATE}]),
    ("meeting", NUL),
    ("meeting", "M" * 10_000),
    ("priority", NUL),
    ("source", SURROGATE),
]

PARTNER_CASES: list[tuple[str, Any]] = [
    ("code", "x" * 65),
    ("code", NUL),
    ("name", "x" * 201),
    ("name", NUL),
    ("name", SURROGATE),
    ("kind", NUL),
    ("unit_type", SURROGATE),
    ("community", NUL),
    ("community", SURROGATE),
    ("community", "C" * 10_000),
    ("address", "路" * 301),
    ("address", NUL),
    ("contact_name", "x" * 101),
    ("contact_name", SURROGATE),
    ("phone", "1" * 33),
    ("phone", NUL),
    ("description", NUL),
    ("description", SURROGATE),
    ("tags", ["x" * 101]),
    ("tags", [NUL]),
    ("lat", 10**400),
    ("lng", 2**70),
]


def _post(client: Any, name: str, body: dict[str, Any]) -> Any:
    # Sent as JSON text, as a browser would: a lone surrogate travels escaped.
    return client.post(reverse(name), json.dumps(body), content_type="application/json")


def _names(fields: dict[str, Any], field: str) -> bool:
    return any(k == field or k.startswith((f"{field}[", f"{field}.")) for k in fields)


def _case_id(case: tuple[str, Any]) -> str:
    field, value = case
    text = repr(value)
    return f"{field}={text[:20]}…{len(text)}" if len(text) > 24 else f"{field}={text}"


@pytest.mark.parametrize(("field", "value"), OFFERING_CASES, ids=map(_case_id, OFFERING_CASES))
def test_hostile_offering_value_answers_400_naming_the_field(
    client_for: Any, member_a: Any, field: str, value: Any
) -> None:
    response = _post(client_for(member_a), "offering-list", {**OFFERING, field: value})

    assert response.status_code == 400, response.content[:300]
    assert _names(response.json()["error"]["fields"], field), response.json()
    assert not Offering.objects.exists()


@pytest.mark.parametrize(("field", "value"), NEED_CASES, ids=map(_case_id, NEED_CASES))
def test_hostile_need_value_answers_400_naming_the_field(
    client_for: Any, secretary_a: Any, field: str, value: Any
) -> None:
    response = _post(client_for(secretary_a), "need-list", {**NEED, field: value})

    assert response.status_code == 400, response.content[:300]
    assert _names(response.json()["error"]["fields"], field), response.json()
    assert not Need.objects.exists()


@pytest.mark.parametrize(("field", "value"), PARTNER_CASES, ids=map(_case_id, PARTNER_CASES))
def test_hostile_partner_value_answers_400_naming_the_field(
    client_for: Any, secretary_a: Any, field: str, value: Any
) -> None:
    before = Partner.objects.count()

    response = _post(client_for(secretary_a), "partner-list", {**PARTNER, field: value})

    assert response.status_code == 400, response.content[:300]
    assert _names(response.json()["error"]["fields"], field), response.json()
    assert Partner.objects.count() == before
