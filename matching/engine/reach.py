"""Which offerings can reach each community of an area, counted for the whole area at once.

The rule is the ranking's own (:meth:`MatchIndex.eligible` for a need of the community
that accepts any delivery mode): an offering reaches a community when it passes the
rules that do not depend on where (``passing``: verified partner, capacity left, a
delivery mode, valid in the period) and it is delivered online, or lists the community
or one of its ancestors, or its partner lies within its ``radius_km`` of the community.

Asked community by community, a city's coverage went through every offering for each of
its thousands of communities, and through every reaching offering in Python. Here the
offerings reaching a community through its ancestors (a street, the district) or online
are counted once per parent and shared by its communities; only what a community adds
(its own listed offerings, those whose radius reaches it) is counted for it. Offerings
with a radius are kept by radius and sorted by latitude, so a community measures the
distance only to those inside a box around it, with the same distance function and the
same comparison as the ranking.

Counts only: the codes of a cell's offerings are listed when asked (see
:mod:`matching.engine.coverage`), by the ranking's own rule.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.engine.geo import EARTH_RADIUS_KM, KM_PER_DEGREE, haversine_km

# Offerings with a radius are grouped by radius, each group's largest at most this many
# times its smallest: a point's box is as wide as its group's largest radius.
RADIUS_STEP = 1.5

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Counts:
    """Per community (rows, in the order asked) and category (columns, the index's
    order): the capacity left in the offerings that reach it, how many offerings those
    are, and how many partners hold them."""

    capacity: IntArray
    offerings: IntArray
    partners: IntArray


@dataclass(frozen=True)
class Offerings:
    """The offerings' columns the rule and the counts read, in index order."""

    passing: BoolArray  # every rule but the area's
    online: BoolArray
    area_members: Mapping[str, IntArray]  # area code -> offerings listing it, ascending
    radius: FloatArray  # km; NaN when the area is a list of codes
    lat: FloatArray  # the partner's location, NaN when unknown
    lng: FloatArray
    category: IntArray
    partner: IntArray  # -1 when unknown
    capacity: IntArray


class _Level:
    """What an area adds to the offerings reaching its communities: the offerings it
    lists that no area above it (nor online delivery) already brought, their partners
    (by category) not already counted above, and the counts so far. The top area (with
    online delivery) keeps masks over all offerings and partners; the areas below it hold
    a few offerings each and are searched."""

    def __init__(self, parent: _Level | None, rows: IntArray, counting: _Counting) -> None:
        self.parent = parent
        self._counting = counting
        if parent is not None:
            rows = rows[~parent.has_rows(rows)]
        keys = counting.new_keys(rows, parent)
        self.rows = rows
        self.keys = np.sort(keys)
        self.capacity, self.offerings, self.partners = counting.add(
            counting.counts(parent), rows, keys
        )
        # The top level's masks over all offerings and all keys; empty below it.
        self.row_mask = np.zeros(0 if parent else counting.o.category.size, dtype=np.bool_)
        self.key_mask = np.zeros(0 if parent else counting.key_space, dtype=np.bool_)
        if parent is None:
            self.row_mask[rows] = True
            self.key_mask[keys] = True

    def has_rows(self, rows: IntArray) -> BoolArray:
        """Which of ``rows`` this level or one above it brought."""
        if self.parent is None:
            found: BoolArray = self.row_mask[rows]
            return found
        return _within(rows, self.rows) | self.parent.has_rows(rows)

    def has_keys(self, keys: IntArray) -> BoolArray:
        """Which of ``keys`` this level or one above it counted."""
        if self.parent is None:
            found: BoolArray = self.key_mask[keys]
            return found
        found = self.parent.has_keys(keys)
        if self.keys.size:
            # Marked in a shared scratch and unmarked after: a community's keys are many
            # and a level's few.
            mark = self._counting.mark
            mark[self.keys] = True
            found |= mark[keys]
            mark[self.keys] = False
        return found


