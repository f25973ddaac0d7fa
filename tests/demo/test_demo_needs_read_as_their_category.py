"""Each demo need tells one situation: its title and its description, read by the
engine, both land on the need's category."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from interchange.demo import demo_situations
from matching.index import current_index
from matching.selectors import read_text
from needs.models import Need

STANDARD = Path(__file__).resolve().parents[2] / "partners" / "standard" / "categories-v1.json"


def test_situations_cover_every_category_and_differ() -> None:
    codes = {c["code"] for c in json.loads(STANDARD.read_text(encoding="utf-8"))["categories"]}
    situations = demo_situations()
    assert {s.category for s in situations} == codes
    assert len({s.title for s in situations}) == len(situations)
    assert len({s.description for s in situations}) == len(situations)


@pytest.mark.django_db
def test_title_and_description_of_every_open_need_read_as_its_category() -> None:
    call_command("load_demo", verbosity=0)
    told = {s.title: s for s in demo_situations()}
    needs = list(
        Need.objects.filter(code__startswith="DEMO-N", status=Need.Status.OPEN).select_related(
            "community"
        )
    )
    assert len(needs) >= 50
    index = current_index()
    misread = []
    for need in needs:
        situation = told[need.title]
        assert need.description == situation.description, need.code
        # An uncategorised need leaves its category to the reading of its text.
        assert need.category_id in (None, situation.category), need.code
        district = index.district_of(need.community.code)
        for text in (need.title, need.description):
            reading = read_text(text, district=district)
            first = reading.categories[0].code if reading.categories else None
            if first != situation.category:
                misread.append((need.code, situation.category, first, text))
    assert misread == []


@pytest.mark.django_db
def test_history_needs_tell_a_situation_of_their_category() -> None:
    call_command("load_demo", verbosity=0)
    told = {s.title: s for s in demo_situations()}
    history = Need.objects.filter(code__startswith="DEMO-H", category__isnull=False)
    assert history.exists()
    for need in history.exclude(code__endswith="-GAP"):
        assert told[need.title].category == need.category_id, need.code
        assert told[need.title].description == need.description, need.code
