"""What the engine takes and gives: frozen dataclasses, no Django.

Codes are the interchange format's stable ``code`` strings. Times of day are minutes
after midnight; weekdays run 1 (Monday) to 7 (Sunday). Tags and code lists arrive as
``frozenset[str]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class Slot:
    """A weekly time slot: ``weekday`` 1..7, ``start`` < ``end`` in minutes after midnight."""

    weekday: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CategoryDef:
    """One service category of the standard (``partners/standard/categories-v1.json``,
    described for people in ``docs/service-standard.md``)."""

    code: str
    name_zh: str
    name_en: str
    related: frozenset[str] = frozenset()
    typical_beneficiaries: frozenset[str] = frozenset()
    typical_modes: frozenset[str] = frozenset()
    # From the service catalogue, when there is one: what the category covers, what it
    # does not, situations as residents describe them, and its keywords.
    covers: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Standard:
    """The service standard: categories, beneficiary group names, delivery mode names,
    and the catalogue's cue phrases of delivery modes and beneficiary groups."""

    categories: tuple[CategoryDef, ...]
    beneficiary_names: dict[str, str] = field(default_factory=dict)  # code -> 中文名
    mode_names: dict[str, str] = field(default_factory=dict)  # code -> 中文名
    mode_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code -> phrases
    beneficiary_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Place:
    """A node of the community tree: district, street, community or station."""

    code: str
    name: str
    level: str  # district | street | community | station
    parent: str | None
    lat: float | None = None
    lng: float | None = None


@dataclass(frozen=True, slots=True)
class PartnerFacts:
    """What the engine needs to know of a partner.

    ``reliability`` is 0..1 from past evaluations and completion (``None``: no history
    yet); ``load`` counts how much work the partner was recently handed (dispatched).
    """

    code: str
    name: str
    status: str  # verified | pending | suspended
    kind: str = "unit"
    lat: float | None = None
    lng: float | None = None
    reliability: float | None = None
    load: int = 0


@dataclass(frozen=True, slots=True)
class OfferingFacts:
    """An offering as the engine sees it. ``area_codes`` lists service-area codes (any
    level: a district or street covers everything under it); when empty and
    ``radius_km`` is set, the area is that radius around the partner. ``capacity_left``
    is this quarter's capacity minus the units already taken."""

    code: str
    partner: str
    title: str
    description: str = ""
    category: str | None = None
    tags: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    area_codes: frozenset[str] = frozenset()
    radius_km: float | None = None
    beneficiaries: frozenset[str] = frozenset()
    capacity: int = 0
    capacity_left: int = 0
    unit: str = "session"
    availability: tuple[Slot, ...] = ()
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    cost: str = "free"  # free | low_cost | paid


@dataclass(frozen=True, slots=True)
class OfferingSummary:
    """An offering as an index holds it now: ``category`` is its own or, when it has
    none, the one the index reads from its text (``category_known`` tells which), and
    ``capacity_left`` is what the index ranks with."""

    code: str
    partner: str
    category: str
    category_known: bool
    capacity_left: int


@dataclass(frozen=True, slots=True)
class NeedFacts:
    """A need as the engine sees it. Empty ``modes`` accepts any delivery mode; empty
    ``preferred_slots`` means any time."""

    code: str
    community: str
    title: str
    description: str = ""
    category: str | None = None
    tags: frozenset[str] = frozenset()
    beneficiaries: frozenset[str] = frozenset()
    quantity: int = 1
    modes: frozenset[str] = frozenset()
    window_start: dt.date | None = None
    window_end: dt.date | None = None
    preferred_slots: tuple[Slot, ...] = ()
    priority: str = "normal"  # low | normal | high | urgent


@dataclass(frozen=True, slots=True)
class Reason:
    """One part of a score, shown to the user: ``share`` is its part of the score, and
    the shares of a match add up to its score."""

    code: str
    text_zh: str
    text_en: str
    share: float

    def __reduce__(self) -> tuple[type[Reason], tuple[str, str, str, float]]:
        # Pickled as its fields (see Ranking.__reduce__).
        return (Reason, (self.code, self.text_zh, self.text_en, self.share))


