"""Vectorising works clause by clause, each distinct clause once: the vocabulary and the
vectors are exactly those of the texts' features taken one text at a time."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from matching.engine import text as textmod

TEXTS = [
    "为社区老人上门理发，每月一次",
    "为社区老人上门理发，每月两次 Wi-Fi 2026",
    "水管漏水，上门维修；每月一次",
    "",
    "，，，",
    "每月一次",
]


def _reference(
    texts: list[str], vocabulary: dict[str, int], *, grow: bool, characters: bool = False
) -> sp.csr_matrix:
    rows, cols = [], []
    for r, text in enumerate(texts):
        for feature in textmod.features(text, characters=characters):
            if grow:
                vocabulary.setdefault(feature, len(vocabulary))
            if feature in vocabulary:
                rows.append(r)
                cols.append(vocabulary[feature])
    counts = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(vocabulary)))
    counts.sum_duplicates()
    return counts


@pytest.mark.parametrize("characters", [False, True])
def test_fitting_gives_the_vocabulary_and_counts_of_the_features(characters: bool) -> None:
    vectorizer, vectors = textmod.Vectorizer.fit_transform(TEXTS, characters=characters)

    vocabulary: dict[str, int] = {}
    counts = _reference(TEXTS, vocabulary, grow=True, characters=characters)
    assert vectorizer.vocabulary == vocabulary
    assert np.allclose(vectors.toarray(), vectorizer._weigh(counts).toarray())


@pytest.mark.parametrize("characters", [False, True])
def test_transforming_drops_unknown_features_and_counts_the_known(characters: bool) -> None:
    vectorizer, _ = textmod.Vectorizer.fit_transform(TEXTS, characters=characters)
    others = ["老人上门理发，水管漏水", "完全陌生的句子", "每月一次，每月一次"]

    counts = _reference(others, dict(vectorizer.vocabulary), grow=False, characters=characters)
    assert np.allclose(vectorizer.transform(others).toarray(), vectorizer._weigh(counts).toarray())


def test_single_characters_are_features_only_when_asked() -> None:
    assert "c:药" not in textmod.features("药太多了")
    assert "c:药" in textmod.features("药太多了", characters=True)
    assert "c:多" in textmod.features("药太多了", characters=True)
    assert textmod.features("Wi-Fi", characters=True) == textmod.features("Wi-Fi")
