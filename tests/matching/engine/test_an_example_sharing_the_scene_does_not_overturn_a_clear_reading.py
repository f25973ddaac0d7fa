"""A district's confirmed example moves a reading in full where the engine is unsure or
the text is close to the example; where the engine reads a text clearly and the example
only shares its scene (下不了楼), the example does not overturn the reading."""

from __future__ import annotations

import pytest

from matching.engine import categories
from matching.engine.ranking import MatchIndex
from matching.engine.types import CategoryGuess, TextExample
from tests.matching.engine.builders import demo_index

MEAL = "腿脚不好下不了楼，每天中午想有人把饭送上来"
HAIRCUT = TextExample(
    text="我爸腿脚不好下不了楼，头发太长了想请人来剪", category="haircut", district=""
)


@pytest.fixture(scope="module")
def demo() -> tuple[MatchIndex, str]:
    index, facts = demo_index()
    return index, next(p.code for p in facts.places if p.level == "district")


def _learned(demo: tuple[MatchIndex, str], text: str = HAIRCUT.text) -> MatchIndex:
    index, district = demo
    return index.with_examples(
        [TextExample(text=text, category=HAIRCUT.category, district=district)]
    )


def test_a_clear_reading_stays_when_an_example_shares_only_its_scene(
    demo: tuple[MatchIndex, str],
) -> None:
    index, district = demo
    before = index.read(MEAL, district=district, limit=50).categories
    assert before[0].code == "elderly_meal"

    after = _learned(demo).read(MEAL, district=district, limit=50).categories

    assert after[0].code == "elderly_meal"
    # The example counts, in part.
    assert _probability(after, "haircut") > _probability(before, "haircut")


def _probability(guesses: tuple[CategoryGuess, ...], code: str) -> float:
    return next(g.probability for g in guesses if g.code == code)


def test_without_holding_back_the_example_would_weigh_many_times_more(
    demo: tuple[MatchIndex, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    held = _learned(demo).read(MEAL, district=demo[1], limit=50).categories
    monkeypatch.setattr(categories, "EXAMPLE_DOUBT", 1e9)  # every example in full

    full = _learned(demo).read(MEAL, district=demo[1], limit=50).categories

    assert full[1].code == "haircut"
    assert _probability(full, "haircut") > 10 * _probability(held, "haircut")


def test_a_correction_of_the_same_sentence_still_wins(demo: tuple[MatchIndex, str]) -> None:
    assert _learned(demo, MEAL).read(MEAL, district=demo[1]).categories[0].code == "haircut"