class _Counting:
    """Keys (category and partner in one number) and counts of sets of offerings."""

    def __init__(self, o: Offerings, categories: int) -> None:
        self.o = o
        self.categories = categories
        self.partner_space = int(o.partner.max()) + 2 if o.partner.size else 1
        self.key_space = categories * self.partner_space
        # Scratch for counting distinct keys without sorting them (see new_keys).
        self._stamp = np.zeros(self.key_space, dtype=np.int64)
        self.mark = np.zeros(self.key_space, dtype=np.bool_)

    def counts(self, level: _Level | None) -> tuple[IntArray, IntArray, IntArray]:
        """``level``'s counts (capacity, offerings, partners); zeros for none."""
        if level is None:
            zero = np.zeros(self.categories, dtype=np.int64)
            return zero, zero, zero
        return level.capacity, level.offerings, level.partners

    def new_keys(self, rows: IntArray, above: _Level | None) -> IntArray:
        """The distinct keys of ``rows`` not already counted ``above``."""
        keys = self.o.category[rows] * self.partner_space + (self.o.partner[rows] + 1)
        # Each key's slot ends up holding one of its positions, whichever write wins:
        # exactly one position per distinct key finds itself there.
        positions = np.arange(keys.size)
        self._stamp[keys] = positions
        distinct: IntArray = keys[self._stamp[keys] == positions]
        if above is not None and distinct.size:
            distinct = distinct[~above.has_keys(distinct)]
        return distinct

    def add(
        self, start: tuple[IntArray, IntArray, IntArray], rows: IntArray, keys: IntArray
    ) -> tuple[IntArray, IntArray, IntArray]:
        """The counts ``start`` with the offerings ``rows`` and the new ``keys`` added."""
        k = self.o.category[rows]
        return (
            start[0] + np.bincount(k, self.o.capacity[rows], self.categories).astype(np.int64),
            start[1] + np.bincount(k, minlength=self.categories),
            start[2] + np.bincount(keys // self.partner_space, minlength=self.categories),
        )


class Radii:
    """Offerings with a radius, found by where they reach: kept in groups of similar
    radius (each at most :data:`RADIUS_STEP` times the smallest), each sorted by
    latitude, so that a point measures the distance only to those inside a box around it
    as wide as the group's largest radius."""

    def __init__(
        self, rows: IntArray, radius: FloatArray, lat: FloatArray, lng: FloatArray
    ) -> None:
        rows = rows[~np.isnan(radius[rows]) & ~np.isnan(lat[rows]) & ~np.isnan(lng[rows])]
        # Each group's rows with their latitude, longitude and radius, in latitude order:
        # a band of latitudes is then a slice of each, read without gathering.
        self._groups: list[tuple[float, IntArray, FloatArray, FloatArray, FloatArray]] = []
        steps = np.ceil(np.log(np.maximum(radius[rows], 1e-3)) / math.log(RADIUS_STEP))
        for step in np.unique(steps).tolist():
            same = rows[steps == step]
            same = same[np.argsort(lat[same], kind="stable")]
            widest = float(radius[same].max())
            self._groups.append((widest, same, lat[same], lng[same], radius[same]))

    def reaching(self, lat: float | None, lng: float | None, *, ascending: bool = True) -> IntArray:
        """The offerings whose radius reaches the point, ascending (``ascending=False``:
        in no particular order, for counting)."""
        if lat is None or lng is None or not self._groups:
            return np.empty(0, dtype=np.int64)
        found = []
        for widest, rows, lats, lngs, radii in self._groups:
            # A box a little wider than the radius: the exact distance decides.
            dlat = widest / KM_PER_DEGREE * 1.01 + 1e-6
            lo, hi = np.searchsorted(lats, [lat - dlat, lat + dlat])
            dlng = dlat / max(math.cos(math.radians(min(abs(lat) + dlat, 89.0))), 1e-6)
            box = np.flatnonzero(np.abs(lngs[lo:hi] - lng) <= dlng) + lo
            if box.size:
                inside = _within_radius(lat, lng, radii[box], widest, lats[box], lngs[box])
                found.append(rows[box[inside]])
        if not found:
            return np.empty(0, dtype=np.int64)
        rows = np.concatenate(found)
        return np.sort(rows) if ascending else rows


def _within_radius(
    lat: float,
    lng: float,
    radius: FloatArray,
    widest: float,
    lats: FloatArray,
    lngs: FloatArray,
) -> BoolArray:
    """Which points lie within their ``radius`` km (at most ``widest``) of (``lat``,
    ``lng``), as the ranking decides it (:func:`haversine_km`, at most the radius). A
    flat-earth distance settles the points clearly inside or outside; the great-circle
    distance decides those near the edge. Over a few tens of km the flat distance is off
    by well under the margin: the cosine of the latitude changes by about tan(latitude)
    x the angle between the points."""
    angle = widest / EARTH_RADIUS_KM
    slope = math.tan(math.radians(min(abs(lat), 80.0))) + 1.0
    margin = 0.01 + 3 * slope * angle
    dy = (lats - lat) * KM_PER_DEGREE
    dx = (lngs - lng) * (KM_PER_DEGREE * math.cos(math.radians(lat)))
    flat = dx * dx + dy * dy
    inside: BoolArray = flat <= (radius * (1 - margin)) ** 2
    edge = np.flatnonzero(~inside & (flat <= (radius * (1 + margin)) ** 2))
    if edge.size:
        inside[edge] = haversine_km(lat, lng, lats[edge], lngs[edge]) <= radius[edge]
    return inside


def counts(
    o: Offerings,
    *,
    chains: Sequence[Sequence[str]],
    points: Sequence[tuple[float | None, float | None]],
    categories: int,
) -> Counts:
    """The :class:`Counts` of communities given by ``chains`` (each community's code
    followed by its ancestors') and ``points`` (each community's coordinates)."""
    counting = _Counting(o, categories)
    listed = o.passing & ~o.online
    online = np.flatnonzero(o.passing & o.online)
    radii = Radii(np.flatnonzero(o.passing & ~o.online), o.radius, o.lat, o.lng)
    levels: dict[tuple[str, ...], _Level] = {}

    def members(code: str) -> IntArray:
        rows = o.area_members.get(code)
        if rows is None:
            return np.empty(0, dtype=np.int64)
        return rows[listed[rows]]

    def level(areas: tuple[str, ...]) -> _Level:
        found = levels.get(areas)
        if found is None:
            if len(areas) == 1:
                rows = np.union1d(online, members(areas[0]))
                found = _Level(None, rows, counting)
            else:
                found = _Level(level(areas[1:]), members(areas[0]), counting)
            levels[areas] = found
        return found

    shape = (len(chains), categories)
    result = Counts(
        capacity=np.zeros(shape, dtype=np.int64),
        offerings=np.zeros(shape, dtype=np.int64),
        partners=np.zeros(shape, dtype=np.int64),
    )
    for i, (chain, (lat, lng)) in enumerate(zip(chains, points, strict=True)):
        above = level(tuple(chain[1:])) if len(chain) > 1 else None
        own = members(chain[0])
        own = np.union1d(online, own) if above is None else own[~above.has_rows(own)]
        # Offerings with a radius list no area and are not delivered online: no area
        # above brought them.
        rows = np.concatenate([own, radii.reaching(lat, lng, ascending=False)])
        keys = counting.new_keys(rows, above)
        (result.capacity[i], result.offerings[i], result.partners[i]) = counting.add(
            counting.counts(above), rows, keys
        )
    return result


def _within(values: IntArray, sorted_: IntArray) -> BoolArray:
    """Which of ``values`` are in the ascending array ``sorted_``."""
    if not sorted_.size or not values.size:
        return np.zeros(values.shape, dtype=np.bool_)
    at = np.minimum(np.searchsorted(sorted_, values), sorted_.size - 1)
    found: BoolArray = sorted_[at] == values
    return found
