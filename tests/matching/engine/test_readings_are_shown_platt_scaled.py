"""A reading's first category is shown at its Platt-scaled probability, never above
``MOST_SURE``: middling readings of a sentence rise, readings of a few words are shown
less sure than those of a sentence (the surest of them tempered), the others share what
is left in the same proportions, and the order is never changed. The form, the API and
the command show what ``MatchIndex.read`` gives, so it is checked there too."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from matching.engine import categories
from matching.engine.categories import (
    MOST_SURE,
    READING_OFFSET,
    READING_SHORTNESS,
    READING_SLOPE,
    lengths_of,
    platt,
    shown,
)
from matching.engine.ranking import MatchIndex
from tests.matching.engine.builders import PLACES, bare_standard, demo_index, offering, partner


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


def test_the_first_category_is_platt_scaled_and_the_others_share_the_rest() -> None:
    row = np.array([[0.5, 0.3, 0.2, 0.0]], dtype=np.float32)

    result = shown(row, np.array([16.0]))

    top = _sigmoid(READING_OFFSET + READING_SHORTNESS / 4)  # log-odds of 0.5 are 0
    rest = (1 - top) / 0.5
    assert result[0].tolist() == pytest.approx([top, 0.3 * rest, 0.2 * rest, 0.0], abs=1e-6)
    assert float(result.sum()) == pytest.approx(1.0, abs=1e-6)


def test_middling_readings_of_a_sentence_rise_and_sure_ones_of_a_few_words_fall() -> None:
    p = np.array([0.6, 0.75, 0.99, 0.999])
    sentence = np.full(4, 20.0)  # characters, as a resident writes a need

    scaled = platt(p, sentence)
    terse = platt(p, np.full(4, 4.0))  # 路灯坏了

    assert scaled[:2].tolist() == pytest.approx(
        [
            _sigmoid(
                READING_SLOPE * np.log(x / (1 - x))
                + READING_OFFSET
                + READING_SHORTNESS / np.sqrt(20.0)
            )
            for x in (0.6, 0.75)
        ]
    )
    assert (scaled[:2] > p[:2]).all()
    assert (terse[2:] < p[2:]).all()


def test_the_first_category_is_never_shown_below_the_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A scaling that would sink every first category: it stops at a tie with the second.
    monkeypatch.setattr(categories, "platt", lambda p, lengths: np.full_like(p, 0.1))
    row = np.array([0.5, 0.4, 0.1], dtype=np.float32)

    result = shown(row, np.array([10.0]))

    # A hair above the tie: equal probabilities would be ordered by the categories' order.
    assert result.tolist() == pytest.approx([0.4 / 0.9, 0.4 / 0.9, 0.1 / 0.9], abs=1e-4)
    assert result[0] > result[1]
    assert int(np.argmax(result)) == 0


def test_no_reading_is_shown_surer_than_most_sure() -> None:
    result = shown(np.array([[1.0, 0.0], [0.9999, 0.0001]], dtype=np.float32), np.full(2, 20.0))

    assert float(platt(np.array([0.9999]), np.array([20.0]))[0]) > MOST_SURE
    # The first category held everything: the rest is left unassigned.
    assert result[0].tolist() == pytest.approx([MOST_SURE, 0.0])
    assert result[1].tolist() == pytest.approx([MOST_SURE, 1 - MOST_SURE], abs=1e-4)


def _small_index() -> MatchIndex:
    return MatchIndex.build(
        standard=bare_standard(),
        places=PLACES,
        partners=[partner("P1")],
        offerings=[
            offering("O1", category="haircut", title="上门理发", description="给老人剪发"),
            offering("O2", category="legal_aid", title="律师坐班", description="合同纠纷咨询"),
            offering("O3", category="home_repair", title="水电维修", description="修水管换灯泡"),
        ],
    )


def test_a_read_shows_the_scaled_probability_of_what_calibration_is_fitted_on() -> None:
    index = _small_index()
    text = "家里水管漏水了，想请人来修一修"

    reading = index.read(text, limit=3)
    codes, raw = index.reading_probabilities([text], temperature=categories.READING_TEMPERATURE)

    first = int(np.argmax(raw[0]))
    assert reading.categories[0].code == codes[first]
    assert reading.categories[0].probability == pytest.approx(
        min(
            float(platt(raw[0, first : first + 1].astype(np.float64), lengths_of([text]))[0]),
            MOST_SURE,
        ),
        abs=1e-4,
    )
    assert reading.categories[0].probability != pytest.approx(float(raw[0, first]), abs=2e-4)


def test_a_reading_of_a_few_words_is_shown_less_sure_than_one_of_a_sentence() -> None:
    p = np.array([0.8, 0.8, 0.8])

    few, some, many = platt(p, np.array([4.0, 12.0, 30.0])).tolist()

    assert few < some < many
    # Without the term, length would change nothing.
    assert len(set(platt(p, np.array([4.0, 12.0, 30.0]), shortness=0.0).tolist())) == 1


def test_a_text_is_as_long_as_its_characters_and_words() -> None:
    assert lengths_of(["路灯不亮了", "Wi-Fi 坏了", "，，", ""]).tolist() == [5, 4, 0, 0]


def test_the_same_need_read_short_is_shown_less_sure_than_read_with_its_situation() -> None:
    """The same reading, shown with a few words or with the situation around them: the
    form and the need page show the short one less sure."""
    index = _small_index()
    codes, raw = index.reading_probabilities(
        ["水管漏水"], temperature=categories.READING_TEMPERATURE
    )
    top = raw[0].max(keepdims=True).astype(np.float64)

    short, long = platt(top, np.array([4.0])), platt(top, np.array([24.0]))

    assert short[0] < long[0]
    assert index.read("水管漏水").categories[0].probability == pytest.approx(
        min(float(short[0]), MOST_SURE), abs=1e-4
    )


@pytest.mark.parametrize("text", ["路灯不亮了", "奶奶每天要吃七八种药，经常忘吃，怕吃错了"])
def test_a_need_is_shown_as_its_text_is_read_on_the_form(text: str) -> None:
    """The need page, the ranking and the form read a need alike: its probabilities are
    scaled for showing once, not once more on top of the ranking's own reading."""
    index, facts = demo_index()
    first = facts.needs[0]
    untold = replace(
        first,
        title=text,
        description="",
        tags=frozenset(),
        category=None,
        beneficiaries=frozenset(),
        modes=frozenset(),
    )
    form = index.read(text, district=index.district_of(first.community)).categories[0]

    for shown_guess in (
        index.read_need(untold)[0],
        index.read_categories([untold])[0][0],
        index.rank(untold).categories[0],
    ):
        assert shown_guess.code == form.code
        assert shown_guess.probability == pytest.approx(form.probability, abs=0.01)
