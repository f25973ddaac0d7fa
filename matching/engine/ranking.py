"""Ranking offerings for needs: hard rules first, then one explained score.

:class:`MatchIndex` holds one district's (or city's) offerings as arrays, one entry per
offering, so a need is checked and scored against all of them with a few vectorised
numpy operations.

Hard rules (an offering breaking one is never proposed):

- its validity period overlaps the need's window (and, when ``today`` is given, has
  not ended before today);
- it has a delivery mode the need accepts (a need listing no mode accepts any);
- it serves the need's community: a listed community, street or district code covers
  everything under it; a ``radius_km`` area is measured from the partner's location;
  an offering delivered online serves everywhere when the need accepts online delivery;
- its partner is verified;
- it has capacity left this quarter.

Soft signals, each worth a fixed share of a score out of 1 (:data:`WEIGHTS`): what the
need is about (its category or the one read from its text, against the offering's, with
partial credit for related categories), beneficiary fit, weekly time overlap with the
preferred slots, cost, text similarity, distance, the partner's reliability and its
current load. Each match lists these as :class:`Reason` s whose shares add up to its score.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.engine import classifier as classifiermod
from matching.engine import reach, spread
from matching.engine import text as textmod
from matching.engine.categories import (
    CONFIDENT,
    TEMPERATURE,
    CategoryModel,
    calibrated,
    category_similarity,
    lengths_of,
)
from matching.engine.geo import haversine_from, haversine_grid, haversine_km
from matching.engine.reading import (
    BENEFICIARY_CUES,
    MODE_CUES,
    PERSON_WORDS,
    ExampleMemory,
    merge_cues,
    read_cues,
    reading_vectors,
)
from matching.engine.rows import LazyRows
from matching.engine.types import (
    Candidates,
    CategoryGuess,
    Exclusion,
    Match,
    NeedFacts,
    OfferingFacts,
    OfferingSummary,
    Opportunity,
    PartnerFacts,
    Place,
    Ranking,
    Reading,
    Reason,
    Slot,
    Standard,
    TextExample,
)

FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

# Each signal's share of a perfect score. Category, beneficiaries, time and cost decide
# whether an offering serves a need at all; the rest orders offerings that serve it
# equally well, so together they are kept below the smallest of the deciding signals.
WEIGHTS: dict[str, float] = {
    "category": 0.49,
    "beneficiaries": 0.16,
    "time": 0.14,
    "cost": 0.10,
    "text": 0.04,
    "distance": 0.03,
    "reliability": 0.02,
    "load": 0.02,
}
# Beneficiary fit, time and cost only matter for an offering of the kind of service the
# need asks for: they count in proportion to the category signal (an unrelated offering
# does not climb by being free and open at the right hours).
GATED = frozenset({"beneficiaries", "time", "cost"})
_GATED_SUM = sum(WEIGHTS[name] for name in GATED)
_WEIGHT_NAMES = tuple(WEIGHTS)
_WEIGHT_VALUES = tuple(WEIGHTS.values())
_WEIGHT_GATED = tuple(name in GATED for name in WEIGHTS)
_WEIGHT_ARRAY = np.array(_WEIGHT_VALUES, dtype=np.float64)
_GATED_COLUMNS = np.flatnonzero(np.array(_WEIGHT_GATED))
_CATEGORY, _TIME, _DISTANCE = (_WEIGHT_NAMES.index(n) for n in ("category", "time", "distance"))
_NEED_TEXT_COLUMNS = (_CATEGORY, _TIME, _DISTANCE)
# Reasons whose text depends only on the offering and its partner, not on the need.
_OFFER_TEXTS = frozenset({"beneficiaries", "cost", "text", "reliability", "load"})
_EXTRAS = sum(w for name, w in WEIGHTS.items() if name != "category" and name not in GATED)
COST_VALUE = {"free": 1.0, "low_cost": 0.8, "paid": 0.0}
# An hour of weekly overlap with the preferred slots counts as a full fit.
FULL_OVERLAP_MINUTES = 60
# Distance credit falls linearly to nothing at this many kilometres.
DISTANCE_HORIZON_KM = 10.0
# Load: a partner handed work this many times recently gets half the credit.
LOAD_HALF = 5.0
UNKNOWN_RELIABILITY = 0.5
NEED_BLOCK = 128
# Needs read (not ranked) together: a block's vectors and readings are small.
READ_BLOCK = 2048
# Readings kept per index (see read_categories), emptied when full.
READINGS_KEPT = 200_000
# Inferred offerings' credit rows kept per index (see _inferred_credit): one per known
# category and a few read needs; emptied when full.
CREDITS_KEPT = 128
# How many communities' coverage masks, and how many reason texts, an index keeps. A
# community's masks and eligible offerings take up to about CACHE_BYTES_PER_OFFERING
# bytes per offering: at a city's 300,000 offerings, 2,048 communities took gigabytes,
# so the count is also held under COVERAGE_CACHE_BYTES (rank_many goes community by
# community and needs one at a time). Its coverage mask alone, a byte per offering, is
# kept apart under AREA_CACHE_BYTES: a partner's opportunities read the areas of every
# community with open needs (a district's 418 fit; 223 of a city's), and masks emptied
# before the last community was read were all read again for each partner.
COVERAGE_CACHE = 2048
COVERAGE_CACHE_BYTES = 256 * 2**20
AREA_CACHE_BYTES = 64 * 2**20
CACHE_BYTES_PER_OFFERING = 32
TEXT_CACHE = 20_000
# How many reasons an index keeps to hand out again: a district's matches repeat the same
# few tens of thousands of reasons (signal, text and share) hundreds of thousands of times.
REASON_CACHE = 100_000
# How many offerings' own reason texts an index keeps (a district's offerings all fit).
OFFERING_TEXT_CACHE = 100_000
# Text similarity re-orders offerings whose other signals are within its weight of the
# last place; at most this many of them are compared, best other signals first.
TEXT_CANDIDATES = 100
# The most (need, offering) cells a text similarity product holds at once (8 bytes each).
COSINE_CELLS = 2_000_000
EXPLAIN_EXCLUDED = 5
# The relevance floor. An offering passing every hard rule is still not a match when it
# is not the kind of service the need asks for: its category credit (1 same category,
# 0.45 or 0.25 a related one, 0.08 two steps away, 0 unrelated; for a need read from its
# text, the expected credit over the reading) must reach MIN_CATEGORY_CREDIT times the
# best credit the need's reading allows (1 for a need with a category; less for a reading
# spread over several categories, whose likeliest one must not fall below its own floor).
# That keeps related categories and drops the distant ones, whose scores (5-10 out of
# 100) only padded the list: on the labelled development district it removes 192 of the
# 1000 top-10 places, every one graded irrelevant, and nDCG@10 stays 0.985.
MIN_CATEGORY_CREDIT = 0.2
# And its whole score must reach MIN_SCORE (12 points out of 100): a related offering
# that fits the beneficiaries, hours and cost badly is not proposed either. Allocation
# uses the same floor: a plan never pairs what the ranking would not propose.
MIN_SCORE = 0.12

MODES = ("at_center", "at_partner", "home_visit", "online")
MODE_BIT = {code: 1 << i for i, code in enumerate(MODES)}
ONLINE = MODE_BIT["online"]
QUARTERS_PER_WEEK = 7 * 24 * 4

_MIN_ORDINAL = 0
_MAX_ORDINAL = dt.date.max.toordinal() + 1


def _ordinal(day: dt.date | None, default: int) -> int:
    return default if day is None else day.toordinal()


def _week_quarters(slots: Iterable[Slot]) -> npt.NDArray[np.bool_]:
    """A week as 7*96 quarter-hours, true where any slot covers it."""
    week = np.zeros(QUARTERS_PER_WEEK, dtype=np.bool_)
    for slot in slots:
        if not 1 <= slot.weekday <= 7 or slot.end <= slot.start:
            continue
        base = (slot.weekday - 1) * 96
        first = max(0, slot.start) // 15
        last = min(24 * 60, slot.end + 14) // 15
        week[base + first : base + last] = True
    return week


def _by_partner(values: npt.NDArray[Any], partner: IntArray, default: Any) -> npt.NDArray[Any]:
    """``values`` of each offering's partner (``-1``: unknown partner -> ``default``)."""
    if not values.size:
        return np.full(partner.shape, default)
    return np.where(partner >= 0, values[np.maximum(partner, 0)], default)


