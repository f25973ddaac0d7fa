"""A reading's first category is shown at its Platt-scaled probability, never above
``MOST_SURE``: middling readings rise, the surest are tempered, the others share what is
left in the same proportions, and the order is never changed. The form, the API and the
command show what ``MatchIndex.read`` gives, so it is checked there too."""

from __future__ import annotations

import numpy as np
import pytest

from matching.engine import categories
from matching.engine.categories import MOST_SURE, READING_OFFSET, READING_SLOPE, platt, shown
from matching.engine.ranking import MatchIndex
from tests.matching.engine.builders import PLACES, bare_standard, offering, partner


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


def test_the_first_category_is_platt_scaled_and_the_others_share_the_rest() -> None:
    row = np.array([[0.5, 0.3, 0.2, 0.0]], dtype=np.float32)

    result = shown(row)

    top = _sigmoid(READING_OFFSET)  # log-odds of 0.5 are 0
    rest = (1 - top) / 0.5
    assert result[0].tolist() == pytest.approx([top, 0.3 * rest, 0.2 * rest, 0.0], abs=1e-6)
    assert float(result.sum()) == pytest.approx(1.0, abs=1e-6)


def test_middling_readings_rise_and_the_surest_are_tempered() -> None:
    p = np.array([0.6, 0.75, 0.99, 0.999])

    scaled = platt(p)

    assert scaled[:2].tolist() == pytest.approx(
        [_sigmoid(READING_SLOPE * np.log(x / (1 - x)) + READING_OFFSET) for x in (0.6, 0.75)]
    )
    assert (scaled[:2] > p[:2]).all()
    assert (scaled[2:] < p[2:]).all()


def test_the_first_category_is_never_shown_below_the_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A scaling that would sink every first category: it stops at a tie with the second.
    monkeypatch.setattr(categories, "platt", lambda p: np.full_like(p, 0.1))
    row = np.array([0.5, 0.4, 0.1], dtype=np.float32)

    result = shown(row)

    # A hair above the tie: equal probabilities would be ordered by the categories' order.
    assert result.tolist() == pytest.approx([0.4 / 0.9, 0.4 / 0.9, 0.1 / 0.9], abs=1e-4)
    assert result[0] > result[1]
    assert int(np.argmax(result)) == 0


def test_no_reading_is_shown_surer_than_most_sure() -> None:
    result = shown(np.array([[1.0, 0.0], [0.9999, 0.0001]], dtype=np.float32))

    assert float(platt(np.array([0.9999]))[0]) > MOST_SURE
    # The first category held everything: the rest is left unassigned.
    assert result[0].tolist() == pytest.approx([MOST_SURE, 0.0])
    assert result[1].tolist() == pytest.approx([MOST_SURE, 1 - MOST_SURE], abs=1e-4)


def test_a_read_shows_the_scaled_probability_of_what_calibration_is_fitted_on() -> None:
    index = MatchIndex.build(
        standard=bare_standard(),
        places=PLACES,
        partners=[partner("P1")],
        offerings=[
            offering("O1", category="haircut", title="上门理发", description="给老人剪发"),
            offering("O2", category="legal_aid", title="律师坐班", description="合同纠纷咨询"),
            offering("O3", category="home_repair", title="水电维修", description="修水管换灯泡"),
        ],
    )
    text = "家里水管漏水了，想请人来修一修"

    reading = index.read(text, limit=3)
    codes, raw = index.reading_probabilities([text], temperature=categories.READING_TEMPERATURE)

    first = int(np.argmax(raw[0]))
    assert reading.categories[0].code == codes[first]
    assert reading.categories[0].probability == pytest.approx(
        min(float(platt(raw[0, first : first + 1].astype(np.float64))[0]), MOST_SURE), abs=1e-4
    )
    assert reading.categories[0].probability != pytest.approx(float(raw[0, first]), abs=2e-4)
