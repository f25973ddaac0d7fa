"""The labeller grades (need, offering) pairs by the development district's rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matching.engine.evaluation import Grader, label_district
from matching.engine.interchange import facts_from_document
from tests.matching.engine.builders import (
    PLACES,
    WEEKDAY_DAYTIME,
    WEEKEND_DAYTIME,
    need,
    offering,
    partner,
    standard,
)

DEV = Path("/work/shared/data/dev")


def _grade(o, n, category_of=None):
    grader = Grader(
        standard=standard(),
        places={p.code: p for p in PLACES},
        partners={"P1": partner()},
        category_of=category_of or {o.code: o.category, n.code: n.category},
    )
    return grader.grade(o, n)


def test_same_category_fitting_everything_is_grade_three():
    assert _grade(offering("O"), need()) == 3


def test_paid_or_no_slot_overlap_is_grade_two():
    assert _grade(offering("O", cost="paid"), need()) == 2
    weekdays = offering("O", availability=WEEKDAY_DAYTIME)
    assert _grade(weekdays, need(preferred_slots=WEEKEND_DAYTIME)) == 2


def test_other_beneficiaries_or_related_category_is_grade_one():
    assert _grade(offering("O", beneficiaries=frozenset({"children"})), need()) == 1
    assert _grade(offering("O", category="household_help"), need()) == 1


def test_unrelated_or_breaking_a_hard_rule_is_grade_zero():
    assert _grade(offering("O", category="legal_aid"), need()) == 0
    assert _grade(offering("O", area_codes=frozenset({"D-S2"})), need()) == 0


def test_true_categories_override_what_the_records_say():
    o, n = offering("O", category=None), need(category=None)
    assert _grade(o, n, {"O": "haircut", "N1": "haircut"}) == 3


@pytest.mark.skipif(not DEV.exists(), reason="development data not present at /work/shared")
def test_labeller_agrees_with_the_development_labels_where_categories_are_known():
    doc = json.loads((DEV / "region.json").read_text(encoding="utf-8"))
    labels = json.loads((DEV / "labels.json").read_text(encoding="utf-8"))
    facts = facts_from_document(doc)
    truth = {o.code: o.category for o in facts.offerings} | {
        n.code: n.category for n in facts.needs
    }
    mine = label_district(facts, standard(), truth)
    known = [o.code for o in facts.offerings if o.category]
    for n in facts.needs:
        if n.category:
            assert {c: mine[n.code].get(c, 0) for c in known} == {
                c: labels[n.code].get(c, 0) for c in known
            }, n.code