@dataclass(frozen=True, slots=True)
class Match:
    """One proposed offering for a need, best first in a :class:`Ranking`."""

    offering: str
    partner: str
    score: float
    reasons: tuple[Reason, ...] = ()

    def __reduce__(self) -> tuple[type[Match], tuple[str, str, float, tuple[Reason, ...]]]:
        return (Match, (self.offering, self.partner, self.score, self.reasons))


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Why a notable candidate was not proposed (不在服务范围, 已过有效期, 本季度名额已满…)."""

    offering: str
    partner: str
    code: str
    text_zh: str
    text_en: str

    def __reduce__(self) -> tuple[type[Exclusion], tuple[str, str, str, str, str]]:
        return (Exclusion, (self.offering, self.partner, self.code, self.text_zh, self.text_en))


@dataclass(frozen=True, slots=True)
class CategoryGuess:
    """A category the engine reads a text as, with its probability."""

    code: str
    probability: float

    def __reduce__(self) -> tuple[type[CategoryGuess], tuple[str, float]]:
        return (CategoryGuess, (self.code, self.probability))


@dataclass(frozen=True, slots=True)
class Reading:
    """What a text is about as the engine reads it."""

    categories: tuple[CategoryGuess, ...]  # most likely first, calibrated probabilities
    modes: tuple[str, ...]  # delivery modes the text implies (suggestions), e.g. ("home_visit",)
    beneficiaries: tuple[str, ...]  # beneficiary groups the text names, e.g. ("elderly",)
    confident: bool  # top probability >= CONFIDENT (engine constant)


@dataclass(frozen=True, slots=True)
class TextExample:
    """A labelled text a district has confirmed (a secretary's choice or correction, an
    accepted dispatch)."""

    text: str
    category: str
    district: str  # the district code it was learned in; it only affects readings there
    weight: float = 1.0  # evidence strength; negative = evidence against this category


@dataclass(frozen=True, slots=True)
class Ranking:
    """The answer for one need: matches best first; ``excluded`` only when asked to
    explain; ``categories`` is what the engine understood the need to be about; ``weak``
    counts offerings that pass every hard rule but fit too weakly to be proposed (below
    the relevance floor; offerings already beyond ``limit`` better ones are not counted)."""

    need: str
    matches: tuple[Match, ...]
    excluded: tuple[Exclusion, ...] = ()
    categories: tuple[CategoryGuess, ...] = ()
    weak: int = 0

    def __reduce__(self) -> tuple[type[Ranking], tuple[Any, ...]]:
        # Rankings travel pickled from the processes a batch is spread over
        # (matching.engine.spread): as their fields they pickle and load in about
        # half the time they take as dataclasses with slots (a district's 5,000 needs'
        # candidates, 0.9 s against 0.4 s).
        return (Ranking, (self.need, self.matches, self.excluded, self.categories, self.weak))


@dataclass(frozen=True, eq=False)
class Candidates:
    """Rankings without reasons as columns, for a plan that keeps a few of each need's
    many candidates: need ``needs[k]``'s candidates are the entries ``starts[k]`` to
    ``starts[k + 1]``, best first, each an offering, its partner and its score, and its
    reasons when they were made (``reasons`` then holds one tuple per entry). ``weak``,
    ``excluded`` and ``categories`` are each need's, as in its :class:`Ranking`. No
    :class:`Match` is made per candidate; :meth:`rankings` makes them when asked."""

    needs: tuple[str, ...]
    starts: npt.NDArray[np.int64]
    offerings: tuple[str, ...]
    partners: tuple[str, ...]
    scores: npt.NDArray[np.float64]
    weak: tuple[int, ...]
    categories: tuple[tuple[CategoryGuess, ...], ...]
    excluded: tuple[tuple[Exclusion, ...], ...]
    reasons: tuple[tuple[Reason, ...], ...] | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Candidates):
            return NotImplemented
        return (
            self.needs == other.needs
            and np.array_equal(self.starts, other.starts)
            and self.offerings == other.offerings
            and self.partners == other.partners
            and np.array_equal(self.scores, other.scores)
            and self.weak == other.weak
            and self.categories == other.categories
            and self.excluded == other.excluded
            and self.reasons == other.reasons
        )

    __hash__ = None  # type: ignore[assignment]  # equal by value, and not frozen deep down

    @classmethod
    def of(cls, rankings: Iterable[Ranking]) -> Candidates:
        """The rankings' matches as columns, reasons included."""
        listed = list(rankings)
        starts = np.zeros(len(listed) + 1, dtype=np.int64)
        np.cumsum([len(r.matches) for r in listed], out=starts[1:])
        matches = [m for r in listed for m in r.matches]
        return cls(
            needs=tuple(r.need for r in listed),
            starts=starts,
            offerings=tuple(m.offering for m in matches),
            partners=tuple(m.partner for m in matches),
            scores=np.fromiter((m.score for m in matches), dtype=np.float64, count=len(matches)),
            weak=tuple(r.weak for r in listed),
            categories=tuple(r.categories for r in listed),
            excluded=tuple(r.excluded for r in listed),
            reasons=tuple(m.reasons for m in matches),
        )

    def rankings(self) -> list[Ranking]:
        """One :class:`Ranking` per need, as :meth:`of` would have read them."""
        return [self.ranking(k) for k in range(len(self.needs))]

    def ranking(self, k: int) -> Ranking:
        """The :class:`Ranking` of the ``k``-th need."""
        first, end = int(self.starts[k]), int(self.starts[k + 1])
        reasons = self.reasons
        return Ranking(
            need=self.needs[k],
            matches=tuple(
                Match(
                    self.offerings[e],
                    self.partners[e],
                    float(self.scores[e]),
                    reasons[e] if reasons is not None else (),
                )
                for e in range(first, end)
            ),
            excluded=self.excluded[k],
            categories=self.categories[k],
            weak=self.weak[k],
        )

    def with_rankings(self, changed: Mapping[int, Ranking]) -> Candidates:
        """These candidates with the ``k``-th need's replaced by ``changed[k]`` (its
        matches, reasons, exclusions, categories and weak count)."""
        if not changed:
            return self
        pieces: list[Candidates] = []
        kept_from = 0
        for k in sorted(changed):
            if kept_from < k:
                pieces.append(self._slice(kept_from, k))
            pieces.append(Candidates.of([changed[k]]))
            kept_from = k + 1
        if kept_from < len(self.needs):
            pieces.append(self._slice(kept_from, len(self.needs)))
        return Candidates._joined(pieces)

    def _slice(self, first: int, end: int) -> Candidates:
        a, b = int(self.starts[first]), int(self.starts[end])
        return Candidates(
            needs=self.needs[first:end],
            starts=self.starts[first : end + 1] - a,
            offerings=self.offerings[a:b],
            partners=self.partners[a:b],
            scores=self.scores[a:b],
            weak=self.weak[first:end],
            categories=self.categories[first:end],
            excluded=self.excluded[first:end],
            reasons=self.reasons[a:b] if self.reasons is not None else ((),) * (b - a),
        )

    @staticmethod
    def _joined(pieces: Sequence[Candidates]) -> Candidates:
        sizes = [int(p.starts[-1]) for p in pieces]
        offsets = np.cumsum([0, *sizes[:-1]])
        return Candidates(
            needs=tuple(n for p in pieces for n in p.needs),
            starts=np.concatenate(
                [np.zeros(1, dtype=np.int64)]
                + [p.starts[1:] + o for p, o in zip(pieces, offsets, strict=True)]
            ),
            offerings=tuple(o for p in pieces for o in p.offerings),
            partners=tuple(o for p in pieces for o in p.partners),
            scores=np.concatenate([p.scores for p in pieces]),
            weak=tuple(w for p in pieces for w in p.weak),
            categories=tuple(c for p in pieces for c in p.categories),
            excluded=tuple(e for p in pieces for e in p.excluded),
            reasons=tuple(
                r
                for p in pieces
                for r in (p.reasons if p.reasons is not None else ((),) * len(p.offerings))
            ),
        )


@dataclass(frozen=True, slots=True)
class Opportunity:
    """One open need an offering could serve, seen from the partner's side (认领): the
    match is the one the need's own ranking gives that offering, score and reasons."""

    need: str
    match: Match
    km: float | None = None
