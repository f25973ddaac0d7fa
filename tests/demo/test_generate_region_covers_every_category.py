"""Every service category of the standard is offered and needed somewhere."""

import json
from pathlib import Path

from synthetic import generate_region

STANDARD = Path(__file__).resolve().parents[2] / "partners" / "standard" / "categories-v1.json"


def test_every_category_has_an_offering_and_a_need() -> None:
    codes = {c["code"] for c in json.loads(STANDARD.read_text(encoding="utf-8"))["categories"]}
    doc = generate_region(offerings=220, needs=60, seed=2026, partners=120)
    assert {o["category"] for o in doc["offerings"]} - {None} == codes
    assert {n["category"] for n in doc["needs"]} - {None} == codes


def test_some_records_leave_the_category_to_their_text() -> None:
    doc = generate_region(offerings=600, needs=200, seed=8)
    uncategorised_offerings = [o for o in doc["offerings"] if o["category"] is None]
    uncategorised_needs = [n for n in doc["needs"] if n["category"] is None]
    assert uncategorised_offerings
    assert uncategorised_needs
    assert all(o["title"] and o["description"] for o in uncategorised_offerings)
    assert all(n["title"] and n["description"] for n in uncategorised_needs)


def test_texts_vary_within_a_category() -> None:
    doc = generate_region(offerings=2000, needs=600, seed=9)
    haircut_titles = {o["title"] for o in doc["offerings"] if o["category"] == "haircut"}
    haircut_needs = {n["description"] for n in doc["needs"] if n["category"] == "haircut"}
    assert len(haircut_titles) >= 3
    assert len(haircut_needs) >= 5
