"""The standard's categories answer with their service catalogue entry: what each covers,
what it leaves to which other category, and how residents describe its situations."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def test_category_list_gives_covers_and_exclusions(client_for: Any, secretary_a: Any) -> None:
    response = client_for(secretary_a).get(reverse("category-list"), {"page_size": 100})

    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()["results"]}
    assert len(rows) == 34
    repair = rows["home_repair"]
    assert any("水管" in service for service in repair["covers"])
    assert {"text": "助餐送餐", "category": "elderly_meal"} in repair["excludes"]
    assert repair["summary_zh"]
    assert repair["summary_en"].startswith("Home repairs")
    assert all(row["covers"] and row["excludes"] for row in rows.values())


def test_a_category_shows_a_few_situation_examples_and_how_many_there_are(
    client_for: Any, secretary_a: Any
) -> None:
    response = client_for(secretary_a).get(reverse("category-detail", args=["rider_care"]))

    assert response.status_code == 200
    body = response.json()
    assert len(body["situation_examples"]) == 5
    assert body["situations_count"] >= 25
    assert all(isinstance(example, str) and example for example in body["situation_examples"])
