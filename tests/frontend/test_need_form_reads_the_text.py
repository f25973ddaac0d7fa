"""The need form's reading of the typed text: when the engine is unsure it asks to pick
among three clickable categories; when confident it shows one with its probability as a
suggestion to confirm; the modes and groups read from the text come along to pre-fill."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from matching.engine.types import CategoryGuess, Reading

pytestmark = pytest.mark.django_db


def _reading(confident: bool) -> Reading:
    return Reading(
        categories=(
            CategoryGuess("home_repair", 0.82 if confident else 0.41),
            CategoryGuess("household_help", 0.1 if confident else 0.3),
            CategoryGuess("elderly_care", 0.03 if confident else 0.2),
        ),
        modes=("home_visit",),
        beneficiaries=("elderly",),
        confident=confident,
    )


@pytest.fixture
def read_as(monkeypatch: pytest.MonkeyPatch) -> Any:
    seen: list[str] = []

    def fix(reading: Reading) -> list[str]:
        def fake(text: str, *, district: str | None = None, limit: int = 3) -> Reading:
            seen.append(text)
            return reading

        monkeypatch.setattr("frontend.views.needs.read_text", fake)
        return seen

    return fix


def test_unsure_reading_asks_to_pick_among_three(client: Any, secretary: Any, read_as: Any) -> None:
    read_as(_reading(confident=False))
    client.force_login(secretary)

    body = client.get(reverse("need-suggest"), {"title": "家里的事想找人帮忙"}).content.decode()

    assert "不确定" in body
    assert body.count('class="suggest-pick') == 3
    assert 'data-unsure="1"' in body


def test_confident_reading_shows_one_suggestion_to_confirm(
    client: Any, secretary: Any, read_as: Any
) -> None:
    read_as(_reading(confident=True))
    client.force_login(secretary)

    body = client.get(reverse("need-suggest"), {"title": "空调坏了想请师傅上门修"}).content.decode()

    assert "不确定" not in body
    assert body.count('class="suggest-pick') == 1
    assert "82%" in body
    assert "确认" in body


def test_modes_and_groups_read_from_the_text_come_with_the_suggestion(
    client: Any, secretary: Any, read_as: Any
) -> None:
    read_as(_reading(confident=True))
    client.force_login(secretary)

    body = client.get(reverse("need-suggest"), {"title": "空调坏了想请师傅上门修"}).content.decode()

    assert 'data-modes="home_visit"' in body
    assert 'data-groups="elderly"' in body


def test_new_need_form_lets_the_reading_prefill_but_an_edited_need_does_not(
    client: Any, secretary: Any, need: Any
) -> None:
    client.force_login(secretary)

    new = client.get(reverse("need-new")).content.decode()
    edit = client.get(reverse("need-change", args=[need.code])).content.decode()

    assert 'data-prefill="1"' in new
    assert 'data-prefill="1"' not in edit
