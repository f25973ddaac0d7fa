"""``GET /api/v1/needs/{code}/matches/``: ranked offerings with names and reasons."""

from typing import Any

import pytest
from django.urls import reverse

from matching.api.serializers import NeedMatchesSerializer

pytestmark = pytest.mark.django_db


def url(code: str) -> str:
    return reverse("need-matches", args=[code])


def test_matches_name_offering_and_partner_best_first_with_reasons(
    district: Any, client_for: Any, secretary: Any
) -> None:
    response = client_for(secretary).get(url("N-BP"))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["need"] == "N-BP"
    first = body["matches"][0]
    assert (first["offering"], first["partner"]) == ("O-HEALTH-S1", "P-CLINIC")
    assert (first["offering_title"], first["partner_name"]) == ("长者义诊", "海裕社康中心")
    assert first["reasons"], "every match says why"
    assert sum(r["share"] for r in first["reasons"]) == pytest.approx(first["score"], abs=1e-6)
    scores = [m["score"] for m in body["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert "excluded" not in body


def test_offerings_outside_the_service_area_are_not_proposed(
    district: Any, client_for: Any, secretary: Any
) -> None:
    body = client_for(secretary).get(url("N-BP")).json()
    # O-HEALTH-S2 serves the other street only.
    assert "O-HEALTH-S2" not in [m["offering"] for m in body["matches"]]


def test_explain_lists_what_was_left_out_and_why(
    district: Any, client_for: Any, secretary: Any
) -> None:
    body = client_for(secretary).get(url("N-BP"), {"explain": "1"}).json()
    assert isinstance(body["excluded"], list)
    for row in body["excluded"]:
        assert row["offering"] not in [m["offering"] for m in body["matches"]]
        assert row["text_zh"]


def test_limit_caps_the_matches(district: Any, client_for: Any, secretary: Any) -> None:
    body = client_for(secretary).get(url("N-BP"), {"limit": 1}).json()
    assert len(body["matches"]) == 1


@pytest.mark.parametrize("limit", ["0", "51", "many"])
def test_bad_limit_answers_400_naming_it(
    district: Any, client_for: Any, secretary: Any, limit: str
) -> None:
    response = client_for(secretary).get(url("N-BP"), {"limit": limit})
    assert response.status_code == 400
    assert "limit" in response.json()["error"]["fields"]


def test_uncategorised_need_is_understood_from_its_text(
    district: Any, client_for: Any, superuser: Any
) -> None:
    body = client_for(superuser).get(url("N-LAW")).json()
    assert body["categories"], "the categories the need was read as"
    assert body["categories"][0]["code"] == "legal_aid"
    assert body["categories"][0]["name_zh"]
    assert body["matches"][0]["offering"] == "O-LAW"


def test_response_has_the_documented_shape(district: Any, client_for: Any, secretary: Any) -> None:
    body = client_for(secretary).get(url("N-BP"), {"explain": "1"}).json()
    assert NeedMatchesSerializer(body).data == body
    assert set(body) == set(NeedMatchesSerializer().fields)