def _round6(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """``round(x, 6)`` of each value, exactly as Python rounds it.

    ``rint(x * 1e6) / 1e6`` is Python's result unless ``x * 1e6`` lies within rounding
    error of a half; those few are rounded by Python itself.
    """
    scaled = values * 1e6
    result: npt.NDArray[np.float64] = np.rint(scaled) / 1e6
    near = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    if near.any():
        flat = result.reshape(-1)
        for k in np.flatnonzero(near.reshape(-1)).tolist():
            flat[k] = round(float(values.reshape(-1)[k]), 6)
    return result


def _scored(
    columns: FloatArray,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Matches' signal values (matches x signals, from ``columns``: signals x matches, in
    the order of :data:`WEIGHTS`), each reason's share (its weight times its value, times
    the category's when gated, rounded to 6 places) and each match's score: the sum of
    its positive shares, in the order of :data:`WEIGHTS`, rounded the same way."""
    values = columns.astype(np.float64).T
    raw = _WEIGHT_ARRAY * values
    raw[:, _GATED_COLUMNS] *= values[:, :1]
    shares = _round6(raw)
    total = np.zeros(values.shape[0], dtype=np.float64)
    for k in range(shares.shape[1]):
        column = shares[:, k]
        total = total + np.where(column > 0, column, 0.0)
    return values, shares, _round6(total)


class _Scored(NamedTuple):
    """Matches as :func:`_scored` scores them, as lists: each one's signal values and
    reasons' shares (in the order of :data:`WEIGHTS`) and its score. Worked out for a
    block of needs' matches at once and handed out need by need (:meth:`part`): each
    value is a match's own, whichever matches are scored with it."""

    values: list[list[float]]
    shares: list[list[float]]
    scores: list[float]

    @staticmethod
    def of(columns: FloatArray) -> _Scored:
        """Scored from ``columns`` (each signal's values x matches)."""
        values, shares, scores = _scored(columns)
        return _Scored(values.tolist(), shares.tolist(), scores.tolist())

    def part(self, begin: int, end: int) -> _Scored:
        return _Scored(self.values[begin:end], self.shares[begin:end], self.scores[begin:end])


def _offering_text(offering: OfferingFacts) -> str:
    return " ".join((offering.title, offering.description, " ".join(sorted(offering.tags))))


def _need_text(need: NeedFacts) -> str:
    return " ".join((need.title, need.description, " ".join(sorted(need.tags))))


@dataclass(frozen=True)
class NeedReadings:
    """Needs read once (:meth:`MatchIndex.read_needs`): their facts, text vectors,
    category distributions and category weights, row by row; ``reader`` is the index
    that read them."""

    reader: MatchIndex
    needs: tuple[NeedFacts, ...]
    vectors: sp.csr_matrix
    categories: FloatArray
    weights: FloatArray
    # Arrays derived from the needs on first use (``MatchIndex._need_arrays``).
    derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class _CandidatesPart:
    """One process's part of :meth:`MatchIndex.candidates`, its needs in the order it
    read them: their readings, then their candidates' offering rows and scores, need
    after need (``counts`` of each), how many fit too weakly and what each is read as."""

    vectors: sp.csr_matrix
    categories: FloatArray
    weights: FloatArray
    rows: IntArray
    scores: npt.NDArray[np.float64]
    counts: IntArray
    weak: list[int]
    understood: list[tuple[CategoryGuess, ...]]


class _Chosen(NamedTuple):
    """A need's best offerings as ranking chose them (see :meth:`MatchIndex._chosen_many`)."""

    rows: IntArray  # best first
    columns: FloatArray  # each signal's values (in the order of WEIGHTS) x rows
    km: list[float]  # their distances (NaN when unknown)
    weak: int  # how many offerings passing the hard rules fit too weakly

    @staticmethod
    def nothing(weak: int) -> _Chosen:
        return _Chosen(
            np.zeros(0, dtype=np.int64), np.zeros((len(WEIGHTS), 0), np.float32), [], weak
        )


def _kth_largest(values: FloatArray, k: int) -> Any:
    """The ``k``-th largest of ``values`` (1 <= k <= its size), of its type."""
    return np.partition(-values, k - 1)[k - 1] * -1


def _bounds(counts: IntArray) -> list[int]:
    """Where each owner's entries start, and the end (``counts`` of each, in order)."""
    bounds = np.zeros(counts.size + 1, dtype=np.int64)
    np.cumsum(counts, out=bounds[1:])
    return bounds.tolist()


@dataclass(frozen=True)
class _NeedArrays:
    """Per need (of a :class:`NeedReadings`, or of needs ranked together): its community
    (an index into ``places``), delivery modes as bits, window as ordinals, beneficiary
    bits (``everyone`` when it names none or all), wanted week quarters when it has
    preferred slots, and each community's coordinates."""

    places: tuple[str, ...]
    place: IntArray
    modes: IntArray
    start: IntArray
    end: IntArray
    bits: IntArray
    everyone: BoolArray
    slot_row: IntArray  # its row of ``wanted``, -1 when it has no preferred slots
    wanted: FloatArray  # the week quarters wanted, a row per need with preferred slots
    lat: npt.NDArray[np.float64]  # per place, NaN when unknown
    lng: npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Partners:
    """Partner attributes as arrays, in the order of ``codes``. ``facts`` may be a
    :class:`LazyRows` (an index opened from a snapshot): a city's 176,000 partners are
    decoded only when one is explained or changed."""

    codes: tuple[str, ...]
    position: dict[str, int]
    facts: Sequence[PartnerFacts]
    verified: BoolArray
    status: tuple[str, ...]
    lat: npt.NDArray[np.float64]
    lng: npt.NDArray[np.float64]
    reliability: FloatArray
    reliability_known: BoolArray
    load: FloatArray

    ARRAYS = ("verified", "lat", "lng", "reliability", "reliability_known", "load")

    @classmethod
    def from_arrays(
        cls,
        codes: Sequence[str],
        facts: Sequence[PartnerFacts],
        status: Sequence[str],
        arrays: Mapping[str, npt.NDArray[Any]],
    ) -> _Partners:
        """The partners as a snapshot keeps them: ``arrays`` as :meth:`arrays` gives."""
        codes = tuple(codes)
        return cls(
            codes=codes,
            position={code: i for i, code in enumerate(codes)},
            facts=facts,
            status=tuple(status),
            **{name: arrays[name] for name in cls.ARRAYS},
        )

    def arrays(self) -> dict[str, npt.NDArray[Any]]:
        return {name: getattr(self, name) for name in self.ARRAYS}

    @classmethod
    def build(cls, partners: Sequence[PartnerFacts]) -> _Partners:
        facts = tuple(partners)
        return cls(
            codes=tuple(p.code for p in facts),
            position={p.code: i for i, p in enumerate(facts)},
            facts=facts,
            verified=np.array([p.status == "verified" for p in facts], dtype=np.bool_),
            status=tuple(p.status for p in facts),
            lat=np.array([np.nan if p.lat is None else p.lat for p in facts], dtype=np.float64),
            lng=np.array([np.nan if p.lng is None else p.lng for p in facts], dtype=np.float64),
            reliability=np.array(
                [
                    UNKNOWN_RELIABILITY
                    if p.reliability is None
                    else min(1.0, max(0.0, p.reliability))
                    for p in facts
                ],
                dtype=np.float32,
            ),
            reliability_known=np.array([p.reliability is not None for p in facts], dtype=bool),
            load=np.array([max(0, p.load) for p in facts], dtype=np.float32),
        )

    def updated(self, partners: Sequence[PartnerFacts]) -> _Partners | None:
        """A copy with these partners' facts replaced, each at its position; None when
        one of them is not here yet (positions must then be given anew)."""
        found = [self.position.get(p.code) for p in partners]
        rows = [row for row in found if row is not None]
        if len(rows) < len(found):
            return None
        fresh = _Partners.build(partners)
        at = np.array(rows, dtype=np.int64)
        status = list(self.status)
        for k, row in enumerate(rows):
            status[row] = fresh.status[k]
        changed = {row: fresh.facts[k] for k, row in enumerate(rows)}
        facts: Sequence[PartnerFacts]
        if isinstance(self.facts, LazyRows):
            facts = self.facts.replaced(changed)
        else:
            facts = tuple(changed.get(row, fact) for row, fact in enumerate(self.facts))
        arrays = {}
        for name in self.ARRAYS:
            values = getattr(self, name).copy()
            values[at] = getattr(fresh, name)
            arrays[name] = values
        return replace(self, facts=facts, status=tuple(status), **arrays)

    def added(self, partners: Sequence[PartnerFacts]) -> _Partners:
        """A copy with these partners' facts replaced (known ones, each at its position)
        or added after the others (new ones, the last fact given for a code)."""
        known = [p for p in partners if p.code in self.position]
        base = (self.updated(known) if known else None) or self
        new = _Partners.build(
            list({p.code: p for p in partners if p.code not in self.position}.values())
        )
        facts: Sequence[PartnerFacts]
        if isinstance(base.facts, LazyRows):
            facts = base.facts.select(np.arange(len(base.facts)), new.facts)
        else:
            facts = (*base.facts, *new.facts)
        start = len(base.codes)
        return _Partners(
            codes=base.codes + new.codes,
            position={**base.position, **{c: start + i for i, c in enumerate(new.codes)}},
            facts=facts,
            status=base.status + new.status,
            **{
                name: np.concatenate([getattr(base, name), getattr(new, name)])
                for name in self.ARRAYS
            },
        )


# The arrays of _Offerings a snapshot keeps (its facts, positions and vectors aside).
_OFFERING_ARRAYS = (
    "partner",
    "modes",
    "beneficiaries",
    "valid_from",
    "valid_until",
    "capacity",
    "capacity_left",
    "cost",
    "pattern",
    "patterns",
    "radius",
    "categories",
    "category_known",
    "top_category",
)


@dataclass(frozen=True)
class IndexParts:
    """A :class:`MatchIndex` taken apart (:meth:`MatchIndex.parts`): the facts it was
    built from, its fitted category model, and its offerings' arrays by name, row by
    row in the order of ``offerings``."""

    standard: Standard
    places: tuple[Place, ...]
    partners: Sequence[PartnerFacts]
    offerings: Sequence[OfferingFacts]
    examples: tuple[TextExample, ...]
    model: CategoryModel
    beneficiary_bit: dict[str, int]
    arrays: dict[str, npt.NDArray[Any]]
    vectors: sp.csr_matrix
    # Per offering its code and its partner's; the offerings listing each area code
    # (ascending rows); the offerings' tags, which the segmenter must know.
    codes: tuple[str, ...]
    partner_codes: tuple[str, ...]
    area_members: dict[str, IntArray]
    words: tuple[str, ...]
    similarity: FloatArray  # category_similarity(standard), kept to spare networkx
    # The partners' codes, status and arrays (:meth:`_Partners.arrays`), row by row in
    # the order of ``partners``.
    partner_list: tuple[str, ...]
    partner_status: tuple[str, ...]
    partner_arrays: dict[str, npt.NDArray[Any]]
    # Whether every offering's beneficiary bits name all its groups (see MatchIndex).
    groups_exact: bool = True


@dataclass(frozen=True)
class EligibleRows:
    """Offerings passing every hard rule for some needs (:meth:`MatchIndex.eligible_rows`),
    one entry per need and offering: the need's position among those asked, the
    offering's row in the index, its category (a column of
    :attr:`MatchIndex.category_codes`: its own, or the one read from its text) and its
    partner (a position in ``partner_codes``)."""

    need: IntArray
    offering: IntArray
    category: IntArray
    partner: IntArray
    partner_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Ready:
    """What every community's rules read of each offering, one entry per offering."""

    serving: BoolArray  # passes the rules that depend on no need (partner, capacity, a mode)
    online: BoolArray  # delivered online
    group: npt.NDArray[np.int16]  # its known category, or the number of categories


@dataclass(frozen=True)
class _Eligible:
    """A community's offerings passing the rules that depend only on it (verified
    partner, capacity left, area or online delivery, some delivery mode), ascending,
    with what the need-dependent rules read of them. ``by_group`` lists their positions
    by category group (its known category, or the number of categories when its category
    is inferred), ascending within each group, group ``g`` from ``bounds[g]`` to
    ``bounds[g + 1]``."""

    rows: IntArray
    modes: npt.NDArray[np.uint8]
    valid_from: IntArray
    valid_until: IntArray
    by_group: npt.NDArray[np.int32]
    bounds: IntArray


@dataclass(frozen=True, slots=True)
class _Offerings:
    """Offering attributes as arrays, one entry per offering, in the order of ``facts``.

    ``facts`` may decode each offering only when it is asked for (an index opened from a
    snapshot): what ranking reads of every offering is in the arrays, and codes,
    partners and areas are kept apart."""

    facts: Sequence[OfferingFacts]
    position: dict[str, int]
    codes: tuple[str, ...]
    partner_codes: tuple[str, ...]
    area_members: dict[str, IntArray]  # area code -> offerings listing it, ascending
    words: tuple[str, ...]  # every tag, for the segmenter
    partner: IntArray  # index into _Partners, -1 when the partner is unknown
    modes: npt.NDArray[np.uint8]
    beneficiaries: npt.NDArray[np.uint32]
    valid_from: IntArray
    valid_until: IntArray
    capacity: IntArray  # the quarterly capacity
    capacity_left: IntArray
    cost: FloatArray
    pattern: IntArray  # row of the availability pattern matrix
    patterns: FloatArray  # unique weekly patterns x 672 quarter-hours
    radius: npt.NDArray[np.float64]  # NaN when the area is a list of codes
    vectors: sp.csr_matrix
    categories: FloatArray  # offerings x categories: known one-hot or inferred probabilities
    category_known: BoolArray
    top_category: IntArray  # the known category, or the most likely one


def segmenter_words(standard: Standard, tags: Iterable[str]) -> Iterator[str]:
    """What the segmenter is taught to keep whole for an index, in order: the standard's
    category names and keywords, then the offerings' tags."""
    yield from (c.name_zh for c in standard.categories)
    yield from (k for c in standard.categories for k in c.keywords)
    yield from tags


def _teach_segmenter(standard: Standard, tags: Iterable[str]) -> None:
    """Have the segmenter keep :func:`segmenter_words` whole: an index's vocabulary was
    made with them."""
    textmod.add_words(segmenter_words(standard, tags))


def _joined(old: _Offerings, kept: IntArray, added: _Offerings) -> _Offerings:
    """Rows ``kept`` of ``old`` (ascending), then every row of ``added``: what
    building from those offerings' facts gives, without reading the kept ones again."""
    n_kept = len(kept)
    remap = np.full(len(old.codes), -1, dtype=np.int64)
    remap[kept] = np.arange(n_kept)
    members: dict[str, IntArray] = {}
    for code, rows in old.area_members.items():
        moved = remap[rows]
        moved = moved[moved >= 0]
        if moved.size:
            members[code] = moved
    for code, rows in added.area_members.items():
        shifted = rows + n_kept
        members[code] = np.concatenate([members[code], shifted]) if code in members else shifted
    # The weekly patterns of both, each distinct pattern once.
    patterns, inverse = np.unique(
        np.vstack([old.patterns, added.patterns]), axis=0, return_inverse=True
    )
    inverse = inverse.reshape(-1).astype(np.int64)
    pattern = inverse[np.concatenate([old.pattern[kept], added.pattern + len(old.patterns)])]
    codes = (*(old.codes[i] for i in kept.tolist()), *added.codes)
    facts: Sequence[OfferingFacts]
    if isinstance(old.facts, LazyRows):
        facts = old.facts.select(kept, added.facts)
    else:
        facts = (*(old.facts[i] for i in kept.tolist()), *added.facts)
    arrays = {
        name: np.concatenate([getattr(old, name)[kept], getattr(added, name)])
        for name in _OFFERING_ARRAYS
        if name not in ("pattern", "patterns")
    }
    return _Offerings(
        facts=facts,
        position={code: i for i, code in enumerate(codes)},
        codes=codes,
        partner_codes=(*(old.partner_codes[i] for i in kept.tolist()), *added.partner_codes),
        area_members=members,
        words=tuple(sorted({*old.words, *added.words})),
        vectors=sp.csr_matrix(sp.vstack([old.vectors[kept], added.vectors], format="csr")),
        pattern=pattern,
        patterns=patterns.astype(np.float32),
        **arrays,
    )


class MatchIndex:
    """An immutable index of offerings; ``with_*`` methods return updated copies.

    Build it once per change of the offerings (``build``), then ``rank`` needs against
    it. Thread-safe for reading: the only mutable state is a per-community cache of
    which offerings serve it, filled idempotently.
    """

    __slots__ = (
        "_area_members",
        "_beneficiary_bit",
        "_cache_room",
        "_category_names",
        "_coverage",
        "_coverage_room",
        "_credits",
        "_district_cache",
        "_eligible_cache",
        "_example_list",
        "_examples",
        "_group_cues",
        "_group_texts",
        "_groups_exact",
        "_inferred_categories",
        "_inferred_rows",
        "_inferred_slot",
        "_masks",
        "_mode_cues",
        "_model",
        "_offer_lat",
        "_offer_lng",
        "_offer_load",
        "_offer_reliability",
        "_offer_texts",
        "_offer_verified",
        "_offerings",
        "_partners",
        "_places",
        "_radii_found",
        "_radius_rows",
        "_readings",
        "_ready",
        "_reasons",
        "_similarity",
        "_standard",
        "_texts",
        "_typical_modes",
    )

    def __init__(
        self,
        *,
        standard: Standard,
        places: Mapping[str, Place],
        partners: _Partners,
        offerings: _Offerings,
        model: CategoryModel,
        similarity: FloatArray,
        beneficiary_bit: Mapping[str, int],
        examples: ExampleMemory,
    ) -> None:
        self._standard = standard
        self._examples = examples
        self._example_list: tuple[TextExample, ...] = ()
        self._district_cache: dict[str, str | None] = {}
        self._mode_cues = merge_cues(MODE_CUES, standard.mode_cues, MODES)
        self._typical_modes = {c.code: c.typical_modes for c in standard.categories}
        groups = [*BENEFICIARY_CUES, *standard.beneficiary_names, *standard.beneficiary_cues]
        self._group_cues = merge_cues(
            BENEFICIARY_CUES, standard.beneficiary_cues, list(dict.fromkeys(groups))
        )
        self._places = dict(places)
        self._partners = partners
        self._offerings = offerings
        self._model = model
        self._similarity = similarity
        self._category_names = {c.code: (c.name_zh, c.name_en) for c in standard.categories}
        self._group_texts: dict[frozenset[str], tuple[str, str]] = {}
        self._texts: dict[tuple[object, ...], tuple[str, str]] = {}
        self._reasons: dict[tuple[int, tuple[str, str], float], Reason] = {}
        self._readings: dict[tuple[object, ...], tuple[CategoryGuess, ...]] = {}
        self._credits: dict[bytes, FloatArray] = {}
        self._beneficiary_bit = dict(beneficiary_bit)
        # Whether an offering's beneficiary bits name all its groups (the bits hold 32 of
        # them): then its reason text is told from the bits, without decoding the row.
        self._groups_exact = len(self._beneficiary_bit) < 32
        self._coverage: dict[str, BoolArray] = {}
        self._masks: dict[tuple[str, bool], BoolArray] = {}
        self._ready: _Ready | None = None
        self._offer_texts: dict[int, tuple[tuple[str, str], ...]] = {}
        self._offer_reliability = _by_partner(
            partners.reliability, offerings.partner, UNKNOWN_RELIABILITY
        ).astype(np.float32)
        load = _by_partner(partners.load, offerings.partner, 0.0)
        # Each offering's partner's location and verification, read on every ranking.
        self._offer_lat = _by_partner(partners.lat, offerings.partner, np.nan)
        self._offer_lng = _by_partner(partners.lng, offerings.partner, np.nan)
        self._offer_verified = _by_partner(partners.verified, offerings.partner, False)
        self._offer_load = (1.0 / (1.0 + load / LOAD_HALF)).astype(np.float32)
        self._radius_rows = np.flatnonzero(~np.isnan(offerings.radius))
        self._radii_found: reach.Radii | None = None
        per_community = CACHE_BYTES_PER_OFFERING * max(len(offerings.facts), 1)
        self._cache_room = max(16, min(COVERAGE_CACHE, COVERAGE_CACHE_BYTES // per_community))
        self._coverage_room = max(
            16, min(COVERAGE_CACHE, AREA_CACHE_BYTES // max(len(offerings.facts), 1))
        )
        self._inferred_rows = np.flatnonzero(~offerings.category_known)
        self._inferred_slot = np.full(len(offerings.facts), -1, dtype=np.int64)
        self._inferred_slot[self._inferred_rows] = np.arange(self._inferred_rows.size)
        self._eligible_cache: dict[tuple[str, bool], _Eligible] = {}
        self._inferred_categories = np.ascontiguousarray(
            offerings.categories[self._inferred_rows].T
        )
        self._area_members = offerings.area_members

    # ------------------------------------------------------------------ building
    @classmethod
    def build(
        cls,
        *,
        standard: Standard,
        places: Sequence[Place],
        partners: Sequence[PartnerFacts],
        offerings: Sequence[OfferingFacts],
        examples: Sequence[TextExample] = (),
    ) -> MatchIndex:
        """An index of ``offerings``; its category model is learned from their own
        categorised text and the standard's category names.

        ``places`` is the community tree (areas and distances are resolved through it);
        ``partners`` must include every offering's partner (an offering whose partner is
        unknown is treated as unverified). ``examples`` are texts districts have
        confirmed the category of: each shifts readings in its own district only.
        """
        category_codes = [c.code for c in standard.categories]
        _teach_segmenter(standard, (tag for o in offerings for tag in o.tags))
        # The catalogue's words join the vocabulary, so that its phrasing counts. The
        # examples' do not: a district's examples must leave other districts' readings
        # exactly as they were.
        vectorizer, all_vectors = textmod.Vectorizer.fit_transform(
            [
                *(_offering_text(o) for o in offerings),
                *(c.name_zh for c in standard.categories),
                *(p for c in standard.categories for p in (*c.covers, *c.situations)),
                *(" ".join(c.keywords) for c in standard.categories if c.keywords),
                *(p for c in standard.categories for p in c.excludes),
            ]
        )
        vectors = sp.csr_matrix(all_vectors[: len(offerings)])
        model = CategoryModel.fit(
            standard,
            [o.category for o in offerings],
            vectorizer=vectorizer,
            matrix=vectors,
            persons=PERSON_WORDS,
            classifier=classifiermod.fit(standard),
        )
        beneficiary_bit = cls._beneficiary_bits(standard, offerings)
        partner_arrays = _Partners.build(partners)
        arrays = cls._offering_arrays(
            offerings,
            vectors,
            model,
            partner_arrays,
            beneficiary_bit,
            category_codes,
        )
        index = cls(
            standard=standard,
            places={p.code: p for p in places},
            partners=partner_arrays,
            offerings=arrays,
            model=model,
            similarity=category_similarity(standard),
            beneficiary_bit=beneficiary_bit,
            examples=ExampleMemory((), vectorizer=vectorizer, codes=model.codes),
        )
        if examples:
            index._set_examples(examples)
        return index

    @staticmethod
    def _beneficiary_bits(standard: Standard, offerings: Sequence[OfferingFacts]) -> dict[str, int]:
        codes = set(standard.beneficiary_names) | {"all"}
        for offering in offerings:
            codes |= offering.beneficiaries
        ordered = ["all", *sorted(codes - {"all"})][:32]
        return {code: 1 << i for i, code in enumerate(ordered)}

    @staticmethod
    def _offering_arrays(
        offerings: Sequence[OfferingFacts],
        vectors: sp.csr_matrix,
        model: CategoryModel,
        partners: _Partners,
        beneficiary_bit: Mapping[str, int],
        category_codes: Sequence[str],
    ) -> _Offerings:
        facts = tuple(offerings)
        n = len(facts)
        category_position = {code: i for i, code in enumerate(category_codes)}
        known = np.array([o.category in category_position for o in facts], dtype=np.bool_)
        categories = np.zeros((n, len(category_codes)), dtype=np.float32)
        if n:
            unknown_rows = np.flatnonzero(~known)
            if unknown_rows.size:
                categories[unknown_rows] = model.probabilities(
                    vectors[unknown_rows],
                    [(facts[i].beneficiaries, facts[i].modes) for i in unknown_rows],
                )
            for row, offering in enumerate(facts):
                if offering.category in category_position:
                    categories[row, category_position[offering.category]] = 1.0
        pattern_rows: dict[bytes, int] = {}
        pattern_list: list[npt.NDArray[np.bool_]] = []
        pattern = np.zeros(n, dtype=np.int64)
        for i, offering in enumerate(facts):
            week = (
                _week_quarters(offering.availability)
                if offering.availability
                else np.ones(QUARTERS_PER_WEEK, dtype=np.bool_)
            )
            key = np.packbits(week).tobytes()
            if key not in pattern_rows:
                pattern_rows[key] = len(pattern_list)
                pattern_list.append(week)
            pattern[i] = pattern_rows[key]
        patterns = (
            np.vstack(pattern_list).astype(np.float32)
            if pattern_list
            else np.zeros((0, QUARTERS_PER_WEEK), dtype=np.float32)
        )
        members: dict[str, list[int]] = {}
        for i, offering in enumerate(facts):
            for code in offering.area_codes:
                members.setdefault(code, []).append(i)
        return _Offerings(
            facts=facts,
            position={o.code: i for i, o in enumerate(facts)},
            codes=tuple(o.code for o in facts),
            partner_codes=tuple(o.partner for o in facts),
            area_members={code: np.asarray(rows, dtype=np.int64) for code, rows in members.items()},
            words=tuple(sorted({tag for o in facts for tag in o.tags})),
            partner=np.array([partners.position.get(o.partner, -1) for o in facts], dtype=np.int64),
            modes=np.array(
                [sum(MODE_BIT.get(m, 0) for m in o.modes) for o in facts], dtype=np.uint8
            ),
            beneficiaries=np.array(
                [sum(beneficiary_bit.get(b, 0) for b in o.beneficiaries) for o in facts],
                dtype=np.uint32,
            ),
            valid_from=np.array([_ordinal(o.valid_from, _MIN_ORDINAL) for o in facts], np.int64),
            valid_until=np.array([_ordinal(o.valid_until, _MAX_ORDINAL) for o in facts], np.int64),
            capacity=np.array([o.capacity for o in facts], dtype=np.int64),
            capacity_left=np.array([o.capacity_left for o in facts], dtype=np.int64),
            cost=np.array([COST_VALUE.get(o.cost, 0.5) for o in facts], dtype=np.float32),
            pattern=pattern,
            patterns=patterns,
            radius=np.array(
                [
                    np.nan if o.area_codes or o.radius_km is None else float(o.radius_km)
                    for o in facts
                ],
                dtype=np.float64,
            ),
            vectors=vectors,
            categories=categories,
            category_known=known,
            top_category=(
                categories.argmax(axis=1).astype(np.int64) if n else np.zeros(0, dtype=np.int64)
            ),
        )

    # ------------------------------------------------------------------ updates
    def _copy(
        self,
        *,
        partners: _Partners | None = None,
        offerings: _Offerings | None = None,
        keep_coverage: bool = False,
        keep_readings: bool = False,
    ) -> MatchIndex:
        index = MatchIndex(
            standard=self._standard,
            places=self._places,
            partners=partners or self._partners,
            offerings=offerings or self._offerings,
            model=self._model,
            similarity=self._similarity,
            beneficiary_bit=self._beneficiary_bit,
            examples=self._examples,
        )
        index._example_list = self._example_list
        index._groups_exact = index._groups_exact and self._groups_exact
        if keep_coverage:
            index._coverage = self._coverage
            index._offer_texts = self._offer_texts
        if keep_readings:
            # The same model, examples and segmenter: needs read the same.
            index._readings = self._readings
        return index

    def with_offerings(
        self, upserted: Sequence[OfferingFacts], removed: Collection[str] = ()
    ) -> MatchIndex:
        """A copy with offerings added or replaced (by code) and others removed.

        The category model and vocabulary stay those of the last full :meth:`build`;
        new text is read with them (a periodic rebuild learns from the new offerings).
        """
        old = self._offerings
        gone = set(removed) | {o.code for o in upserted}
        kept = np.array([i for i, code in enumerate(old.codes) if code not in gone], dtype=np.int64)
        textmod.add_words(tag for o in upserted for tag in o.tags)
        added = self._offering_arrays(
            upserted,
            self._model.vectorizer.transform([_offering_text(o) for o in upserted]),
            self._model,
            self._partners,
            self._beneficiary_bit,
            self._model.codes,
        )
        index = self._copy(offerings=_joined(old, kept, added))
        index._groups_exact = index._groups_exact and all(
            group in self._beneficiary_bit for o in upserted for group in o.beneficiaries
        )
        return index

    def with_examples(self, examples: Sequence[TextExample]) -> MatchIndex:
        """A copy whose districts' confirmed examples are ``examples`` (all of them,
        replacing the previous ones); the vocabulary and category model stay."""
        index = self._copy()
        index._set_examples(examples)
        return index

    def with_partners(self, partners: Sequence[PartnerFacts]) -> MatchIndex:
        """A copy with these partners' facts replaced or added (by code)."""
        known = self._partners.updated(partners)
        if known is not None:
            # Only known partners changed (a dispatch moves a partner's load): their rows
            # are replaced, and every offering keeps its partner's position.
            return self._copy(partners=known, keep_readings=True)
        # New partners follow the others, whose positions stay.
        partner_arrays = self._partners.added(partners)
        offerings = replace(
            self._offerings,
            partner=np.array(
                [partner_arrays.position.get(code, -1) for code in self._offerings.partner_codes],
                dtype=np.int64,
            ),
        )
        return self._copy(partners=partner_arrays, offerings=offerings, keep_readings=True)

    def with_capacity(self, capacity_left: Mapping[str, int]) -> MatchIndex:
        """A copy with the capacity left of the given offerings (by code) replaced."""
        capacity = self._offerings.capacity_left.copy()
        rows, values = self._rows_of(capacity_left)
        capacity[rows] = values
        return self._with_capacity_left(capacity)

    def with_quarter_capacity(self, held: Mapping[str, int]) -> MatchIndex:
        """A copy in which each offering's capacity left is its quarterly capacity less
        the units ``held`` in it (by code; a quarter's work), never below 0."""
        taken = np.zeros(len(self._offerings.codes), dtype=np.int64)
        rows, values = self._rows_of(held)
        taken[rows] = values
        return self._with_capacity_left(np.maximum(self._offerings.capacity - taken, 0))

    def _rows_of(self, by_code: Mapping[str, int]) -> tuple[list[int], list[int]]:
        """The rows of the offerings named in ``by_code`` and their values (offerings
        the index does not hold are left out)."""
        position = self._offerings.position
        found = [(position[code], value) for code, value in by_code.items() if code in position]
        return [row for row, _ in found], [value for _, value in found]

    def _with_capacity_left(self, capacity_left: IntArray) -> MatchIndex:
        return self._copy(
            offerings=replace(self._offerings, capacity_left=capacity_left),
            keep_coverage=True,
            keep_readings=True,
        )

    # ------------------------------------------------------------------ snapshots
    def parts(self) -> IndexParts:
        """What the index is made of, for :mod:`matching.engine.snapshot` to save: the
        facts it was given, the fitted model and the offerings' arrays."""
        o = self._offerings
        return IndexParts(
            standard=self._standard,
            places=tuple(self._places.values()),
            partners=self._partners.facts,
            offerings=o.facts,
            examples=self._example_list,
            model=self._model,
            beneficiary_bit=dict(self._beneficiary_bit),
            arrays={name: getattr(o, name) for name in _OFFERING_ARRAYS},
            vectors=o.vectors,
            codes=o.codes,
            partner_codes=o.partner_codes,
            area_members=o.area_members,
            words=o.words,
            similarity=self._similarity,
            groups_exact=self._groups_exact,
            partner_list=self._partners.codes,
            partner_status=self._partners.status,
            partner_arrays=self._partners.arrays(),
        )

    @classmethod
    def from_parts(cls, parts: IndexParts) -> MatchIndex:
        """The index :meth:`parts` describes, without fitting or vectorising anything
        again; its arrays may be read-only (memory-mapped)."""
        standard = parts.standard
        _teach_segmenter(standard, parts.words)
        partners = _Partners.from_arrays(
            parts.partner_list, parts.partners, parts.partner_status, parts.partner_arrays
        )
        offerings = _Offerings(
            facts=parts.offerings,
            position={code: i for i, code in enumerate(parts.codes)},
            codes=parts.codes,
            partner_codes=parts.partner_codes,
            area_members=parts.area_members,
            words=parts.words,
            vectors=parts.vectors,
            **parts.arrays,
        )
        index = cls(
            standard=standard,
            places={p.code: p for p in parts.places},
            partners=partners,
            offerings=offerings,
            model=parts.model,
            similarity=parts.similarity,
            beneficiary_bit=parts.beneficiary_bit,
            examples=ExampleMemory((), vectorizer=parts.model.vectorizer, codes=parts.model.codes),
        )
        index._groups_exact = index._groups_exact and parts.groups_exact
        if parts.examples:
            index._set_examples(parts.examples)
        return index

    # ------------------------------------------------------------------ reading needs
    @property
    def offering_codes(self) -> tuple[str, ...]:
        return self._offerings.codes

    @property
    def category_codes(self) -> tuple[str, ...]:
        """The categories the engine reads needs as, in the order of a reading's columns."""
        return tuple(self._model.codes)

    def summaries(self) -> tuple[OfferingSummary, ...]:
        """Every offering's partner, category (its own, or the one read from its text)
        and capacity left, in index order."""
        o = self._offerings
        codes = self._model.codes
        return tuple(
            OfferingSummary(
                code=code,
                partner=partner,
                category=codes[int(top)],
                category_known=bool(known),
                capacity_left=int(left),
            )
            for code, partner, top, known, left in zip(
                o.codes,
                o.partner_codes,
                o.top_category.tolist(),
                o.category_known.tolist(),
                o.capacity_left.tolist(),
                strict=True,
            )
        )

    def suggest_categories(
        self, text: str, *, limit: int = 3, district: str | None = None
    ) -> tuple[CategoryGuess, ...]:
        """The categories ``text`` most likely speaks of, most likely first."""
        return self.read(text, district=district, limit=limit).categories

    def read(
        self,
        text: str,
        *,
        district: str | None = None,
        beneficiaries: frozenset[str] = frozenset(),
        modes: frozenset[str] = frozenset(),
        limit: int = 3,
    ) -> Reading:
        """What ``text`` is about, as read in ``district`` (its confirmed examples count
        there only): categories most likely first, the delivery modes and beneficiary
        groups it implies, and whether the engine is confident of its first category.

        ``beneficiaries`` and ``modes`` already known of the text add to those it names.
        """
        read_modes = read_cues(text, self._mode_cues)
        read_groups = read_cues(text, self._group_cues)
        vectors = self._reading_matrix([text])
        context = (beneficiaries | frozenset(read_groups), modes | frozenset(read_modes))
        probs = self._model.read(
            vectors, [context], shift=self._example_shift(vectors, district), texts=[text]
        )[0]
        guesses = self._guesses(probs, max(limit, 1))
        confident = bool(guesses) and guesses[0].probability >= CONFIDENT
        if confident and "home_visit" not in read_modes:
            # A service only ever delivered at home (a repair, a visit) implies it.
            typical = self._typical_modes.get(guesses[0].code, frozenset())
            if typical == {"home_visit"}:
                read_modes = tuple(m for m in MODES if m in {*read_modes, "home_visit"})
        return Reading(
            categories=guesses[: max(0, limit)],
            modes=read_modes,
            beneficiaries=read_groups,
            confident=confident,
        )

    def baseline_categories(self, text: str, *, limit: int = 3) -> tuple[CategoryGuess, ...]:
        """The previous reader, kept to measure against: centroids of the district's
        offerings and the category names, a softmax over cosines, uncalibrated."""
        return self._guesses(self._text_probabilities([text])[0], limit)

    def reading_probabilities(
        self, texts: Sequence[str], *, district: str | None = None, temperature: float
    ) -> tuple[tuple[str, ...], FloatArray]:
        """Category codes and, per text, the probabilities :meth:`read` would give at
        another ``temperature``, before the first category's Platt scaling
        (:func:`~matching.engine.categories.shown`): what calibration is fitted on."""
        vectors = self._reading_matrix(texts)
        contexts = [
            (frozenset(read_cues(t, self._group_cues)), frozenset(read_cues(t, self._mode_cues)))
            for t in texts
        ]
        shift = self._example_shift(vectors, district)
        probs = self._model.read(
            vectors, contexts, shift, texts=texts, temperature=temperature, scaled=False
        )
        return self._model.codes, probs

    def district_of(self, code: str) -> str | None:
        """The district a place lies in (itself when it is one), by the place tree."""
        if code in self._district_cache:
            return self._district_cache[code]
        current: str | None = code
        seen: set[str] = set()
        found: str | None = None
        while current is not None and current not in seen:
            seen.add(current)
            node = self._places.get(current)
            if node is None:
                break
            if node.level == "district":
                found = node.code
                break
            current = node.parent
        self._district_cache[code] = found
        return found

    def _reading_matrix(
        self, texts: Sequence[str], vectors: sp.csr_matrix | None = None
    ) -> sp.csr_matrix:
        """Texts as they are read for their category (``vectors``: their plain vectors,
        when already made): what is lacking counts more (:func:`reading_vectors`), words
        naming people less (:meth:`CategoryModel.weigh_for_reading`). Confirmed examples
        are compared with texts in the same terms."""
        vectorizer = self._model.vectorizer
        if vectors is None:
            vectors = vectorizer.transform(texts)
        return self._model.weigh_for_reading(reading_vectors(vectorizer, texts, vectors))

    def _set_examples(self, examples: Sequence[TextExample]) -> None:
        self._example_list = tuple(examples)
        self._readings = {}
        self._examples = ExampleMemory(
            examples,
            vectorizer=self._model.vectorizer,
            codes=self._model.codes,
            prepare=self._reading_matrix,
        )

    def _example_shift(
        self, vectors: sp.csr_matrix, district: str | None
    ) -> npt.NDArray[np.float64] | None:
        """The shift ``district``'s examples give texts read as :meth:`_reading_matrix`."""
        if not self._examples or district is None:
            return None
        return self._examples.shift(vectors, district)

    def read_need(self, need: NeedFacts, *, limit: int = 3) -> tuple[CategoryGuess, ...]:
        """What ``need`` is about as the engine reads it when it has no category: from its
        text, beneficiaries and modes (its own ``category`` is ignored)."""
        hidden = replace(need, category=None)
        probs = self._need_categories([hidden], self._need_vectors([hidden]))[0]
        return self._guesses(calibrated(probs, lengths_of([_need_text(hidden)])), limit)

    def read_categories(
        self, needs: Sequence[NeedFacts], *, limit: int = 3
    ) -> list[tuple[CategoryGuess, ...]]:
        """:meth:`read_need` of each of ``needs``, read :data:`READ_BLOCK` at a time: the
        same guesses, without a pass through the model per need.

        Readings are kept (:data:`READINGS_KEPT`) by what they are read from (text,
        tags, groups, modes, community), for this index and the copies that read as it
        does (other capacity or partners): an area's pages asking again read only the
        needs that are new or changed since."""
        kept = self._readings
        keys = [
            (n.community, n.title, n.description, n.tags, n.beneficiaries, n.modes, limit)
            for n in needs
        ]
        result = [kept.get(key) for key in keys]
        unread = [i for i, found in enumerate(result) if found is None]
        for begin in range(0, len(unread), READ_BLOCK):
            at = unread[begin : begin + READ_BLOCK]
            block = [
                needs[i] if needs[i].category is None else replace(needs[i], category=None)
                for i in at
            ]
            probs = calibrated(
                self._need_categories(block, self._need_vectors(block)),
                lengths_of([_need_text(n) for n in block]),
            )
            if len(kept) + len(at) > READINGS_KEPT:
                kept.clear()
            for i, guesses in zip(at, self._guesses_of_rows(probs, limit), strict=True):
                result[i] = kept[keys[i]] = guesses
        return [found for found in result if found is not None]

    def _text_probabilities(self, texts: Sequence[str]) -> FloatArray:
        vectors = self._model.vectorizer.transform(texts)
        return self._model.probabilities(vectors)

    def _guesses(self, probs: FloatArray, limit: int) -> tuple[CategoryGuess, ...]:
        return self._guesses_of_rows(probs[np.newaxis, :], limit)[0]

    def _guesses_of_rows(self, probs: FloatArray, limit: int) -> list[tuple[CategoryGuess, ...]]:
        """Each row's ``limit`` likeliest categories, most likely first (ties in the
        categories' order); the rows ordered at once."""
        orders = np.argsort(-probs, axis=1, kind="stable")[:, : max(0, limit)]
        tops = np.take_along_axis(probs, orders, axis=1).tolist()
        codes = self._model.codes
        return [
            tuple(
                CategoryGuess(code=codes[k], probability=round(p, 4))
                for k, p in zip(order, top, strict=True)
            )
            for order, top in zip(orders.tolist(), tops, strict=True)
        ]

    def _need_categories(self, needs: Sequence[NeedFacts], vectors: sp.csr_matrix) -> FloatArray:
        """Category distribution per need: its own category when set, else inferred (the
        softmax at :data:`TEMPERATURE`, which ranking weighs; :func:`calibrated` scales
        it for showing, once)."""
        codes = self._model.codes
        position = {code: i for i, code in enumerate(codes)}
        dist = np.zeros((len(needs), len(codes)), dtype=np.float32)
        unknown = [i for i, need in enumerate(needs) if need.category not in position]
        if unknown:
            texts = [_need_text(needs[i]) for i in unknown]
            reading = self._reading_matrix(texts, vectors[unknown])
            shift = None
            if self._examples:
                # District by district: each district's examples are compared with all
                # of its needs in the block at once.
                shift = np.zeros((len(unknown), len(codes)), dtype=np.float64)
                by_district: dict[str | None, list[int]] = {}
                for k, i in enumerate(unknown):
                    by_district.setdefault(self.district_of(needs[i].community), []).append(k)
                for district, ks in by_district.items():
                    shift[ks] = self._examples.shift(reading[ks], district)
            dist[unknown] = self._model.read(
                reading,
                [(needs[i].beneficiaries, needs[i].modes) for i in unknown],
                shift=shift,
                texts=texts,
                temperature=TEMPERATURE,
                candidates=None,
                scaled=False,
            )
        for i, need in enumerate(needs):
            if need.category is not None and need.category in position:
                dist[i, position[need.category]] = 1.0
        return dist

    # ------------------------------------------------------------------ hard rules
    def _community(self, code: str) -> BoolArray:
        """Which offerings serve community ``code`` by their area (listed codes or radius).
        Cached per community, a bounded number of them."""
        cached = self._coverage.get(code)
        if cached is not None:
            return cached
        offerings = self._offerings
        covered = np.zeros(len(offerings.facts), dtype=np.bool_)
        for area in self._chain(code):
            rows = self._area_members.get(area)
            if rows is not None:
                covered[rows] = True
        if self._radius_rows.size:
            covered[self._radii().reaching(*self._coordinates(code))] = True
        if len(self._coverage) >= self._coverage_room:
            self._coverage.clear()
        self._coverage[code] = covered
        return covered

    def _chain(self, code: str) -> tuple[str, ...]:
        """``code`` and its ancestors' codes, nearest first."""
        chain: list[str] = []
        current: str | None = code
        while current is not None and current not in chain:
            chain.append(current)
            node = self._places.get(current)
            current = node.parent if node is not None else None
        return tuple(chain)

    def _radii(self) -> reach.Radii:
        """The offerings with a radius, grouped to be found by where they reach."""
        if self._radii_found is None:
            o = self._offerings
            self._radii_found = reach.Radii(
                self._radius_rows, o.radius, self._offer_lat, self._offer_lng
            )
        return self._radii_found

    def _distance_km(self, code: str, rows: IntArray) -> npt.NDArray[np.float32]:
        """Distance from community ``code`` to the partners of the offerings in ``rows``
        (km, NaN when either location is unknown)."""
        lat, lng = self._coordinates(code)
        if lat is None or lng is None:
            return np.full(rows.size, np.nan, dtype=np.float32)
        plat, plng = self._offer_lat[rows], self._offer_lng[rows]
        return haversine_km(lat, lng, plat, plng).astype(np.float32)

    def _pair_distances(
        self, arrays: _NeedArrays, need: IntArray, rows: IntArray
    ) -> npt.NDArray[np.float32]:
        """:meth:`_distance_km` of pairs of a need (``need``: its place in ``arrays``) and
        an offering (``rows``), element by element as for each need alone."""
        place = arrays.place[need]
        # Per place, what haversine_km works out from its coordinates (NaN: unknown).
        lat, cos, lng = np.full((3, len(arrays.places)), np.nan)
        for k, code in enumerate(arrays.places):
            plat, plng = self._coordinates(code)
            if plat is not None and plng is not None:
                lat[k] = math.radians(plat)
                cos[k] = math.cos(lat[k])
                lng[k] = math.radians(plng)
        km = haversine_from(
            lat[place], cos[place], lng[place], self._offer_lat[rows], self._offer_lng[rows]
        )
        return km.astype(np.float32)

    def _coordinates(self, code: str) -> tuple[float | None, float | None]:
        """A place's coordinates, or its nearest ancestor's."""
        current: str | None = code
        seen: set[str] = set()
        while current is not None and current not in seen:
            seen.add(current)
            node = self._places.get(current)
            if node is None:
                return None, None
            if node.lat is not None and node.lng is not None:
                return node.lat, node.lng
            current = node.parent
        return None, None

    def _need_modes(self, need: NeedFacts) -> int:
        return sum(MODE_BIT.get(m, 0) for m in need.modes)

    def _hard_rules(self, need: NeedFacts, today: dt.date | None) -> dict[str, BoolArray]:
        """Each hard rule as a boolean array over offerings (true = satisfied)."""
        o = self._offerings
        start = _ordinal(need.window_start, _MIN_ORDINAL)
        end = _ordinal(need.window_end, _MAX_ORDINAL)
        need_modes = self._need_modes(need)
        mode_ok = (o.modes & need_modes) != 0 if need_modes else o.modes != 0
        online = self._ready_masks().online
        if need_modes and not need_modes & ONLINE:
            online = np.zeros_like(online)
        covered = self._community(need.community)
        verified = self._offer_verified
        expired = o.valid_until < start
        if today is not None:
            expired |= o.valid_until < today.toordinal()
        return {
            "partner": verified,
            "validity": ~expired & (o.valid_from <= end),
            "mode": mode_ok,
            "area": covered | online,
            "capacity": o.capacity_left > 0,
        }

    def _ready_masks(self) -> _Ready:
        """What every community's rules read of each offering (:class:`_Ready`), worked
        out once per index: whether it passes the rules that depend on no need (verified
        partner, capacity left, some delivery mode), whether it is delivered online, and
        its category group (its known category, or the number of categories when its
        category is inferred)."""
        if self._ready is None:
            o = self._offerings
            self._ready = _Ready(
                serving=self._offer_verified & (o.capacity_left > 0) & (o.modes != 0),
                online=(o.modes & ONLINE) != 0,
                group=np.where(o.category_known, o.top_category, len(self._model.codes)).astype(
                    np.int16
                ),
            )
        return self._ready

    def _static_mask(self, community: str, online: bool) -> BoolArray:
        """The rules that depend only on the community and on whether online delivery is
        acceptable: verified partner, capacity left, some delivery mode, area (or
        online). Cached."""
        key = (community, online)
        cached = self._masks.get(key)
        if cached is not None:
            return cached
        ready = self._ready_masks()
        area = self._community(community)
        if online:
            area = area | ready.online
        mask: BoolArray = ready.serving & area
        if len(self._masks) >= self._cache_room:
            self._masks.clear()
        self._masks[key] = mask
        return mask

    def _eligible_mask(self, need: NeedFacts, today: dt.date | None) -> BoolArray:
        """Offerings passing every hard rule (the same as all of :meth:`_hard_rules`)."""
        o = self._offerings
        need_modes = self._need_modes(need)
        # The static mask holds only offerings with some delivery mode.
        mask = self._static_mask(need.community, self._accepts_online(need)).copy()
        if need_modes:
            mask &= (o.modes & need_modes) != 0
        start = _ordinal(need.window_start, _MIN_ORDINAL)
        if today is not None:
            start = max(start, today.toordinal())
        mask &= o.valid_until >= start
        mask &= o.valid_from <= _ordinal(need.window_end, _MAX_ORDINAL)
        return mask

    def _eligible_in(self, community: str, online: bool) -> _Eligible:
        """The offerings passing the rules of ``community`` (and of online delivery being
        acceptable or not) that have some delivery mode, with what the rest of the rules
        and the category credit read of them. Cached per community, a bounded number."""
        key = (community, online)
        cached = self._eligible_cache.get(key)
        if cached is None:
            o = self._offerings
            rows = np.flatnonzero(self._static_mask(community, online))
            group = self._ready_masks().group[rows]
            bounds = np.zeros(len(self._model.codes) + 2, dtype=np.int64)
            np.cumsum(np.bincount(group, minlength=len(self._model.codes) + 1), out=bounds[1:])
            cached = _Eligible(
                rows,
                o.modes[rows],
                o.valid_from[rows],
                o.valid_until[rows],
                np.argsort(group, kind="stable").astype(np.int32),
                bounds,
            )
            if len(self._eligible_cache) >= self._cache_room:
                self._eligible_cache.clear()
            self._eligible_cache[key] = cached
        return cached

    def _accepts_online(self, need: NeedFacts) -> bool:
        need_modes = self._need_modes(need)
        return not need_modes or bool(need_modes & ONLINE)

    def eligible(self, need: NeedFacts, *, today: dt.date | None = None) -> tuple[str, ...]:
        """Codes of the offerings passing every hard rule for ``need``, in index order."""
        codes = self._offerings.codes
        return tuple(codes[i] for i in np.flatnonzero(self._eligible_mask(need, today)))

    def reach_counts(
        self,
        communities: Sequence[str],
        *,
        start: dt.date,
        end: dt.date,
        today: dt.date | None = None,
    ) -> reach.Counts:
        """Per community and category (:attr:`category_codes`), the capacity left, the
        offerings and the partners that pass every hard rule for a need of the community
        over ``start``..``end`` accepting any delivery mode: what :meth:`eligible` lets
        through, counted for many communities at once (:mod:`matching.engine.reach`)."""
        o = self._offerings
        first = _ordinal(start, _MIN_ORDINAL)
        if today is not None:
            first = max(first, today.toordinal())
        passing = (
            self._offer_verified
            & (o.capacity_left > 0)
            & (o.modes != 0)
            & (o.valid_until >= first)
            & (o.valid_from <= _ordinal(end, _MAX_ORDINAL))
        )
        columns = reach.Offerings(
            passing=passing,
            online=(o.modes & ONLINE) != 0,
            area_members=self._area_members,
            radius=o.radius,
            lat=self._offer_lat,
            lng=self._offer_lng,
            category=o.top_category,
            partner=o.partner,
            capacity=o.capacity_left,
        )
        return reach.counts(
            columns,
            chains=[self._chain(code) for code in communities],
            points=[self._coordinates(code) for code in communities],
            categories=len(self._model.codes),
        )

    def eligible_rows(
        self, needs: Sequence[NeedFacts], *, today: dt.date | None = None
    ) -> EligibleRows:
        """What :meth:`eligible` lets through for each of ``needs``, as arrays (see
        :class:`EligibleRows`): for many needs at once without a code per offering."""
        o = self._offerings
        found = [np.flatnonzero(self._eligible_mask(need, today)) for need in needs]
        rows = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
        partner = o.partner[rows]
        # Partners numbered by their position among those present, each one's code read
        # off one of its offerings (counted and marked, not sorted: rows are millions).
        present = np.bincount(partner, minlength=1) > 0
        position = np.cumsum(present) - 1
        one_row = np.zeros(present.size, dtype=np.int64)
        one_row[partner] = rows
        return EligibleRows(
            need=np.repeat(np.arange(len(found)), [part.size for part in found]),
            offering=rows,
            category=o.top_category[rows],
            partner=position[partner],
            partner_codes=tuple(
                o.partner_codes[i] for i in one_row[np.flatnonzero(present)].tolist()
            ),
        )

    def eligible_by_category(
        self, need: NeedFacts, *, today: dt.date | None = None
    ) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """What :meth:`eligible` lets through for ``need``, by category (the offering's
        own, or the one read from its text): the offerings' codes in index order and
        their partners' codes, sorted."""
        o = self._offerings
        rows = np.flatnonzero(self._eligible_mask(need, today))
        tops = o.top_category[rows]
        result: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        for k in np.unique(tops).tolist():
            held = rows[tops == k].tolist()
            result[self._model.codes[k]] = (
                tuple(o.codes[i] for i in held),
                tuple(sorted({o.partner_codes[i] for i in held})),
            )
        return result

    # ------------------------------------------------------------------ soft signals
    def _category_signal(self, need_categories: FloatArray) -> FloatArray:
        """Category credit of every offering for needs read as ``need_categories`` (one
        distribution per row): the expected similarity between the two readings.

        Offerings with a known category take their column by a gather; only offerings
        whose category was inferred need a product (no BLAS call over all offerings).
        """
        weights = self._category_weights(need_categories)
        return np.vstack([self._category_credit(row, None) for row in weights])

    def _category_weights(self, need_categories: FloatArray) -> FloatArray:
        """Per need (row), the similarity of its reading to each category."""
        weights: FloatArray = (need_categories @ self._similarity.T).astype(np.float32)
        return weights

    def _weights_by_row(self, need_categories: FloatArray) -> FloatArray:
        """:meth:`_category_weights`, a row at a time: each need's weights bit for bit
        those :meth:`rank` works out for it alone (a product of many rows may sum in
        another order)."""
        rows = [
            self._category_weights(need_categories[i : i + 1]) for i in range(len(need_categories))
        ]
        return np.vstack(rows) if rows else np.zeros((0, self._similarity.shape[0]), np.float32)

    def _category_credit(self, weights: FloatArray, rows: IntArray | None) -> FloatArray:
        """Category credit of the offerings in ``rows`` (all when None) for one need's
        :meth:`_category_weights` row; the same values whichever rows are asked for."""
        o = self._offerings
        top = o.top_category if rows is None else o.top_category[rows]
        result: FloatArray = weights[top]
        inferred = self._inferred_rows
        if inferred.size:
            products = self._inferred_credit(weights)
            if rows is None:
                result[inferred] = products
            else:
                slot = self._inferred_slot[rows]
                found = slot >= 0
                result[found] = products[slot[found]]
        return result

    def _pair_credit(self, weights: FloatArray, need: IntArray, rows: IntArray) -> FloatArray:
        """:meth:`_category_credit` of pairs of a need (``need``: its row of ``weights``)
        and an offering (``rows``)."""
        credit: FloatArray = weights[need, self._offerings.top_category[rows]]
        if self._inferred_rows.size:
            slot = self._inferred_slot[rows]
            found = np.flatnonzero(slot >= 0)
            if found.size:
                owners = np.unique(need[found])
                products = np.vstack([self._inferred_credit(weights[j]) for j in owners])
                credit[found] = products[np.searchsorted(owners, need[found]), slot[found]]
        return credit

    def _inferred_credit(self, weights: FloatArray) -> FloatArray:
        """Category credit of every offering whose category is inferred, for one need's
        weights row: a one-row product, as it has always been computed. Kept per row
        (:data:`CREDITS_KEPT`): needs of a known category share theirs."""
        key = weights.tobytes()
        products = self._credits.get(key)
        if products is None:
            products = (weights[np.newaxis, :] @ self._inferred_categories)[0]
            if len(self._credits) >= CREDITS_KEPT:
                self._credits.clear()
            self._credits[key] = products
        return products

    def _signals(
        self,
        need: NeedFacts,
        category: FloatArray,
        rows: IntArray | None = None,
        km: FloatArray | None = None,
    ) -> dict[str, FloatArray]:
        """Each soft signal (0..1) per offering (or per offering in ``rows``), text excepted;
        ``category`` is the category signal of those offerings, ``km`` (when known) their
        :meth:`_distance_km`."""
        everyone = np.arange(len(self._offerings.facts)) if rows is None else rows
        if km is None:
            km = self._distance_km(need.community, everyone)
        alone = np.zeros(everyone.size, dtype=np.int64)
        return self._signals_of_pairs(self._arrays_of([need]), alone, everyone, category, km)

    def _signals_of_pairs(
        self,
        arrays: _NeedArrays,
        need: IntArray,
        rows: IntArray,
        category: FloatArray,
        km: FloatArray,
    ) -> dict[str, FloatArray]:
        """:meth:`_signals` of pairs of a need (``need``: its place in ``arrays``) and an
        offering (``rows``), with the pairs' category signal and distances; element by
        element, as for each need alone."""
        o = self._offerings
        all_bit = self._beneficiary_bit["all"]
        beneficiaries = np.where(
            arrays.everyone[need],
            True,
            (o.beneficiaries[rows] & (arrays.bits[need] | all_bit)) != 0,
        ).astype(np.float32)
        time = np.ones(rows.size, dtype=np.float32)
        if arrays.wanted.shape[0] and o.patterns.shape[0]:
            column = arrays.slot_row[need]
            has = np.flatnonzero(column >= 0)
            if has.size:
                # The weekly patterns of the pairs with preferred slots, each once.
                used = np.zeros(o.patterns.shape[0], dtype=np.bool_)
                used[o.pattern[rows[has]]] = True
                patterns = np.flatnonzero(used)
                place = np.cumsum(used) - 1
                # Quarter-hours in common: whole numbers, exact whatever the order of the sum.
                minutes = (o.patterns[patterns] @ arrays.wanted.T) * 15.0
                fit = np.minimum(minutes / FULL_OVERLAP_MINUTES, 1.0)
                time[has] = fit[place[o.pattern[rows[has]]], column[has]]
        distance = np.where(
            np.isnan(km), 0.5, np.clip(1.0 - km / DISTANCE_HORIZON_KM, 0.0, 1.0)
        ).astype(np.float32)
        return {
            "category": category.astype(np.float32),
            "beneficiaries": beneficiaries,
            "time": time,
            "cost": o.cost[rows],
            "distance": distance,
            "reliability": self._offer_reliability[rows],
            "load": self._offer_load[rows],
        }

    @staticmethod
    def _base_score(signals: Mapping[str, FloatArray]) -> FloatArray:
        total = np.zeros_like(signals["category"])
        for name, values in signals.items():
            if name in GATED:
                total += np.float32(WEIGHTS[name]) * values * signals["category"]
            else:
                total += np.float32(WEIGHTS[name]) * values
        return total

    # ------------------------------------------------------------------ ranking
    def rank(
        self,
        need: NeedFacts,
        *,
        limit: int = 10,
        explain: bool = False,
        today: dt.date | None = None,
    ) -> Ranking:
        """The best ``limit`` offerings for ``need``, each with its reasons.

        Never proposes an offering that breaks a hard rule. With ``explain`` the ranking
        also lists why the best-scoring excluded offerings were left out.
        """
        vectors = self._need_vectors([need])
        categories = self._need_categories([need], vectors)
        weights = self._category_weights(categories)
        chosen = self._chosen_many([need], weights, vectors, limit, today)[0]
        understood = self._understood(need, categories[0])
        return self._rank_one(need, categories[0], weights[0], chosen, understood, explain, today)

    def rank_many(
        self,
        needs: Sequence[NeedFacts],
        *,
        limit: int = 10,
        today: dt.date | None = None,
        reasons: bool = True,
        readings: NeedReadings | None = None,
        processes: int = 1,
    ) -> list[Ranking]:
        """:meth:`rank` for many needs, their text read in blocks; same results.

        Needs are ranked community by community (what a community's needs share is
        computed once), and returned in the order given. Without ``reasons`` the matches
        carry none (the same scores): for a caller that keeps few of many candidates and
        explains those with :meth:`fit`. ``readings`` (:meth:`read_needs` of the same
        needs, in the same order, by an index reading as this one does) are used rather
        than reading the needs again. ``processes``: a batch's needs are ranked over that
        many processes of this machine, each taking whole communities
        (:mod:`~matching.engine.spread`); the same results.
        """
        if readings is not None and (
            readings.needs != tuple(needs) or not self.reads_like(readings)
        ):
            raise ValueError("readings of other needs, or read otherwise")
        return spread.in_order(
            lambda positions: self._rank_positions(
                needs, positions, limit, today, reasons, readings
            ),
            range(len(needs)),
            key=lambda k: needs[k].community,
            processes=processes,
        )

    def candidates(
        self,
        needs: Sequence[NeedFacts],
        *,
        limit: int = 10,
        today: dt.date | None = None,
        processes: int = 1,
    ) -> tuple[NeedReadings, Candidates]:
        """:meth:`read_needs` of ``needs`` and their best ``limit`` offerings each as
        :meth:`rank_many` ranks them without reasons, as columns (:class:`Candidates`,
        in the order given): for a plan that keeps a few of each need's many candidates,
        no :class:`Match` is made for them. One pass over ``processes`` processes, each
        reading and ranking whole communities. The same readings, and the same
        candidates, scores and categories as ``rank_many(..., reasons=False)``."""
        order = sorted(range(len(needs)), key=lambda k: needs[k].community)
        pieces = spread.parts(order, processes, key=lambda k: needs[k].community)
        done = spread.spread(
            lambda positions: self._candidates_part([needs[k] for k in positions], limit, today),
            pieces,
            processes=processes,
        )
        if not done:
            return self.read_needs(needs), Candidates.of(())
        placed = np.asarray([k for piece in pieces for k in piece], dtype=np.int64)
        back = np.empty_like(placed)
        back[placed] = np.arange(placed.size)  # where each need's row lies in the parts
        vectors = sp.vstack([part.vectors for part in done], format="csr")[back]
        categories = np.vstack([part.categories for part in done])[back]
        weights = np.vstack([part.weights for part in done])[back]
        counts = np.concatenate([part.counts for part in done])
        firsts = np.zeros(counts.size, dtype=np.int64)
        np.cumsum(counts[:-1], out=firsts[1:])
        # The entries of each need in the order given, from where its part put them.
        took = counts[back]
        starts = np.zeros(len(needs) + 1, dtype=np.int64)
        np.cumsum(took, out=starts[1:])
        gather = np.repeat(firsts[back] - starts[:-1], took) + np.arange(int(starts[-1]))
        rows = np.concatenate([part.rows for part in done])[gather].tolist()
        weak = [w for part in done for w in part.weak]
        understood = [u for part in done for u in part.understood]
        codes, partners = self._offerings.codes, self._offerings.partner_codes
        listed = Candidates(
            needs=tuple(n.code for n in needs),
            starts=starts,
            offerings=tuple(codes[r] for r in rows),
            partners=tuple(partners[r] for r in rows),
            scores=np.concatenate([part.scores for part in done])[gather],
            weak=tuple(weak[j] for j in back.tolist()),
            categories=tuple(understood[j] for j in back.tolist()),
            excluded=((),) * len(needs),
        )
        return NeedReadings(self, tuple(needs), vectors, categories, weights), listed

    def _candidates_part(
        self, needs: Sequence[NeedFacts], limit: int, today: dt.date | None
    ) -> _CandidatesPart:
        vectors, categories, weights = self._read_part(needs)
        chosen = self._chosen_many(needs, weights, vectors, limit, today)
        columns = [c.columns for c in chosen]
        # Scored all at once: each candidate's score is worked out on its own.
        scores = _scored(np.hstack(columns))[2] if columns else np.zeros(0, dtype=np.float64)
        return _CandidatesPart(
            vectors=vectors,
            categories=categories,
            weights=weights,
            rows=np.concatenate([c.rows for c in chosen] or [np.zeros(0, dtype=np.int64)]),
            scores=scores,
            counts=np.array([c.rows.size for c in chosen], dtype=np.int64),
            weak=[c.weak for c in chosen],
            understood=self._understood_many(needs, categories),
        )

    def _rank_positions(
        self,
        needs: Sequence[NeedFacts],
        positions: Sequence[int],
        limit: int,
        today: dt.date | None,
        reasons: bool,
        readings: NeedReadings | None,
    ) -> list[Ranking]:
        """The rankings of the needs at ``positions`` (in that order), read in blocks."""
        out: list[Ranking] = []
        for begin in range(0, len(positions), NEED_BLOCK):
            chunk = positions[begin : begin + NEED_BLOCK]
            block = [needs[k] for k in chunk]
            if readings is None:
                vectors = self._need_vectors(block)
                categories = self._need_categories(block, vectors)
            else:
                vectors = readings.vectors[list(chunk)]
                categories = readings.categories[list(chunk)]
            weights = self._weights_by_row(categories)
            chosen = self._chosen_many(block, weights, vectors, limit, today)
            understood = self._understood_many(block, categories)
            # The block's matches scored at once: each is scored on its own.
            scored = _Scored.of(np.hstack([c.columns for c in chosen]))
            bounds = _bounds(np.array([c.rows.size for c in chosen], dtype=np.int64))
            for i, need in enumerate(block):
                out.append(
                    self._rank_one(
                        need,
                        categories[i],
                        weights[i],
                        chosen[i],
                        understood[i],
                        False,
                        today,
                        reasons,
                        scored.part(bounds[i], bounds[i + 1]),
                    )
                )
        return out

    def fit(self, need: NeedFacts, offerings: Sequence[str]) -> tuple[Match, ...]:
        """How well each of ``offerings`` (by code) fits ``need``, scored and explained as
        :meth:`rank` would, whatever their capacity, hard rules or the relevance floor:
        the fit of a pairing already agreed, which a ranking of what is still free no
        longer lists. Offerings not in the index are left out; best first."""
        return self.fit_many([(need, offerings)])[0]

    def fit_many(
        self,
        pairs: Sequence[tuple[NeedFacts, Sequence[str]]],
        *,
        readings: NeedReadings | None = None,
        processes: int = 1,
    ) -> list[tuple[Match, ...]]:
        """:meth:`fit` for many needs, each with its offerings, their text read in blocks
        as :meth:`rank_many` reads it; same results. Needs found in ``readings`` (by
        code; read as this index reads) are not read again. ``processes``: as for
        :meth:`rank_many`."""
        row_of: dict[str, int] = {}
        if readings is not None and self.reads_like(readings):
            row_of = {need.code: k for k, need in enumerate(readings.needs)}

        return spread.in_order(
            lambda part: self._fit_part(part, readings, row_of), pairs, processes=processes
        )

    def _fit_part(
        self,
        pairs: Sequence[tuple[NeedFacts, Sequence[str]]],
        readings: NeedReadings | None,
        row_of: Mapping[str, int],
    ) -> list[tuple[Match, ...]]:
        results: list[tuple[Match, ...]] = []
        position = self._offerings.position
        for begin in range(0, len(pairs), NEED_BLOCK):
            block = pairs[begin : begin + NEED_BLOCK]
            needs = [need for need, _ in block]
            found = [row_of.get(need.code) for need in needs]
            if readings is not None and all(
                r is not None and readings.needs[r] == need
                for r, need in zip(found, needs, strict=True)
            ):
                rows = [r for r in found if r is not None]
                vectors, categories = readings.vectors[rows], readings.categories[rows]
            else:
                vectors = self._need_vectors(needs)
                categories = self._need_categories(needs, vectors)
            picked_rows = [
                sorted({position[code] for code in offerings if code in position})
                for _, offerings in block
            ]
            counts = np.array([len(picked) for picked in picked_rows], dtype=np.int64)
            need = np.repeat(np.arange(len(block)), counts)
            picked = np.array([r for rows_of in picked_rows for r in rows_of], dtype=np.int64)
            weights = self._weights_by_row(categories)
            credit = self._pair_credit(weights, need, picked)
            arrays = self._arrays_of(needs)
            km = self._pair_distances(arrays, need, picked)
            signals = self._signals_of_pairs(arrays, need, picked, credit, km)
            text = np.clip(self._pair_cosines(vectors, need, picked), 0.0, 1.0)
            columns = np.vstack([text if name == "text" else signals[name] for name in WEIGHTS])
            scored = _Scored.of(columns)
            for i, (a, b) in enumerate(itertools.pairwise(_bounds(counts))):
                if a == b:
                    results.append(())
                    continue
                matches = self._matches(
                    needs[i],
                    picked_rows[i],
                    scored.part(a, b),
                    km[a:b].tolist(),
                    int(categories[i].argmax()),
                )
                results.append(tuple(sorted(matches, key=lambda m: (-m.score, m.offering))))
        return results

    # ------------------------------------------------------------------ reverse ranking
    def read_needs(self, needs: Sequence[NeedFacts], *, processes: int = 1) -> NeedReadings:
        """What each of ``needs`` is about and its text vector, read once in blocks, for
        :meth:`opportunities` to rank many partners against (valid while
        :meth:`reads_like` holds for the index asking). ``processes``: as for
        :meth:`rank_many`."""
        if not needs:
            width = len(self._model.codes)
            empty = np.zeros((0, width), dtype=np.float32)
            return NeedReadings(self, (), self._need_vectors([]), empty, empty)
        parts = spread.parts(needs, processes)
        read = spread.spread(self._read_part, parts, processes=processes)
        vectors = read[0][0] if len(read) == 1 else sp.vstack([v for v, _, _ in read], "csr")
        categories = np.vstack([c for _, c, _ in read])
        weights = np.vstack([w for _, _, w in read])
        return NeedReadings(self, tuple(needs), vectors, categories, weights)

    def _read_part(
        self, needs: Sequence[NeedFacts]
    ) -> tuple[sp.csr_matrix, FloatArray, FloatArray]:
        """The text vectors, category distributions and weights of ``needs``."""
        vectors = self._need_vectors(needs)
        blocks = []
        for begin in range(0, len(needs), NEED_BLOCK):
            block = list(needs[begin : begin + NEED_BLOCK])
            blocks.append(self._need_categories(block, vectors[begin : begin + len(block)]))
        categories = np.vstack(blocks)
        weights = self._weights_by_row(categories)
        return vectors, categories, weights

    def reads_like(self, readings: NeedReadings) -> bool:
        """Whether ``readings`` were read as this index reads needs (same category model
        and districts' examples): offerings, partners and capacity may have changed."""
        other = readings.reader
        return other._model is self._model and other._examples is self._examples

    def opportunities(
        self,
        readings: NeedReadings,
        offerings: Sequence[str],
        *,
        limit: int = 20,
        today: dt.date | None = None,
        allowed: BoolArray | None = None,
        max_km: float | None = None,
    ) -> tuple[Opportunity, ...]:
        """Ranking in reverse (认领): of the needs in ``readings``, those that ``offerings``
        (by code, usually one partner's) could serve, best first.

        A pair is listed only when the need's own ranking would propose that offering:
        every hard rule, the relevance floor and the minimum score apply, and its score
        and reasons are those :meth:`rank` gives it (the text similarity is the same
        matrix product, see :meth:`_pair_cosines`). A need
        appears once, with the best of the offerings for it. ``allowed`` (one flag per
        need of ``readings``) and ``max_km`` (from the need's community to that best
        offering's partner) narrow the list; only the ``limit`` returned are explained.
        """
        position = self._offerings.position
        picked = np.asarray(
            sorted({position[code] for code in offerings if code in position}), dtype=np.int64
        )
        if not picked.size or not readings.needs or limit <= 0:
            return ()
        o = self._offerings
        # What depends on the offerings alone: verified partner, capacity, some mode.
        picked = picked[self._offer_verified[picked] & (o.capacity_left[picked] > 0)]
        picked = picked[o.modes[picked] != 0]
        if not picked.size:
            return ()
        arrays = self._need_arrays(readings)
        weights = readings.weights
        # Category credit of every need for every offering, and the relevance floor.
        credit = weights[:, o.top_category[picked]]
        slot = self._inferred_slot[picked]
        if (slot >= 0).any():
            credit[:, slot >= 0] = weights @ self._inferred_categories[:, slot[slot >= 0]]
        ceiling = (
            weights.max(axis=1).astype(np.float64)
            if weights.shape[1]
            else np.ones(len(readings.needs))
        )
        relevant = credit >= (MIN_CATEGORY_CREDIT * ceiling)[:, np.newaxis] - 1e-6
        candidates = relevant.any(axis=1)
        if allowed is not None:
            candidates &= allowed
        needs = np.flatnonzero(candidates)
        if not needs.size:
            return ()
        credit, relevant = credit[needs], relevant[needs]
        ok = relevant & self._rules_among(arrays, needs, picked, today)
        signals, km = self._signals_among(arrays, needs, picked, credit)
        base = self._base_score(signals)
        text = np.clip(self._text_similarity(readings.vectors[needs], picked), 0.0, 1.0)
        final = base + np.float32(WEIGHTS["text"]) * text
        strong = ok & (final >= MIN_SCORE - 1e-6)
        if max_km is not None:
            strong &= ~np.isnan(km) & (km <= max_km)
        masked = np.where(strong, final, -np.inf)
        best = masked.argmax(axis=1)  # the first (lowest index) of equals, as rank orders
        score = masked[np.arange(needs.size), best]
        found = np.flatnonzero(np.isfinite(score))
        # Best first; a few more than asked are explained, so that equal scores after
        # rounding keep the order of need codes.
        codes = [readings.needs[needs[k]].code for k in found.tolist()]
        order = sorted(range(found.size), key=lambda k: (-float(score[found[k]]), codes[k]))
        chosen = [int(found[k]) for k in order[: limit + 5]]
        at, of = np.array(chosen, dtype=np.int64), best[chosen]
        scored = _Scored.of(
            np.array(
                [text[at, of] if name == "text" else signals[name][at, of] for name in WEIGHTS],
                dtype=np.float32,
            ).reshape(len(WEIGHTS), len(chosen))
        )
        result = []
        for place, k in enumerate(chosen):
            j = int(best[k])
            i = int(needs[k])
            distance = float(km[k, j])
            (match,) = self._matches(
                readings.needs[i],
                [int(picked[j])],
                scored.part(place, place + 1),
                [distance],
                int(readings.categories[i].argmax()),
            )
            result.append(
                Opportunity(
                    need=readings.needs[i].code,
                    match=match,
                    km=None if math.isnan(distance) else round(distance, 1),
                )
            )
        result.sort(key=lambda x: (-x.match.score, x.need))
        return tuple(result[:limit])

    def read_as(self, readings: NeedReadings) -> npt.NDArray[np.str_]:
        """Each need's category: its own, else the likeliest as read (once per readings)."""
        cached = readings.derived.get("read_as")
        if cached is not None:
            result: npt.NDArray[np.str_] = cached
            return result
        codes = self._model.codes
        likeliest = readings.categories.argmax(axis=1) if readings.needs else []
        result = np.array(
            [n.category or codes[int(k)] for n, k in zip(readings.needs, likeliest, strict=True)],
            dtype=np.str_,
        )
        readings.derived["read_as"] = result
        return result

    def position_of(self, readings: NeedReadings) -> dict[str, int]:
        """Each need's row in ``readings``, by code (once per readings)."""
        cached = readings.derived.get("position")
        if cached is None:
            cached = {n.code: i for i, n in enumerate(readings.needs)}
            readings.derived["position"] = cached
        position: dict[str, int] = cached
        return position

    def _need_arrays(self, readings: NeedReadings) -> _NeedArrays:
        """What the hard rules and the soft signals read of each need, as arrays (once
        per readings)."""
        cached = readings.derived.get("arrays")
        if isinstance(cached, _NeedArrays):
            return cached
        arrays = self._arrays_of(readings.needs)
        readings.derived["arrays"] = arrays
        return arrays

    def _arrays_of(self, needs: Sequence[NeedFacts]) -> _NeedArrays:
        """What the hard rules and the soft signals read of each of ``needs``, as arrays."""
        places = sorted({n.community for n in needs})
        place = {code: k for k, code in enumerate(places)}
        all_bit = self._beneficiary_bit["all"]
        bits = np.array(
            [sum(self._beneficiary_bit.get(b, 0) for b in n.beneficiaries) for n in needs],
            dtype=np.int64,
        )
        coords = [self._coordinates(code) for code in places]
        slotted = np.array([bool(n.preferred_slots) for n in needs], dtype=np.bool_)
        slot_row = np.where(slotted, np.cumsum(slotted) - 1, -1).astype(np.int64)
        return _NeedArrays(
            places=tuple(places),
            place=np.array([place[n.community] for n in needs], dtype=np.int64),
            modes=np.array([self._need_modes(n) for n in needs], dtype=np.int64),
            start=np.array([_ordinal(n.window_start, _MIN_ORDINAL) for n in needs], np.int64),
            end=np.array([_ordinal(n.window_end, _MAX_ORDINAL) for n in needs], np.int64),
            bits=bits,
            everyone=(bits == 0) | ((bits & all_bit) != 0),
            slot_row=slot_row,
            wanted=np.array(
                [_week_quarters(n.preferred_slots) for n in needs if n.preferred_slots],
                dtype=np.float32,
            ).reshape(-1, QUARTERS_PER_WEEK),
            lat=np.array([np.nan if c[0] is None else c[0] for c in coords], dtype=np.float64),
            lng=np.array([np.nan if c[1] is None else c[1] for c in coords], dtype=np.float64),
        )

    def _rules_among(
        self, arrays: _NeedArrays, needs: IntArray, rows: IntArray, today: dt.date | None
    ) -> BoolArray:
        """The hard rules (area, mode, validity) of each need in ``needs`` for each
        offering in ``rows`` (verified partner, capacity and some mode checked before)."""
        o = self._offerings
        modes = arrays.modes[needs][:, np.newaxis]
        offer_modes = o.modes[rows][np.newaxis, :]
        online_ok = (modes == 0) | ((modes & ONLINE) != 0)
        places, inverse = np.unique(arrays.place[needs], return_inverse=True)
        served = np.stack([self._community(arrays.places[k])[rows] for k in places.tolist()])
        area = served[inverse] | (online_ok & ((offer_modes & ONLINE) != 0))
        mode_ok = (modes == 0) | ((offer_modes & modes) != 0)
        start = arrays.start[needs]
        if today is not None:
            start = np.maximum(start, today.toordinal())
        valid = (o.valid_until[rows][np.newaxis, :] >= start[:, np.newaxis]) & (
            o.valid_from[rows][np.newaxis, :] <= arrays.end[needs][:, np.newaxis]
        )
        result: BoolArray = area & mode_ok & valid
        return result

    def _signals_among(
        self, arrays: _NeedArrays, needs: IntArray, rows: IntArray, credit: FloatArray
    ) -> tuple[dict[str, FloatArray], npt.NDArray[np.float32]]:
        """:meth:`_signals` of each need in ``needs`` (rows of the result) for each
        offering in ``rows`` (columns), text excepted, and their distances in km."""
        places, inverse = np.unique(arrays.place[needs], return_inverse=True)
        km = haversine_grid(
            arrays.lat[places], arrays.lng[places], self._offer_lat[rows], self._offer_lng[rows]
        ).astype(np.float32)[inverse]
        shape = (needs.size, rows.size)
        pairs = self._signals_of_pairs(
            arrays,
            np.repeat(needs, rows.size),
            np.tile(rows, needs.size),
            credit.reshape(-1),
            km.reshape(-1),
        )
        return {name: values.reshape(shape) for name, values in pairs.items()}, km

    def hard_rules_broken(
        self, need: NeedFacts, offering: str, *, today: dt.date | None = None
    ) -> tuple[str, ...]:
        """The hard rules (partner, validity, mode, area; capacity is the caller's, under
        lock) ``offering`` breaks for ``need``; ``("unknown",)`` when it is not indexed."""
        i = self._offerings.position.get(offering)
        if i is None:
            return ("unknown",)
        rules = self._hard_rules(need, today)
        return tuple(name for name, ok in rules.items() if name != "capacity" and not ok[i])

    def _need_vectors(self, needs: Sequence[NeedFacts]) -> sp.csr_matrix:
        return self._model.vectorizer.transform([_need_text(n) for n in needs])

    def _rank_one(
        self,
        need: NeedFacts,
        need_categories: FloatArray,
        category_weights: FloatArray,
        chosen: _Chosen,
        understood: tuple[CategoryGuess, ...],
        explain: bool,
        today: dt.date | None,
        reasons: bool = True,
        scored: _Scored | None = None,
    ) -> Ranking:
        """The ranking of ``need`` from its :class:`_Chosen` offerings (``scored``: as
        scored with other needs' already) and what it is :meth:`_understood` as."""
        matches: tuple[Match, ...] = ()
        rows, columns, km, weak = chosen
        if rows.size:
            matches = self._matches(
                need,
                rows.tolist(),
                _Scored.of(columns) if scored is None else scored,
                km,
                int(need_categories.argmax()),
                reasons,
            )
        excluded: tuple[Exclusion, ...] = ()
        if explain:
            rules = self._hard_rules(need, today)
            eligible = self._eligible_mask(need, today)
            category_all = self._category_credit(category_weights, None)
            excluded = self._exclusions(need, category_all, rules, eligible, today)
        return Ranking(
            need=need.code,
            matches=matches,
            excluded=excluded,
            categories=understood,
            weak=weak,
        )

    def _understood(
        self, need: NeedFacts, need_categories: FloatArray
    ) -> tuple[CategoryGuess, ...]:
        """What ``need`` is about as a ranking reports it: its own category, or the
        three likeliest read from its text, scaled for showing."""
        return self._understood_many([need], need_categories[np.newaxis, :])[0]

    def _understood_many(
        self, needs: Sequence[NeedFacts], need_categories: FloatArray
    ) -> list[tuple[CategoryGuess, ...]]:
        """:meth:`_understood` of each of ``needs`` (rows of ``need_categories``), the
        readings scaled row by row at once."""
        codes = self._model.codes
        understood: list[tuple[CategoryGuess, ...]] = [
            (CategoryGuess(code=need.category, probability=1.0),) if need.category in codes else ()
            for need in needs
        ]
        read = [i for i, need in enumerate(needs) if need.category not in codes]
        if read:
            lengths = lengths_of([_need_text(needs[i]) for i in read])
            shown = calibrated(need_categories[read], lengths)
            for i, guesses in zip(read, self._guesses_of_rows(shown, 3), strict=True):
                understood[i] = guesses
        return understood

    def _chosen_many(
        self,
        needs: Sequence[NeedFacts],
        category_weights: FloatArray,
        vectors: sp.csr_matrix,
        limit: int,
        today: dt.date | None,
    ) -> list[_Chosen]:
        """:class:`_Chosen` for each of ``needs`` (rows of ``category_weights`` and of
        ``vectors``, their text): the rows of its best ``limit`` offerings, best first,
        with their signals' values, distances and how many offerings passing the hard
        rules fit too weakly.

        The offerings each need may be paired with are found community by community
        (:meth:`_candidates`: needs of one community, and of one answer to whether online
        delivery will do, share the offerings to look at). From there the needs' pairs
        are worked through all together, as flat arrays of (need, offering) pairs: a
        block's needs come from dozens of communities, most with one or two of them, and
        the rest of the work done once per community was mostly numpy's overhead on
        small arrays (a tenth of a district's ``match --all``). Every value is computed
        as for that need alone, element by element, so a need's result does not depend
        on which needs it was ranked with (nor on how they fall into communities)."""
        n = len(needs)
        if n == 0:
            return []
        if limit <= 0:
            return [_Chosen.nothing(0)] * n
        arrays = self._arrays_of(needs)
        starts = arrays.start if today is None else np.maximum(arrays.start, today.toordinal())
        # Relevance: the categories whose credit reaches the floor (their offerings read
        # from the community's offerings grouped by category, not offering by offering:
        # at a city most of a community's 30,000-odd eligible offerings are of other
        # kinds), and the offerings whose category is inferred, weighed one by one. An
        # offering is relevant when its credit reaches MIN_CATEGORY_CREDIT of the best
        # credit the need's reading allows (less than 1 for a reading spread over
        # several categories).
        groups = category_weights.shape[1]
        ceiling = category_weights.max(axis=1).astype(np.float64) if groups else np.ones(n)
        floor = (MIN_CATEGORY_CREDIT * ceiling - 1e-6).astype(np.float32)
        taken = np.hstack(
            [category_weights >= floor[:, np.newaxis], np.ones((n, 1), dtype=np.bool_)]
        )
        communities: dict[tuple[str, bool], list[int]] = {}
        for i, need_facts in enumerate(needs):
            key = (need_facts.community, self._accepts_online(need_facts))
            communities.setdefault(key, []).append(i)
        passing = np.zeros(n, dtype=np.int64)
        needs_of: list[IntArray] = []
        groups_of: list[IntArray] = []
        rows_of: list[IntArray] = []
        for (community, online), members in communities.items():
            at = np.array(members, dtype=np.int64)
            passing[at], need, group, rows = self._candidates(
                community, online, at, starts, arrays, taken
            )
            needs_of.append(need)
            groups_of.append(group)
            rows_of.append(rows)
        # The pairs need by need, each need's in the order its community gave them.
        need = np.concatenate(needs_of)
        order = np.argsort(need, kind="stable")
        need = need[order]
        group = np.concatenate(groups_of)[order]
        rows = np.concatenate(rows_of)[order]
        credit = self._pair_credit(category_weights, need, rows)
        inferred = np.flatnonzero(group == groups)
        if inferred.size:
            strong = np.ones(rows.size, dtype=np.bool_)
            strong[inferred] = credit[inferred] >= floor[need[inferred]]
            need, rows, credit = need[strong], rows[strong], credit[strong]
        counts = np.bincount(need, minlength=n)
        weak = passing - counts
        # Offerings whose best score cannot reach the limit-th best worst need not be
        # scored: a score lies between CATEGORY*c and (CATEGORY+GATED)*c + EXTRAS.
        bounds = _bounds(counts)
        over = counts > limit
        if over.any():
            needed = np.full(n, -np.inf, dtype=np.float32)
            for i in np.flatnonzero(over).tolist():
                kth = _kth_largest(credit[bounds[i] : bounds[i + 1]], limit)
                floor_i = WEIGHTS["category"] * kth
                needed[i] = (floor_i - _EXTRAS) / (WEIGHTS["category"] + _GATED_SUM) - 1e-6
            within = credit >= needed[need]
            need, rows, credit = need[within], rows[within], credit[within]
            counts = np.bincount(need, minlength=n)
            bounds = _bounds(counts)
        km = self._pair_distances(arrays, need, rows)
        signals = self._signals_of_pairs(arrays, need, rows, credit, km)
        base = self._base_score(signals)
        # Text can add at most its weight: only offerings within that of the limit-th
        # best base score can still reach the top (or the floor).
        cut = np.full(n, np.inf, dtype=np.float32)
        for i in np.flatnonzero(counts).tolist():
            kth = _kth_largest(base[bounds[i] : bounds[i + 1]], min(limit, int(counts[i])))
            threshold = kth - WEIGHTS["text"]
            threshold = max(threshold, MIN_SCORE - WEIGHTS["text"])
            cut[i] = threshold - 1e-6
        keep = np.flatnonzero(base >= cut[need])
        weak += np.bincount(need[base < MIN_SCORE - WEIGHTS["text"] - 1e-6], minlength=n)
        kept = np.bincount(need[keep], minlength=n)
        # At most TEXT_CANDIDATES of a need's offerings, best other signals first (of
        # equals, as the offerings come in the index). The pairs go need by need, so
        # each need's kept ones are one stretch of ``keep``.
        kept_bounds = _bounds(kept)
        dropped = np.zeros(keep.size, dtype=np.bool_)
        for i in np.flatnonzero(kept > TEXT_CANDIDATES).tolist():
            a = kept_bounds[i]
            order = np.argsort(rows[keep[a : kept_bounds[i + 1]]], kind="stable")
            best = np.argpartition(-base[keep[a + order]], TEXT_CANDIDATES - 1)
            dropped[a + order[best[TEXT_CANDIDATES:]]] = True
        keep = keep[~dropped]
        text = np.clip(self._pair_cosines(vectors, need[keep], rows[keep]), 0.0, 1.0)
        final = base[keep] + np.float32(WEIGHTS["text"]) * text
        strong = final >= MIN_SCORE - 1e-6
        weak += np.bincount(need[keep[~strong]], minlength=n)
        keep, text, final = keep[strong], text[strong], final[strong]
        order = np.lexsort((rows[keep], -final, need[keep]))
        ranked = keep[order]
        firsts = np.searchsorted(need[ranked], np.arange(n))
        places = np.arange(ranked.size) - firsts[need[ranked]]
        top = places < limit
        picked, text_picked = ranked[top], text[order][top]
        columns = np.vstack(
            [text_picked if name == "text" else signals[name][picked] for name in WEIGHTS]
        )
        km_picked = km[picked].tolist()
        return [
            _Chosen(rows[picked[a:b]], columns[:, a:b], km_picked[a:b], int(weak[i]))
            for i, (a, b) in enumerate(
                itertools.pairwise(_bounds(np.bincount(need[picked], minlength=n)))
            )
        ]

    def _candidates(
        self,
        community: str,
        online: bool,
        members: IntArray,
        starts: IntArray,
        arrays: _NeedArrays,
        taken: BoolArray,
    ) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        """For the needs at ``members`` (of :meth:`_chosen_many`), all of ``community``
        and all accepting online delivery or all not (``online``): how many offerings
        pass the hard rules for each, and the pairs of a need and an offering passing
        them in a category ``taken`` for the need (the number of categories when the
        offering's category is inferred): the needs, the categories and the offerings'
        rows, need by need."""
        e = self._eligible_in(community, online)
        # The hard rules that depend on the need, its window and its delivery modes, once
        # for each different window and modes among the needs (most share the quarter's).
        rules = list(
            zip(
                starts[members].tolist(),
                arrays.end[members].tolist(),
                arrays.modes[members].tolist(),
                strict=True,
            )
        )
        kinds = sorted(set(rules))
        kind = np.array([kinds.index(r) for r in rules], dtype=np.int64)
        inside = np.vstack(
            [
                (e.valid_until >= start)
                & (e.valid_from <= end)
                & ((e.modes & modes) != 0 if modes else True)
                for start, end, modes in kinds
            ]
        )
        passing = np.count_nonzero(inside, axis=1)[kind]
        need, group = np.nonzero(taken[members])
        lengths = e.bounds[group + 1] - e.bounds[group]
        ends_at = np.cumsum(lengths)
        at = e.by_group[
            np.arange(int(ends_at[-1]) if ends_at.size else 0)
            + np.repeat(e.bounds[group] - (ends_at - lengths), lengths)
        ]
        need, group = np.repeat(need, lengths), np.repeat(group, lengths)
        passes = inside[kind[need], at]
        return passing, members[need[passes]], group[passes], e.rows[at[passes]]

    def _pair_cosines(self, vectors: sp.csr_matrix, need: IntArray, rows: IntArray) -> FloatArray:
        """Cosine of each pair's need text (``need``: its row of ``vectors``) with its
        offering's (``rows``): :meth:`_text_similarity` of the needs and their offerings,
        a few needs at a time, so that it stays under :data:`COSINE_CELLS`."""
        result = np.zeros(rows.size, dtype=np.float32)
        if not rows.size or not vectors.nnz:
            return result
        order = np.argsort(need, kind="stable")
        bounds = _bounds(np.bincount(need, minlength=vectors.shape[0]))
        first, last_need = 0, vectors.shape[0]
        while first < last_need:
            last = first + 1
            while (
                last < last_need
                and (last + 1 - first) * (bounds[last + 1] - bounds[first]) <= COSINE_CELLS
            ):
                last += 1
            pairs = order[bounds[first] : bounds[last]]
            if pairs.size:
                offerings, column = np.unique(rows[pairs], return_inverse=True)
                product = self._text_similarity(vectors[first:last], offerings)
                result[pairs] = product[need[pairs] - first, column]
            first = last
        return result

    def _text_similarity(self, vectors: sp.csr_matrix, rows: IntArray) -> FloatArray:
        """Cosine of each need's text (a row of ``vectors``) with each offering's in
        ``rows``: the needs' vectors times the offerings' (``vectors @ offerings.T``).
        Each sum runs over the need's features in their order, so a (need, offering)
        pair's similarity is the same number whichever needs and offerings it is worked
        out among: a need's ranking, the fit of its assignments and a partner's
        opportunities all ask here."""
        return np.asarray((vectors @ self._offerings.vectors[rows].T).toarray(), np.float32)

    def _exclusions(
        self,
        need: NeedFacts,
        category_all: FloatArray,
        rules: Mapping[str, BoolArray],
        eligible: BoolArray,
        today: dt.date | None,
    ) -> tuple[Exclusion, ...]:
        rows = np.flatnonzero(~eligible)
        if not rows.size:
            return ()
        base = self._base_score(self._signals(need, category_all[rows], rows))
        order = np.lexsort((rows, -base))[:EXPLAIN_EXCLUDED]
        result = []
        for j in order:
            i = int(rows[j])
            code, zh, en = self._exclusion_reason(need, i, rules, today)
            result.append(
                Exclusion(
                    offering=self._offerings.codes[i],
                    partner=self._offerings.partner_codes[i],
                    code=code,
                    text_zh=zh,
                    text_en=en,
                )
            )
        return tuple(result)

    def _exclusion_reason(
        self, need: NeedFacts, i: int, rules: Mapping[str, BoolArray], today: dt.date | None
    ) -> tuple[str, str, str]:
        offering = self._offerings.facts[i]
        if not rules["partner"][i]:
            p = self._offerings.partner[i]
            status = self._partners.status[p] if p >= 0 else "unknown"
            if status == "suspended":
                return "partner_suspended", "合伙人已暂停", "The partner is suspended"
            return "partner_unverified", "合伙人未认证", "The partner is not verified yet"
        if not rules["validity"][i]:
            start = need.window_start
            if today is not None and offering.valid_until and offering.valid_until < today:
                return "expired", "已过有效期", "The offering has expired"
            if offering.valid_until is not None and start and offering.valid_until < start:
                return "expired", "已过有效期", "The offering expires before the need's window"
            return (
                "not_yet_valid",
                "需求时段内尚未生效",
                "The offering only starts after the need's window",
            )
        if not rules["mode"][i]:
            return "mode", "服务方式不符", "No delivery mode the need accepts"
        if not rules["area"][i]:
            return "area", "不在服务范围", "The need's community is outside the service area"
        return "capacity", "本季度名额已满", "No capacity left this quarter"

    # ------------------------------------------------------------------ reasons
    def _group_text(self, groups: frozenset[str]) -> tuple[str, str]:
        text = self._group_texts.get(groups)
        if text is None:
            ordered = sorted(groups)
            names = "、".join(self._standard.beneficiary_names.get(g, g) for g in ordered)
            text = (f"面向{names or '全体居民'}", f"Serves {', '.join(ordered) or 'everyone'}")
            self._group_texts[groups] = text
        return text

    def _offering_groups_text(self, i: int) -> tuple[str, str]:
        """Whom offering ``i`` serves, as a reason text: read from its beneficiary bits
        when they name all its groups, so that explaining a match decodes no row."""
        if not self._groups_exact:
            return self._group_text(self._offerings.facts[i].beneficiaries)
        bits = int(self._offerings.beneficiaries[i])
        key = ("groups", bits)
        text = self._texts.get(key)
        if text is None:
            groups = frozenset(g for g, bit in self._beneficiary_bit.items() if bits & bit)
            text = self._group_text(groups)
            if len(self._texts) >= TEXT_CACHE:
                self._texts.clear()
            self._texts[key] = text
        return text

    def _category_name(self, code: str) -> tuple[str, str]:
        return self._category_names.get(code, (code, code))

    def _matches(
        self,
        need: NeedFacts,
        rows: Sequence[int],
        scored: _Scored,
        km: Sequence[float],
        need_index: int,
        reasons: bool = True,
    ) -> tuple[Match, ...]:
        """The matches of the offerings in ``rows``, in that order; ``scored`` holds
        their signals' values, shares and scores (:class:`_Scored`) and ``km`` their
        distances.

        A reason's share is its weight times its signal (times the category signal when
        gated), rounded to 6 places; the score is the sum of the positive shares, in the
        order of :data:`WEIGHTS`, rounded the same way.
        """
        if not rows:
            return ()
        scores = scored.scores
        o = self._offerings
        codes, partners = o.codes, o.partner_codes
        if not reasons:
            return tuple(
                Match(codes[i], partners[i], scores[position]) for position, i in enumerate(rows)
            )
        share_rows = scored.shares
        value_rows = scored.values
        tops = o.top_category[rows].tolist()
        known = o.category_known[rows].tolist()
        own = bool(need.category)
        slots = bool(need.preferred_slots)
        names = _WEIGHT_NAMES
        cache = self._texts
        made = self._reasons
        result = []
        for position, i in enumerate(rows):
            value_row = value_rows[position]
            distance = km[position]
            texts = list(self._offering_texts(need, i))
            keys = (
                ("category", tops[position], need_index, not own or not known[position]),
                ("time", slots, value_row[_TIME] >= 1.0),
                ("distance", None if math.isnan(distance) else round(distance, 1)),
            )
            for k, key in zip(_NEED_TEXT_COLUMNS, keys, strict=True):
                text = cache.get(key)
                if text is None:
                    named = dict(zip(names, value_row, strict=True))
                    named["km"] = distance
                    text = self._reason_text(names[k], need, i, named, need_index)
                    if len(cache) >= TEXT_CACHE:
                        cache.clear()
                    cache[key] = text
                texts[k] = text
            parts = []
            for k, share in enumerate(share_rows[position]):
                if share > 0:
                    reason_key = (k, texts[k], share)
                    reason = made.get(reason_key)
                    if reason is None:
                        zh, en = texts[k]
                        reason = Reason(names[k], zh, en, share)
                        if len(made) >= REASON_CACHE:
                            made.clear()
                        made[reason_key] = reason
                    parts.append(reason)
            result.append(Match(codes[i], partners[i], scores[position], tuple(parts)))
        return tuple(result)

    def _offering_texts(self, need: NeedFacts, i: int) -> tuple[tuple[str, str], ...]:
        """The reason texts of offering ``i`` in the order of :data:`WEIGHTS`, those that
        depend only on the offering and its partner (not on ``need``) filled in, the
        others empty. Cached per offering."""
        cached = self._offer_texts.get(i)
        if cached is None:
            values = dict.fromkeys(WEIGHTS, 0.0)
            values["reliability"] = float(self._offer_reliability[i])
            values["km"] = math.nan
            cached = tuple(
                self._reason_text(name, need, i, values, 0) if name in _OFFER_TEXTS else ("", "")
                for name in WEIGHTS
            )
            if len(self._offer_texts) >= OFFERING_TEXT_CACHE:
                self._offer_texts.clear()
            self._offer_texts[i] = cached
        return cached

    def _reason_text(
        self, name: str, need: NeedFacts, i: int, values: Mapping[str, float], need_index: int
    ) -> tuple[str, str]:
        o = self._offerings
        value = values[name]
        if name == "category":
            codes = self._model.codes
            offer_index = int(o.top_category[i])
            zh_o, en_o = self._category_name(codes[offer_index])
            zh_n, en_n = self._category_name(codes[need_index])
            read = not need.category or not o.category_known[i]
            note, note_en = ("（据描述判断）", " (read from the text)") if read else ("", "")
            if offer_index == need_index:
                return f"同属「{zh_o}」{note}", f"Same category: {en_o}{note_en}"
            if self._similarity[need_index, offer_index] > 0:
                return (
                    f"「{zh_o}」与需求的「{zh_n}」相关{note}",
                    f"{en_o} is related to the need's {en_n}{note_en}",
                )
            return (
                f"可能与需求相关：「{zh_o}」{note}",
                f"May fit the need: {en_o}{note_en}",
            )
        if name == "beneficiaries":
            return self._offering_groups_text(i)
        if name == "time":
            if not need.preferred_slots:
                return ("需求不限时间", "The need has no preferred time")
            if value >= 1.0:
                return ("每周服务时间与希望时段重叠", "Weekly hours overlap the preferred slots")
            return (
                "服务时间与希望时段部分重叠",
                "Weekly hours overlap the preferred slots a little",
            )
        if name == "cost":
            # Only a free offering's cost signal is 1 (COST_VALUE).
            if o.cost[i] == COST_VALUE["free"]:
                return ("免费", "Free of charge")
            return ("低偿", "Low cost")
        if name == "text":
            return ("描述与需求相近", "Its description is close to the need's")
        if name == "distance":
            km = values["km"]
            if math.isnan(km):
                return ("距离未知", "Distance unknown")
            return (f"距离约{km:.1f}公里", f"About {km:.1f} km away")
        if name == "reliability":
            p = int(o.partner[i])
            if p >= 0 and self._partners.reliability_known[p]:
                return (
                    f"以往评价与完成情况（{value:.0%}）",
                    f"Past evaluations and completion ({value:.0%})",
                )
            return ("暂无服务记录", "No service history yet")
        p = int(o.partner[i])
        load = int(self._partners.load[p]) if p >= 0 else 0
        if load == 0:
            return ("近期未接任务，可分担", "No work dispatched recently")
        return (f"近期已派单{load}次", f"Work dispatched {load} times recently")
