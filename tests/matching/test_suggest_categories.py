"""Secretaries typing a need get the service category it reads as, most likely first."""

from typing import Any

import pytest

from matching.selectors import suggest_categories

pytestmark = pytest.mark.django_db


def test_text_is_read_as_its_category(district: Any) -> None:
    guesses = suggest_categories("楼里老人想请律师咨询遗产继承纠纷", limit=3)
    assert 1 <= len(guesses) <= 3
    assert guesses[0].code == "legal_aid"
    probabilities = [g.probability for g in guesses]
    assert probabilities == sorted(probabilities, reverse=True)


def test_limit_caps_the_guesses(district: Any) -> None:
    assert len(suggest_categories("老人测血压", limit=1)) == 1
