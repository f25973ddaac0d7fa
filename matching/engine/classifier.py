"""What a text is about, as the service catalogue teaches it: a linear classifier.

The catalogue gives every category its name, what it covers, its keywords and a few
dozen situations in residents' own words. A multinomial logistic regression
(scikit-learn) learns from those phrases which words, characters and character n-grams
tell the categories apart, rather than how much a text resembles each category's phrases
as a whole. It is added to the cosines at a small weight, so it nudges readings rather
than decides them alone.

It is fitted on the catalogue alone, in its own vocabulary, and reads a text the same in
every district; a reading adds its log-probabilities to the category model's cosines,
which bring in the district's own offerings (:meth:`.categories.CategoryModel.read`),
and a district's confirmed examples still shift readings in that district. Words naming
people (孩子, 老人) are not weighed down for it as they are for the cosines: it learns
from the catalogue how much they tell.

Fitting takes a fraction of a second. It is done once per catalogue in a process
(:func:`fit`) and saved with index snapshots, so a process that opens one never fits it
(nor imports scikit-learn).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.engine import text as textmod
from matching.engine.reading import reading_vectors
from matching.engine.types import CategoryDef, Standard

# Inverse strength of the L2 penalty: strong enough that no single word sways a short
# text (下水道堵了 is not a quarrel because 堵 appears among blocked corridors). Chosen
# with CLASSIFIER_WEIGHT on the development set, the project's own situations and short
# needs (benchmarks/data/short_needs.json): 1 and 2 read them less well, 8 and 16 no
# better.
STRENGTH = 4.0
# Single characters are features too, beside jieba's words and pairs and triples of
# characters: jieba cuts 药太多 as one word, and the catalogue writes 药 only inside
# 用药, 药箱 and 代配药; as a character it still tells.
CHARACTERS = True
# The solver's settings: SAGA fits the catalogue in about a quarter of a second where
# L-BFGS took seconds for the same readings; a fixed seed makes every fit the same.
_TOLERANCE = 1e-3
_MAX_ITER = 300
_SEED = 0


@dataclass(frozen=True, slots=True)
class CatalogueClassifier:
    """Per category, a linear score over the catalogue's own vocabulary."""

    vectorizer: textmod.Vectorizer
    coef_t: npt.NDArray[np.float64]  # features x categories, in the standard's order
    intercept: npt.NDArray[np.float64]  # per category

    def vectors(self, texts: Sequence[str]) -> sp.csr_matrix:
        """``texts`` in this vocabulary as they are read: what is lacking counts more."""
        return reading_vectors(self.vectorizer, texts, self.vectorizer.transform(texts))

    def log_probabilities(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """One row per text: the log-probability of each category."""
        logits = np.asarray(self.vectors(texts) @ self.coef_t, dtype=np.float64) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        result: npt.NDArray[np.float64] = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return result


def phrases_of(category: CategoryDef) -> tuple[str, ...]:
    """What the catalogue says a category is: its name, what it covers, the situations it
    serves and its keywords (together); what it excludes is not taught as the category."""
    keywords = " ".join(category.keywords)
    return tuple(
        p for p in (category.name_zh, *category.covers, *category.situations, keywords) if p
    )


def fit(standard: Standard) -> CatalogueClassifier | None:
    """The classifier of ``standard``'s catalogue, fitted once per process for the same
    phrases (every index of a catalogue shares it); None when the standard has no
    catalogue: names alone are too little to learn from, and texts are then read by the
    category model's cosines."""
    if not any(c.covers or c.situations or c.keywords for c in standard.categories):
        return None
    return _fitted(_key(standard), CHARACTERS)


def _key(standard: Standard) -> tuple[tuple[str, ...], ...]:
    return tuple((c.code, *phrases_of(c)) for c in standard.categories)


@functools.lru_cache(maxsize=4)
def _fitted(key: tuple[tuple[str, ...], ...], characters: bool) -> CatalogueClassifier:
    from sklearn.linear_model import LogisticRegression

    phrases = [phrase for _code, *rows in key for phrase in rows]
    labels = np.array([k for k, (_code, *rows) in enumerate(key) for _ in rows], dtype=np.int64)
    vectorizer, matrix = textmod.Vectorizer.fit_transform(phrases, characters=characters)
    model = LogisticRegression(
        C=STRENGTH, solver="saga", tol=_TOLERANCE, max_iter=_MAX_ITER, random_state=_SEED
    ).fit(matrix, labels)
    classes = np.asarray(model.classes_, dtype=np.int64)
    if classes.size != len(key):
        raise ValueError("every category of the standard needs a name or a phrase to learn from")
    coef: npt.NDArray[np.float64] = np.zeros((len(key), vectorizer.size), dtype=np.float64)
    intercept: npt.NDArray[np.float64] = np.zeros(len(key), dtype=np.float64)
    if len(key) == 2:
        # A binary fit gives one row for the second class: as a softmax, (-w/2, +w/2).
        coef[classes] = np.vstack([-model.coef_[0] / 2, model.coef_[0] / 2])
        intercept[classes] = [-model.intercept_[0] / 2, model.intercept_[0] / 2]
    else:
        coef[classes] = model.coef_
        intercept[classes] = model.intercept_
    return CatalogueClassifier(
        vectorizer=vectorizer,
        coef_t=np.ascontiguousarray(coef.T),
        intercept=intercept,
    )
