"""Texts are read with a classifier learned from the service catalogue: it weighs the words
that tell categories apart (安全账户 is a fraudster's word, though 安全 alone speaks of
safety training), it is the same for every index of a catalogue and every fit of it, and
a standard without a catalogue is read by the category model's cosines alone."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from matching.engine import categories, classifier
from matching.engine import text as textmod
from matching.engine.interchange import load_standard
from matching.engine.ranking import MatchIndex
from matching.engine.types import CategoryDef, Standard
from tests.matching.engine.builders import PLACES, demo_index, offering, partner

FRAUD = "自称检察院的来电话，说我卷进了案子，要把存款转到安全账户"


@pytest.fixture(scope="module")
def catalogue_index() -> MatchIndex:
    return demo_index()[0]


def test_a_word_the_catalogue_ties_to_another_category_reads_by_it(
    catalogue_index: MatchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    fitted = classifier.fit(load_standard())
    assert fitted is not None
    alone = fitted.log_probabilities([FRAUD])[0]
    codes = [c.code for c in load_standard().categories]
    assert codes[int(alone.argmax())] == "anti_fraud"
    assert catalogue_index.read(FRAUD).categories[0].code == "anti_fraud"

    # Read by the cosines alone, 安全 carries the reading to safety training.
    monkeypatch.setattr(categories, "CLASSIFIER_WEIGHT", 0.0)
    assert catalogue_index.read(FRAUD).categories[0].code == "safety_training"


def test_one_catalogue_is_fitted_once_and_every_fit_is_the_same() -> None:
    standard = load_standard()
    first = classifier.fit(standard)
    assert first is not None
    assert classifier.fit(load_standard()) is first

    classifier._fitted.cache_clear()
    again = classifier.fit(standard)
    assert again is not None
    assert again is not first
    assert again.vectorizer.vocabulary == first.vectorizer.vocabulary
    assert np.array_equal(again.coef_t, first.coef_t)
    assert np.array_equal(again.intercept, first.intercept)


def test_another_catalogue_is_another_classifier() -> None:
    standard = load_standard()
    taught = _with_situation(standard, "anti_fraud", "有人自称警察让转钱到安全账户")
    assert classifier.fit(taught) is not classifier.fit(standard)


def test_without_a_catalogue_texts_are_read_by_the_cosines() -> None:
    bare = load_standard(catalogue=False)
    assert classifier.fit(bare) is None
    idx = MatchIndex.build(
        standard=bare, places=PLACES, partners=[partner()], offerings=[offering("O1")]
    )
    reading = idx.read("老人腿脚不好，想有人上门理发")
    assert reading.categories[0].code == "haircut"


def test_a_classifier_of_two_categories_reads_both() -> None:
    two = Standard(
        categories=(
            CategoryDef(
                code="haircut",
                name_zh="便民理发",
                name_en="Haircuts",
                situations=("头发长了想剪", "老人想理发"),
            ),
            CategoryDef(
                code="home_repair",
                name_zh="上门维修",
                name_en="Repairs",
                situations=("水管漏水", "空调坏了"),
            ),
        )
    )
    fitted = classifier.fit(two)
    assert fitted is not None
    logs = fitted.log_probabilities(["头发太长了想剪一剪", "家里水管漏水了"])
    assert np.allclose(np.exp(logs).sum(axis=1), 1.0)
    assert logs.argmax(axis=1).tolist() == [0, 1]


def test_a_character_the_catalogue_writes_only_inside_words_still_tells() -> None:
    """药 stands alone in no phrase below (用药, 药箱, 配药): as a word or a pair of
    characters the text 这些药 shares nothing with them, as a character it does."""
    two = Standard(
        categories=(
            CategoryDef(
                code="health_checkup",
                name_zh="义诊",
                name_en="Clinics",
                situations=("用药指导", "药箱整理", "代配药"),
            ),
            CategoryDef(
                code="home_repair",
                name_zh="上门维修",
                name_en="Repairs",
                situations=("水管漏水", "空调坏了", "门锁坏了"),
            ),
        )
    )
    fitted = classifier.fit(two)
    assert fitted is not None
    assert fitted.vectorizer.characters
    assert "c:药" in fitted.vectorizer.vocabulary
    health = fitted.log_probabilities(["这些药"])[0]
    assert np.exp(health[0]) > 0.6

    words_only = textmod.Vectorizer(
        vocabulary=fitted.vectorizer.vocabulary, idf=fitted.vectorizer.idf
    )
    assert words_only.transform(["这些药"]).nnz == 0


def test_a_category_without_a_name_cannot_be_learned() -> None:
    standard = load_standard()
    nameless = dataclasses.replace(
        standard,
        categories=(
            dataclasses.replace(
                standard.categories[0], name_zh="", covers=(), situations=(), keywords=()
            ),
            *standard.categories[1:],
        ),
    )
    with pytest.raises(ValueError, match="needs a name or a phrase"):
        classifier.fit(nameless)


def _with_situation(standard: Standard, code: str, situation: str) -> Standard:
    return dataclasses.replace(
        standard,
        categories=tuple(
            dataclasses.replace(c, situations=(*c.situations, situation)) if c.code == code else c
            for c in standard.categories
        ),
    )
