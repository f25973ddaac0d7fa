"""A need without category shows on its page how the engine reads it: the category it
takes for it, or, when unsure, the three it hesitates between, each a link to choose."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from matching.engine.types import CategoryGuess, Reading
from needs.models import Need

pytestmark = pytest.mark.django_db


def _read_as(monkeypatch: pytest.MonkeyPatch, confident: bool) -> None:
    reading = Reading(
        categories=(
            CategoryGuess("health_checkup", 0.9 if confident else 0.4),
            CategoryGuess("elderly_care", 0.05 if confident else 0.3),
            CategoryGuess("legal_aid", 0.02 if confident else 0.2),
        ),
        modes=(),
        beneficiaries=(),
        confident=confident,
    )
    monkeypatch.setattr("frontend.views.needs.need_reading", lambda *, need: reading)


def test_unsure_reading_offers_three_choices(
    client: Any, secretary: Any, need: Need, monkeypatch: pytest.MonkeyPatch
) -> None:
    Need.objects.filter(pk=need.pk).update(category=None)
    _read_as(monkeypatch, confident=False)
    client.force_login(secretary)

    body = client.get(reverse("need-page", args=[need.code])).content.decode()

    assert "不确定" in body
    edit = reverse("need-change", args=[need.code])
    for code in ("health_checkup", "elderly_care", "legal_aid"):
        assert f"{edit}?category={code}" in body


def test_confident_reading_names_the_category_with_its_probability(
    client: Any, secretary: Any, need: Need, monkeypatch: pytest.MonkeyPatch
) -> None:
    Need.objects.filter(pk=need.pk).update(category=None)
    _read_as(monkeypatch, confident=True)
    client.force_login(secretary)

    body = client.get(reverse("need-page", args=[need.code])).content.decode()

    assert "不确定" not in body
    assert "据描述判断为" in body
    assert "90%" in body


def test_categorised_need_shows_no_reading(client: Any, secretary: Any, need: Need) -> None:
    Need.objects.filter(pk=need.pk).update(category="health_checkup")
    client.force_login(secretary)

    body = client.get(reverse("need-page", args=[need.code])).content.decode()

    assert "据描述判断" not in body


def test_choice_arrives_preselected_in_the_edit_form(
    client: Any, secretary: Any, need: Need
) -> None:
    Need.objects.filter(pk=need.pk).update(category=None)
    client.force_login(secretary)

    body = client.get(
        reverse("need-change", args=[need.code]), {"category": "legal_aid"}
    ).content.decode()

    assert '<option value="legal_aid" selected>' in body
