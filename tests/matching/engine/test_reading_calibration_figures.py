"""The reading evaluation's figures on answers known in advance: top-1 and top-3 (a
guess is right when it is among the accepted categories), the reliability table, the
expected calibration error, the share right among guesses of 0.9 or more, and mode
accuracy; the fixed halves are the texts at even and at odd positions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from matching.engine.reading_evaluation import Guess, LabelledText, calibrated_ece, score


def _text(*categories: str, modes: frozenset[str] = frozenset()) -> LabelledText:
    return LabelledText(text="…", categories=categories, modes=modes)


TEXTS = [
    _text("haircut", modes=frozenset({"home_visit"})),
    _text("home_repair", "household_help"),
    _text("legal_aid"),
    _text("venue"),
]
GUESSES = [
    Guess(("haircut", "rehab", "elderly_care"), 0.95, frozenset({"home_visit"})),
    Guess(("household_help", "home_repair", "volunteers"), 0.92, frozenset()),
    Guess(("mediation", "legal_aid", "funding"), 0.35, frozenset({"online"})),
    Guess(("funding", "donation", "volunteers"), 0.30, frozenset()),
]


def test_accuracy_counts_any_accepted_category():
    s = score(TEXTS, GUESSES)

    assert s.top1 == pytest.approx(0.5)
    assert s.top3 == pytest.approx(0.75)


def test_calibration_is_measured_bin_by_bin():
    s = score(TEXTS, GUESSES)

    # Bins 0.3-0.4 (mean 0.325, none right) and 0.9-1.0 (mean 0.935, both right).
    assert [(lo, n) for lo, _hi, n, _p, _r in s.table] == [(pytest.approx(0.3), 2), (0.9, 2)]
    assert s.ece == pytest.approx(0.5 * 0.325 + 0.5 * 0.065)
    assert (s.high, s.high_right) == (2, 2)


def test_modes_are_right_when_the_whole_set_is():
    assert score(TEXTS, GUESSES).modes == pytest.approx(0.75)


def test_unsure_readings_are_those_below_the_confidence_threshold():
    assert score(TEXTS, GUESSES).unsure == 2


def test_log_loss_scores_the_first_probability_as_a_forecast_of_being_right() -> None:
    # Right at 0.95 and 0.92; wrong at 0.35 and 0.30.
    expected = -(math.log(0.95) + math.log(0.92) + math.log(0.65) + math.log(0.70)) / 4

    assert score(TEXTS, GUESSES).log_loss == pytest.approx(expected)


def test_a_perfectly_calibrated_readers_ece_is_what_sampling_alone_gives() -> None:
    # Readings of 1.0 always prove right: no gap at all.
    assert calibrated_ece(np.ones(40)) == (0.0, 0.0)
    # One reading of 0.5 proves right or wrong: its bin is off by 0.5 either way.
    assert calibrated_ece(np.array([0.5])) == (pytest.approx(0.5), pytest.approx(0.5))
    # Two readings of 0.5 in one bin: both right or both wrong (half the draws) leave a
    # gap of 0.5, one of each none: 0.25 on average.
    mean, high = calibrated_ece(np.array([0.5, 0.5]), rounds=4000)
    assert mean == pytest.approx(0.25, abs=0.02)
    assert high == pytest.approx(0.5)
    # The more texts, the less sampling alone moves it.
    assert calibrated_ece(np.full(800, 0.8))[0] < calibrated_ece(np.full(80, 0.8))[0]


def test_a_calibration_is_scored_by_its_log_loss_on_texts() -> None:
    from matching.engine.interchange import load_standard
    from matching.engine.reading_evaluation import calibration_loss, demo_facts

    facts, standard = demo_facts(), load_standard()
    texts = [
        LabelledText(
            text="空调坏了，家里老人热得受不了", categories=("home_repair",), modes=frozenset()
        ),
        LabelledText(text="孩子放学没人接", categories=("legal_aid",), modes=frozenset()),
    ]
    # A slope of 0 shows every reading at one half, right or wrong: ln 2 each.
    half = calibration_loss(
        facts, texts, standard, temperature=0.02, slope=0.0, offset=0.0, shortness=0.0
    )
    assert half == pytest.approx(math.log(2))
    # Readings shown surer: the right one costs less, the wrong one more.
    sure = calibration_loss(
        facts, texts[:1], standard, temperature=0.02, slope=1.0, offset=3.0, shortness=0.0
    )
    wrong = calibration_loss(
        facts, texts[1:], standard, temperature=0.02, slope=1.0, offset=3.0, shortness=0.0
    )
    assert sure < math.log(2) < wrong
