"""The service catalogue has a sound entry for every category of the standard, and its
check names what is wrong when it has not."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from partners.catalogue import (
    CATALOGUE_PATH,
    STANDARD_PATH,
    catalogue_problems,
    load_catalogue,
)


@pytest.fixture
def standard() -> dict[str, Any]:
    return json.loads(STANDARD_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def doc() -> dict[str, Any]:
    return json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))


def entry(doc: dict[str, Any], code: str) -> dict[str, Any]:
    return next(e for e in doc["categories"] if e["code"] == code)


def test_the_shipped_catalogue_has_no_problem(
    doc: dict[str, Any], standard: dict[str, Any]
) -> None:
    assert catalogue_problems(doc, standard) == []
    assert [e["code"] for e in load_catalogue()["categories"]] == [
        c["code"] for c in standard["categories"]
    ]


def test_every_category_names_covers_exclusions_situations_and_keywords(
    standard: dict[str, Any],
) -> None:
    entries = {e["code"]: e for e in load_catalogue()["categories"]}
    for category in standard["categories"]:
        e = entries[category["code"]]
        assert e["covers"], category["code"]
        assert e["excludes"], category["code"]
        assert 25 <= len(e["situations"]) <= 40, category["code"]
        assert e["keywords"], category["code"]


def test_a_category_of_the_standard_without_entry_is_reported(
    doc: dict[str, Any], standard: dict[str, Any]
) -> None:
    doc["categories"] = [e for e in doc["categories"] if e["code"] != "venue"]

    assert "categories: no entry for venue" in catalogue_problems(doc, standard)


def test_an_unknown_or_repeated_category_is_reported(
    doc: dict[str, Any], standard: dict[str, Any]
) -> None:
    doc["categories"].append(copy.deepcopy(entry(doc, "funding")))
    doc["categories"].append({**copy.deepcopy(entry(doc, "funding")), "code": "lottery"})

    problems = catalogue_problems(doc, standard)

    assert "categories: repeated funding" in problems
    assert "category 'lottery': not a category of the standard" in problems


def test_an_empty_list_is_reported(doc: dict[str, Any], standard: dict[str, Any]) -> None:
    entry(doc, "haircut")["keywords"] = []

    assert "category 'haircut' keywords: is empty" in catalogue_problems(doc, standard)


def test_too_few_situations_are_reported(doc: dict[str, Any], standard: dict[str, Any]) -> None:
    entry(doc, "haircut")["situations"] = entry(doc, "haircut")["situations"][:3]

    assert "category 'haircut': 3 situations, expected 25 to 40" in catalogue_problems(
        doc, standard
    )


def test_an_exclusion_must_point_to_another_known_category(
    doc: dict[str, Any], standard: dict[str, Any]
) -> None:
    entry(doc, "home_repair")["excludes"] = [
        {"text": "助餐", "category": "meals"},
        {"text": "维修", "category": "home_repair"},
    ]

    problems = catalogue_problems(doc, standard)

    assert "category 'home_repair' excludes: unknown category 'meals'" in problems
    assert "category 'home_repair' excludes: points to itself" in problems


def test_typical_modes_must_agree_with_the_standard(
    doc: dict[str, Any], standard: dict[str, Any]
) -> None:
    entry(doc, "rider_care")["typical_modes"] = ["online"]

    assert "category 'rider_care': typical_modes differs from the standard's" in (
        catalogue_problems(doc, standard)
    )


def test_a_word_cannot_both_point_to_and_away_from_a_category(
    doc: dict[str, Any], standard: dict[str, Any]
) -> None:
    entry(doc, "digital_literacy")["not_keywords"].append("微信")

    assert "category 'digital_literacy': both keyword and not_keyword: 微信" in (
        catalogue_problems(doc, standard)
    )


def test_cues_name_known_codes_cover_every_mode_and_never_point_two_ways(
    doc: dict[str, Any], standard: dict[str, Any]
) -> None:
    del doc["mode_cues"]["online"]
    doc["mode_cues"]["by_post"] = ["邮寄"]
    doc["beneficiary_cues"]["children"].append("老人")

    problems = catalogue_problems(doc, standard)

    assert "mode_cues: unknown codes by_post" in problems
    assert "mode_cues: no cues for online" in problems
    assert "beneficiary_cues: '老人' cues both elderly and children" in problems


def test_the_system_check_reports_a_broken_catalogue(
    doc: dict[str, Any], tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from partners import catalogue

    call_command("check")  # the shipped catalogue passes
    doc["categories"] = [e for e in doc["categories"] if e["code"] != "sports"]
    broken = tmp_path / "catalogue.json"
    broken.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(catalogue, "CATALOGUE_PATH", broken)

    with pytest.raises(SystemCheckError, match="no entry for sports"):
        call_command("check")
