"""What a text is about: a category model learned from a district's own offerings.

Partners choose a category when they register an offering, so every index holds a
labelled corpus written in its own district's words. The model is built from it at
index build time, together with the standard's category names, and read back on needs
(and on offerings left uncategorised):

- features: TF-IDF over jieba words and character 2-/3-grams (:mod:`.text`);
- one centroid per category: the normalised sum of its offerings' vectors, plus its
  definition (the category name, weighted so a category with few offerings still has a
  recognisable profile);
- probabilities: a softmax over cosine similarities to the centroids; texts read for
  their category add the catalogue's own description of each category and, when there
  is a catalogue, its classifier's log-probabilities (:mod:`.classifier`).

The category graph (networkx) turns the standard's ``related`` lists into partial credit
between categories: :func:`category_similarity`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.engine import text as textmod
from matching.engine.types import Standard

if TYPE_CHECKING:
    from matching.engine.classifier import CatalogueClassifier

# Credit between a need's category and an offering's: the same category counts fully;
# an offering whose category lists the need's as related serves it in part; the weaker
# direction (the need's category lists the offering's) and two steps away count less.
SAME = 1.0
RELATED = 0.45
RELATED_REVERSE = 0.25
TWO_STEPS = 0.08

# Softmax temperature over cosines: cosines differ by a few hundredths between close
# categories, so a small temperature is needed for a useful spread of probabilities.
TEMPERATURE = 0.025
DEFINITION_WEIGHT = 0.6
# Texts are read (:meth:`CategoryModel.read`) with a temperature fitted, as the one
# scalar of temperature scaling, on all the texts of two sets of labelled situations,
# the development set and the project's own (``benchmarks/data/situations.json``; see
# ``matching.engine.reading_evaluation --fit``; a third set, held out, checks it): the
# probabilities people are shown. Ranking weighs the categories of a need read from its
# text at TEMPERATURE above (see :func:`calibrated`). What the catalogue does not cover
# counts against a category with EXCLUSION_WEIGHT.
READING_TEMPERATURE = 0.0247
# Temperature scaling alone cannot do both things calibration asks of a reading: its
# middling readings of a sentence prove right more often than their softmax says, and a
# text of a few words (路灯不亮了) gives less to go on than its softmax shows, so its
# sure readings are wrong more often than they say. So the first category's
# probability is shown Platt-scaled on its log-odds and the text's length n in
# characters (:func:`.text.length`), sigmoid(READING_SLOPE * logit(p) + READING_OFFSET +
# READING_SHORTNESS / sqrt(n)) (see :func:`shown`), the three fitted (least log loss) on
# the same texts at READING_TEMPERATURE.
READING_SLOPE = 0.856
READING_OFFSET = 3.102
READING_SHORTNESS = -9.331
# The probability of a reading is shared among this many best-scoring categories: the
# long tail of unrelated categories, each with a sliver of probability, would otherwise
# make every reading look less sure than it proves to be.
READING_CANDIDATES = 5
EXCLUSION_WEIGHT = 0.5
# A text's reading adds the log-probabilities of the catalogue's classifier
# (:mod:`.classifier`), at this many cosine units per unit, to the cosines below: the
# classifier weighs the words that tell categories apart, the cosines bring the
# district's own offerings and hold short texts steady where a few words would sway the
# classifier alone. Chosen with the classifier's STRENGTH on the development set, the
# project's own situations and short needs (0.04 and 0.07 read them less well).
CLASSIFIER_WEIGHT = 0.05
# A category's description is its name, summary, what it covers and its keywords, plus
# (at this weight, each part normalised) the situations residents describe: thirty
# situations would otherwise drown the few phrases that say what the category is.
# Chosen, with the temperature, on the fitting half of the labelled situations.
SITUATION_WEIGHT = 0.5
# A reading whose most likely category has at least this probability is shown as the
# engine's answer; below it the pages ask to pick among the top three.
CONFIDENT = 0.7
# The standard names each category's typical beneficiaries and delivery modes; whom a
# text concerns and how it is to be delivered shift the reading towards the categories
# that typically serve them. In cosine units, for full agreement; the beneficiaries'
# weight chosen (least log loss, with the temperature) on the fitting halves.
BENEFICIARY_PRIOR = 0.03
MODE_PRIOR = 0.07
# A category the standard lists as serving everyone (``all``) is typical, at this share,
# for any group it does not list by name: a venue or a fund serves children's and old
# people's events alike, and must not lose to every category that names the group.
EVERYONE_SHARE = 0.5
# How far a district's confirmed examples move a reading (see _example_reach): fully
# when the reading without them gives its first category at most 1 - 1/EXAMPLE_DOUBT,
# or when their shift reaches 2 x EXAMPLE_CLOSE (a text close to an example); in
# proportion below that.
EXAMPLE_DOUBT = 3.0
EXAMPLE_CLOSE = 0.3
# Words naming people (孩子, 老人, 宝妈) say whom a text concerns, which the beneficiary
# prior already weighs; in the text itself they count at this weight, so that who is
# named does not outweigh what is lacking (a place, money, a repair).
PERSON_WEIGHT = 0.1


def category_similarity(standard: Standard) -> npt.NDArray[np.float32]:
    """``S[i, j]``: credit when a need of category ``i`` meets an offering of category ``j``.

    Built on a directed networkx graph with an edge ``j -> i`` for every category ``i``
    listed in ``j``'s ``related``.
    """
    import networkx as nx

    codes = [c.code for c in standard.categories]
    position = {code: i for i, code in enumerate(codes)}
    graph = nx.DiGraph()
    graph.add_nodes_from(codes)
    for category in standard.categories:
        for other in category.related:
            if other in position:
                graph.add_edge(category.code, other)
    undirected = graph.to_undirected()
    matrix = np.zeros((len(codes), len(codes)), dtype=np.float32)
    for need_code, i in position.items():
        lengths = nx.single_source_shortest_path_length(undirected, need_code, cutoff=2)
        for offer_code, steps in lengths.items():
            j = position[offer_code]
            if steps == 0:
                matrix[i, j] = SAME
            elif graph.has_edge(offer_code, need_code):
                matrix[i, j] = RELATED
            elif steps == 1:
                matrix[i, j] = RELATED_REVERSE
            else:
                matrix[i, j] = TWO_STEPS
    return matrix


def definition_text(standard: Standard, code: str) -> str:
    """The words the standard itself gives a category (its Chinese name)."""
    for category in standard.categories:
        if category.code == code:
            return category.name_zh
    return ""


@dataclass(frozen=True, slots=True)
class CategoryModel:
    """Category centroids over a fitted vocabulary; ``codes`` gives the column order."""

    codes: tuple[str, ...]
    vectorizer: textmod.Vectorizer
    centroids: sp.csr_matrix  # categories x features, rows L2-normalised
    # Per feature: how much it says about the category (1 when it occurs in one
    # category only, near 0 when spread evenly over all of them, like 老人 or 社区).
    feature_weights: npt.NDArray[np.float64] = field(
        default_factory=lambda: np.zeros(0, dtype=np.float64)
    )
    typical_beneficiaries: tuple[frozenset[str], ...] = ()
    typical_modes: tuple[frozenset[str], ...] = ()
    # What the standard and its catalogue say of each category: its name, what it covers
    # and the situations it serves (one L2-normalised row per category), and what it
    # does not cover (rows of zeros where the catalogue says nothing).
    definitions: sp.csr_matrix | None = None
    exclusions: sp.csr_matrix | None = None
    # Features x categories, kept transposed so reading a text is one sparse product
    # each: the centroids, and the descriptions less what each category does not cover.
    centroids_t: sp.csr_matrix | None = None
    descriptions_t: sp.csr_matrix | None = None
    # Per feature, its weight in a text being read: PERSON_WEIGHT for the features of
    # words naming people, 1 otherwise (empty: all 1).
    reading_weights: npt.NDArray[np.float64] = field(
        default_factory=lambda: np.zeros(0, dtype=np.float64)
    )
    # What the catalogue teaches of each category (:mod:`.classifier`): when there is
    # one, its log-probabilities join every reading (see :meth:`read`).
    classifier: CatalogueClassifier | None = None

    @classmethod
    def fit(
        cls,
        standard: Standard,
        labels: Sequence[str | None],
        *,
        vectorizer: textmod.Vectorizer,
        matrix: sp.csr_matrix,
        persons: Sequence[str] = (),
        classifier: CatalogueClassifier | None = None,
    ) -> CategoryModel:
        """Centroids from ``matrix`` rows (offering vectors) with a known
        label, plus each category's definition; ``persons`` are the words naming people,
        weighed down in the texts read (:data:`PERSON_WEIGHT`); ``classifier`` reads
        texts when given."""
        codes = tuple(c.code for c in standard.categories)
        position = {code: i for i, code in enumerate(codes)}
        rows = [i for i, label in enumerate(labels) if label in position]
        cols = [position[labels[i]] for i in rows]  # type: ignore[index]
        assign = sp.csr_matrix(
            (np.ones(len(rows)), (cols, rows)), shape=(len(codes), matrix.shape[0])
        )
        sums = sp.csr_matrix(assign @ matrix)
        feature_weights = _discrimination(sums, len(codes))
        weighted = textmod.normalise_rows(scale_columns(sums, feature_weights))
        names = vectorizer.transform([definition_text(standard, code) for code in codes])
        centroids = textmod.normalise_rows(weighted + DEFINITION_WEIGHT * names)
        # A category the catalogue says nothing of is known by its name, already in
        # its centroid.
        core = _phrase_centroids(
            vectorizer,
            [
                (c.name_zh, *c.covers, " ".join(c.keywords))
                if c.covers or c.situations or c.keywords
                else ()
                for c in standard.categories
            ],
        )
        situations = _phrase_centroids(vectorizer, [c.situations for c in standard.categories])
        definitions = textmod.normalise_rows(sp.csr_matrix(core + SITUATION_WEIGHT * situations))
        exclusions = _phrase_centroids(vectorizer, [c.excludes for c in standard.categories])
        descriptions = sp.csr_matrix(definitions - EXCLUSION_WEIGHT * exclusions)
        return cls(
            codes=codes,
            vectorizer=vectorizer,
            centroids=centroids,
            feature_weights=feature_weights,
            typical_beneficiaries=tuple(c.typical_beneficiaries for c in standard.categories),
            typical_modes=tuple(c.typical_modes for c in standard.categories),
            definitions=definitions,
            exclusions=exclusions,
            centroids_t=sp.csr_matrix(centroids.T),
            descriptions_t=sp.csr_matrix(descriptions.T) if descriptions.nnz else None,
            reading_weights=word_weights(vectorizer, persons, PERSON_WEIGHT),
            classifier=classifier,
        )

    def read(
        self,
        matrix: sp.csr_matrix,
        contexts: Sequence[tuple[frozenset[str], frozenset[str]]] | None = None,
        shift: npt.NDArray[np.float64] | None = None,
        *,
        texts: Sequence[str],
        temperature: float = READING_TEMPERATURE,
        candidates: int | None = READING_CANDIDATES,
        scaled: bool = True,
    ) -> npt.NDArray[np.float32]:
        """Calibrated category probabilities of texts (rows of ``matrix``, the texts
        themselves in ``texts``): the cosine to the offerings' centroids plus the cosine
        to the standard's own description of each category (its name, what it covers,
        the situations it serves), less :data:`EXCLUSION_WEIGHT` times the cosine to what
        it does not cover, plus :meth:`context_prior`, plus :data:`CLASSIFIER_WEIGHT`
        times the log-probability the catalogue's :attr:`classifier` gives (when there
        is one), plus ``shift`` (as far as
        :func:`_example_reach` lets it); a softmax at :data:`READING_TEMPERATURE` over
        the :data:`READING_CANDIDATES` best (``candidates=None``: over all), then
        :func:`shown` (``scaled=False``: the softmax alone, what calibration is fitted
        on). The rows are texts as read (:meth:`weigh_for_reading`: words naming people
        weigh less)."""
        scores = self._centroid_cosines(matrix)
        if self.descriptions_t is not None:
            scores += (matrix @ self.descriptions_t).toarray().astype(np.float64)
        if contexts is not None:
            scores += self.context_prior(contexts)
        if len(texts) != matrix.shape[0]:
            raise ValueError(f"{len(texts)} texts for {matrix.shape[0]} rows")
        if self.classifier is not None and CLASSIFIER_WEIGHT:
            scores += CLASSIFIER_WEIGHT * self.classifier.log_probabilities(texts)
        if shift is not None:
            scores += shift * _example_reach(shift, _softmax(scores, temperature, candidates))
        probs = _softmax(scores, temperature, candidates)
        return shown(probs, lengths_of(texts)) if scaled else probs

    def weigh_for_reading(self, matrix: sp.csr_matrix) -> sp.csr_matrix:
        """Rows of ``matrix`` with words naming people at :data:`PERSON_WEIGHT`,
        L2-normalised again (as they are when read)."""
        if not self.reading_weights.size:
            return matrix
        return textmod.normalise_rows(scale_columns(matrix, self.reading_weights))

    def _centroid_cosines(self, matrix: sp.csr_matrix) -> npt.NDArray[np.float64]:
        if self.feature_weights.size:
            matrix = textmod.normalise_rows(scale_columns(matrix, self.feature_weights))
        centroids_t = self.centroids.T if self.centroids_t is None else self.centroids_t
        return np.asarray((matrix @ centroids_t).toarray(), dtype=np.float64)

    def context_prior(
        self, contexts: Sequence[tuple[frozenset[str], frozenset[str]]]
    ) -> npt.NDArray[np.float64]:
        """Per (beneficiaries, modes) context, how typical each category is for them (in
        cosine units): the share of the named groups (``all`` aside) and of the modes that
        the standard lists as typical for the category; a group a category serving ``all``
        does not name counts at :data:`EVERYONE_SHARE`."""
        prior = np.zeros((len(contexts), len(self.codes)), dtype=np.float64)
        if not contexts:
            return prior
        if self.typical_beneficiaries:
            groups = [beneficiaries - {"all"} for beneficiaries, _ in contexts]
            prior += _typical_share(
                groups, self.typical_beneficiaries, BENEFICIARY_PRIOR, everyone="all"
            )
        if self.typical_modes:
            named_modes = [modes for _, modes in contexts]
            prior += _typical_share(named_modes, self.typical_modes, MODE_PRIOR)
        return prior

    def probabilities(
        self,
        matrix: sp.csr_matrix,
        contexts: Sequence[tuple[frozenset[str], frozenset[str]]] | None = None,
        shift: npt.NDArray[np.float64] | None = None,
    ) -> npt.NDArray[np.float32]:
        """One row of category probabilities per row of ``matrix``: a softmax over the
        cosines to the centroids, plus :meth:`context_prior` of ``contexts`` (one
        (beneficiaries, modes) pair per row) when given, plus ``shift`` (in cosine units,
        one row per row) when given."""
        cosines = self._centroid_cosines(matrix)
        if contexts is not None:
            cosines += self.context_prior(contexts)
        if shift is not None:
            cosines += shift
        return _softmax(cosines, TEMPERATURE)


def _example_reach(
    shift: npt.NDArray[np.float64], before: npt.NDArray[np.float32]
) -> npt.NDArray[np.float64]:
    """Per row, the share of the district's examples' ``shift`` applied: in full where
    the reading ``before`` them is unsure, or where an example is close to the text (a
    strong shift, as a correction of the same sentence gives); less where the engine is
    sure and the examples only resemble the text, so that an example sharing its scene
    does not overturn a clear reading."""
    unsure = 1.0 - before.max(axis=1, keepdims=True).astype(np.float64)
    strength = np.abs(shift).max(axis=1, keepdims=True)
    close = np.maximum(strength - EXAMPLE_CLOSE, 0.0) / EXAMPLE_CLOSE
    reach: npt.NDArray[np.float64] = np.minimum(1.0, EXAMPLE_DOUBT * unsure + close)
    return reach


@functools.lru_cache(maxsize=8)
def _typical_matrix(
    typical: tuple[frozenset[str], ...], everyone: str | None = None
) -> tuple[dict[str, int], npt.NDArray[np.float64]]:
    """The codes named as typical of some category (code -> row), and per code and
    category 1 when the category lists it (:data:`EVERYONE_SHARE` when it lists only
    ``everyone``): built once per standard, not per reading."""
    column = {code: j for j, code in enumerate(sorted(set().union(*typical)))}
    listed = np.zeros((len(column), len(typical)), dtype=np.float64)
    for k, codes in enumerate(typical):
        if everyone is not None and everyone in codes:
            listed[:, k] = EVERYONE_SHARE
        listed[[column[code] for code in codes], k] = 1.0
    listed.flags.writeable = False
    return column, listed


def _typical_share(
    named: Sequence[frozenset[str]],
    typical: Sequence[frozenset[str]],
    weight: float,
    *,
    everyone: str | None = None,
) -> npt.NDArray[np.float64]:
    """Per set of ``named`` codes and per category, ``weight`` times the share of the
    named codes the category lists as ``typical`` (0 for an empty set; a code counts at
    :data:`EVERYONE_SHARE` for a category listing ``everyone``): one matrix product of
    indicators for the whole block rather than a loop over categories."""
    column, listed = _typical_matrix(tuple(typical), everyone)
    rows = [i for i, codes in enumerate(named) for code in codes if code in column]
    cols = [column[code] for codes in named for code in codes if code in column]
    present = np.zeros((len(named), len(column)), dtype=np.float64)
    present[rows, cols] = 1.0
    sizes = np.array([len(codes) for codes in named], dtype=np.float64)
    share = np.zeros((len(named), len(typical)), dtype=np.float64)
    filled = sizes > 0
    credit = present @ listed
    if everyone is not None:
        # A code no category lists by name is still served by those serving everyone.
        unlisted = sizes - present.sum(axis=1)
        serves_all = np.array([everyone in codes for codes in typical], dtype=np.float64)
        credit += np.outer(unlisted, EVERYONE_SHARE * serves_all)
    share[filled] = weight * credit[filled] / sizes[filled, np.newaxis]
    return share


def calibrated(
    probs: npt.NDArray[np.float32], lengths: npt.NDArray[np.float64]
) -> npt.NDArray[np.float32]:
    """Probabilities read at the ranking's :data:`TEMPERATURE` as
    :meth:`CategoryModel.read` gives them: the same scores, re-tempered at
    :data:`READING_TEMPERATURE`, then :func:`shown` (``lengths``: of the rows' texts)."""
    logs = np.log(np.maximum(probs.astype(np.float64), 1e-300))
    return shown(
        _softmax(np.atleast_2d(logs), READING_TEMPERATURE / TEMPERATURE, READING_CANDIDATES),
        lengths,
    ).reshape(probs.shape)


def platt(
    p: npt.NDArray[np.float64],
    lengths: npt.NDArray[np.float64],
    slope: float | None = None,
    offset: float | None = None,
    shortness: float | None = None,
) -> npt.NDArray[np.float64]:
    """Platt scaling of probabilities ``p`` on their log-odds (kept off 0 and 1) and the
    lengths of their texts (:func:`.text.length`, at least 1), by :data:`READING_SLOPE`,
    :data:`READING_OFFSET` and :data:`READING_SHORTNESS` unless given."""
    slope = READING_SLOPE if slope is None else slope
    offset = READING_OFFSET if offset is None else offset
    shortness = READING_SHORTNESS if shortness is None else shortness
    q = np.clip(p, 1e-6, 1.0 - 1e-6)
    n = np.maximum(np.asarray(lengths, dtype=np.float64), 1.0)
    scaled: npt.NDArray[np.float64] = 1.0 / (
        1.0 + np.exp(-(slope * np.log(q / (1.0 - q)) + offset + shortness / np.sqrt(n)))
    )
    return scaled


def lengths_of(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """:func:`.text.length` of each of ``texts``, as :func:`platt` takes them."""
    return np.array([textmod.length(t) for t in texts], dtype=np.float64)


# How far above a tie with the second :func:`shown` keeps a first category, relatively:
# enough to survive rounding to float32.
TIE_MARGIN = 1e-5
# No reading of a text is shown surer than this: a few words never make it certain, and
# readings shown at 0.9 or more proved right 95 to 100 times in 100 on the sets measured.
MOST_SURE = 0.99


def shown(
    probs: npt.NDArray[np.float32], lengths: npt.NDArray[np.float64]
) -> npt.NDArray[np.float32]:
    """Each row as people are shown it (``lengths``: its text's, :func:`lengths_of`): its
    first category at :func:`platt` of its probability, at most :data:`MOST_SURE`, the
    others scaled to share the rest as they shared it before. The order is kept (a first
    category is never shown below the second). A row whose first category held
    everything leaves the rest unassigned."""
    rows = np.atleast_2d(probs).astype(np.float64)
    if not rows.size:
        return probs
    at = np.arange(rows.shape[0])
    first = rows.argmax(axis=1)
    top = rows[at, first]
    rest = 1.0 - top
    second = -np.partition(-rows, 1, axis=1)[:, 1] if rows.shape[1] > 1 else np.zeros_like(top)
    # The probability at which the first category would tie with the second, and a hair
    # above it: a tie would let the categories' order decide which is shown first.
    tie = np.divide(second, rest + second, out=np.zeros_like(top), where=rest + second > 0)
    scaled_top = np.minimum(
        np.maximum(platt(top, lengths), np.minimum(tie * (1.0 + TIE_MARGIN), top)), MOST_SURE
    )
    scale = np.divide(1.0 - scaled_top, rest, out=np.zeros_like(rest), where=rest > 1e-12)
    result = rows * scale[:, np.newaxis]
    result[at, first] = scaled_top
    out: npt.NDArray[np.float32] = result.astype(np.float32).reshape(probs.shape)
    return out


def _softmax(
    scores: npt.NDArray[np.float64], temperature: float, candidates: int | None = None
) -> npt.NDArray[np.float32]:
    """Softmax of each row at ``temperature``; with ``candidates``, over that many best
    scores of the row only (the others get 0)."""
    logits = scores / temperature
    logits -= logits.max(axis=1, keepdims=True)
    weights = np.exp(logits)
    if candidates is not None and candidates < weights.shape[1]:
        kth = -np.partition(-logits, candidates - 1, axis=1)[:, candidates - 1 : candidates]
        weights = np.where(logits >= kth, weights, 0.0)
    probs: npt.NDArray[np.float32] = (weights / weights.sum(axis=1, keepdims=True)).astype(
        np.float32
    )
    return probs


def _phrase_centroids(
    vectorizer: textmod.Vectorizer, phrases: Sequence[Sequence[str]]
) -> sp.csr_matrix:
    """One L2-normalised row per category: the sum of its phrases' vectors (each phrase
    counted once, however long), zeros for a category without phrases."""
    flat = [p for group in phrases for p in group]
    owner = [k for k, group in enumerate(phrases) for _ in group]
    if not flat:
        return sp.csr_matrix((len(phrases), vectorizer.size), dtype=np.float64)
    vectors = vectorizer.transform(flat)
    assign = sp.csr_matrix(
        (np.ones(len(flat)), (owner, np.arange(len(flat)))), shape=(len(phrases), len(flat))
    )
    return textmod.normalise_rows(sp.csr_matrix(assign @ vectors))


def word_weights(
    vectorizer: textmod.Vectorizer, words: Sequence[str], weight: float
) -> npt.NDArray[np.float64]:
    """Per feature, ``weight`` for the features of ``words`` (the word itself and the
    character n-grams inside it), 1 for the others; empty when no word is known."""
    columns = {
        j
        for word in words
        for feature in textmod.features(word)
        if (j := vectorizer.vocabulary.get(feature)) is not None
    }
    if not columns:
        return np.zeros(0, dtype=np.float64)
    weights = np.ones(vectorizer.size, dtype=np.float64)
    weights[sorted(columns)] = weight
    return weights


# Floor of a feature's weight, so that spread-out words still count a little.
WEIGHT_FLOOR = 0.05


def _discrimination(sums: sp.csr_matrix, categories: int) -> npt.NDArray[np.float64]:
    """Per feature, ``sqrt(1 - H / log K) + floor``: ``H`` the entropy of its mass over
    the categories' offerings. Features never seen in a categorised offering get 1."""
    coo = sums.tocoo()
    totals = np.bincount(coo.col, weights=coo.data, minlength=sums.shape[1])
    share = coo.data / np.where(totals[coo.col] > 0, totals[coo.col], 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(share > 0, -share * np.log(share), 0.0)
    entropy = np.bincount(coo.col, weights=terms, minlength=sums.shape[1])
    spread = entropy / math.log(max(categories, 2))
    weights: npt.NDArray[np.float64] = np.sqrt(np.clip(1.0 - spread, 0.0, 1.0)) + WEIGHT_FLOOR
    return weights


def scale_columns(matrix: sp.csr_matrix, weights: npt.NDArray[np.float64]) -> sp.csr_matrix:
    scaled = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
    scaled.data = scaled.data * weights[scaled.indices]
    return scaled
