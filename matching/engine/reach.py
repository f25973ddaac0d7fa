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
(its own listed offerings, those whose radius reaches it) is counted for it.

Offerings with a radius are kept by radius. In a city they are most of what reaches a
community (thousands each), so they are summed for all communities at once on a grid:
the cells wholly inside a community's disc add their running sums, and only the
offerings of the cells on its edge are measured, with the same distance function and
the same comparison as the ranking (:meth:`Radii.sums`). A partner counts once per
category: of its offerings with a radius in a category, the one reaching farthest
carries it (:class:`_Carriers`), unless an area or online delivery already brought it.

Counts only: the codes of a cell's offerings are listed when asked (see
:mod:`matching.engine.coverage`), by the ranking's own rule.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from matching.engine.geo import EARTH_RADIUS_KM, KM_PER_DEGREE, haversine_from

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

    def keys(self, rows: IntArray) -> IntArray:
        """The keys of ``rows``: their category and partner in one number."""
        keys: IntArray = self.o.category[rows] * self.partner_space + (self.o.partner[rows] + 1)
        return keys

    def new_keys(self, rows: IntArray, above: _Level | None) -> IntArray:
        """The distinct keys of ``rows`` not already counted ``above``."""
        keys = self.keys(rows)
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
    as wide as the group's largest radius (:meth:`reaching`), or summed for many points
    on a grid (:meth:`sums`)."""

    def __init__(
        self, rows: IntArray, radius: FloatArray, lat: FloatArray, lng: FloatArray
    ) -> None:
        rows = rows[~np.isnan(radius[rows]) & ~np.isnan(lat[rows]) & ~np.isnan(lng[rows])]
        self.rows = rows  # every offering that can reach somewhere, ascending
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
        point = _Point.of(lat, lng)
        found = []
        for widest, rows, lats, lngs, radii in self._groups:
            # A box a little wider than the radius: the exact distance decides.
            dlat = _half_height(widest)
            lo, hi = np.searchsorted(lats, [lat - dlat, lat + dlat])
            box = np.flatnonzero(np.abs(lngs[lo:hi] - lng) <= point.half_width(dlat)) + lo
            if box.size:
                inside = _within_radius(point, radii[box], widest, lats[box], lngs[box])
                found.append(rows[box[inside]])
        if not found:
            return np.empty(0, dtype=np.int64)
        rows = np.concatenate(found)
        return np.sort(rows) if ascending else rows

    def sums(
        self,
        points: Sequence[tuple[float, float]],
        weights: FloatArray,
        categories: IntArray,
        width: int,
    ) -> FloatArray:
        """For each point, the sums of ``weights`` (one row per kind of weight, one column
        per offering) by the offerings' ``categories`` (``width`` of them), over the
        offerings whose radius reaches the point: shape (points, kinds, width).

        Counted on a grid per group (:class:`_Grid`): the cells wholly inside every
        radius of the group add their sums at once, the cells on the edge are measured
        offering by offering as :meth:`reaching` measures them, and the decisions are
        those of :meth:`reaching` for every pair."""
        kinds = weights.shape[0]
        found = np.zeros((len(points), kinds * width), dtype=np.float64)
        if not points or not self._groups:
            return found.reshape(len(points), kinds, width)
        each = [_Point.of(lat, lng) for lat, lng in points]
        terms = _Point(*(np.array(column, dtype=np.float64) for column in zip(*each, strict=True)))
        for widest, rows, lats, lngs, radii in self._groups:
            grid = _Grid(rows, lats, lngs, radii, widest, weights, categories, width)
            # A few hundred points at a time: their grid rows' sums stay a few MB.
            for start in range(0, len(points), POINTS_AT_ONCE):
                block = slice(start, start + POINTS_AT_ONCE)
                grid.add_to(found[block], _Point(*(column[block] for column in terms)))
        return found.reshape(len(points), kinds, width)


# A group's grid has cells about this fraction of its widest radius high and wide, and
# at most GRID_CELLS of them (coarser for small radii, whose discs hold few offerings).
CELLS_PER_RADIUS = 16
GRID_CELLS = 8_000
# A cell counts as wholly inside (or outside) a disc only with this much room, relative,
# on squared distances: far more than rounding can move a distance, so a cell taken
# whole holds only offerings the exact test takes too.
ROOM = 1e-9
POINTS_AT_ONCE = 256


class _Grid:
    """A group's offerings (their radii between ``smallest`` and ``widest`` km) on a grid
    of cells, sorted by cell row by row, with each grid row's latitude bounds and, along
    each grid row, running sums of the weights by category. A point's disc then takes
    whole the cells well inside ``smallest`` (a run of each grid row, two lookups),
    leaves the cells well beyond ``widest``, and measures only the offerings of the
    cells between, with :func:`_within_radius`."""

    def __init__(
        self,
        rows: IntArray,
        lats: FloatArray,
        lngs: FloatArray,
        radii: FloatArray,
        widest: float,
        weights: FloatArray,
        categories: IntArray,
        width: int,
    ) -> None:
        self.widest = widest
        self.smallest = float(radii.min())
        self.width = width
        self.lat0, self.lng0 = float(lats.min()), float(lngs.min())
        middle = math.radians((float(lats.min()) + float(lats.max())) / 2)
        cell_km = widest / CELLS_PER_RADIUS
        shape = (0, 0)
        while True:
            self.cell_lat = cell_km / KM_PER_DEGREE
            self.cell_lng = self.cell_lat / max(math.cos(middle), 1e-6)
            shape = (
                int((float(lats.max()) - self.lat0) // self.cell_lat) + 1,
                int((float(lngs.max()) - self.lng0) // self.cell_lng) + 1,
            )
            if shape[0] * shape[1] <= GRID_CELLS:
                break
            cell_km *= math.sqrt(shape[0] * shape[1] / GRID_CELLS) * 1.01
        self.ny, self.nx = shape
        cy = np.minimum(((lats - self.lat0) // self.cell_lat).astype(np.int64), self.ny - 1)
        cx = np.minimum(((lngs - self.lng0) // self.cell_lng).astype(np.int64), self.nx - 1)
        cell = cy * self.nx + cx
        order = np.argsort(cell, kind="stable")
        cell, cy = cell[order], cy[order]
        self.rows, self.lats, self.lngs, self.radii = (
            rows[order],
            lats[order],
            lngs[order],
            radii[order],
        )
        self.cell_start = np.searchsorted(cell, np.arange(self.ny * self.nx + 1))
        self.lat_min = np.full(self.ny, np.inf)
        self.lat_max = np.full(self.ny, -np.inf)
        np.minimum.at(self.lat_min, cy, self.lats)
        np.maximum.at(self.lat_max, cy, self.lats)
        kinds = weights.shape[0]
        k = categories[self.rows]
        self.weights = weights[:, self.rows]
        self.k = k
        sums = np.zeros((self.ny * self.nx, kinds * width), dtype=np.float64)
        for w in range(kinds):
            sums[:, w * width : (w + 1) * width] = np.bincount(
                cell * width + k, self.weights[w], self.ny * self.nx * width
            ).reshape(self.ny * self.nx, width)
        self.running = np.zeros((self.ny, self.nx + 1, kinds * width), dtype=np.float64)
        np.cumsum(sums.reshape(self.ny, self.nx, kinds * width), axis=1, out=self.running[:, 1:])

    def add_to(self, found: FloatArray, terms: _Point) -> None:
        """Add to ``found`` (one row per point of ``terms``) the sums over the offerings
        reaching each point."""
        margin = 0.01 + 3 * terms.slope * (self.widest / EARTH_RADIUS_KM)
        inner = (self.smallest * (1 - margin)) ** 2 * (1 - ROOM)
        outer = (self.widest * (1 + margin)) ** 2 * (1 + ROOM)
        reach_lat = np.sqrt(outer) / KM_PER_DEGREE
        first = np.floor((terms.lat - reach_lat - self.lat0) / self.cell_lat).astype(np.int64) - 1
        last = np.floor((terms.lat + reach_lat - self.lat0) / self.cell_lat).astype(np.int64) + 1
        first, last = np.maximum(first, 0), np.minimum(last, self.ny - 1)
        n = np.maximum(last - first + 1, 0)
        # One pair per point and grid row its disc may touch.
        owner = np.repeat(np.arange(n.size), n)
        cy = np.arange(int(n.sum())) + np.repeat(first - (np.cumsum(n) - n), n)
        lo, hi = self.lat_min[cy], self.lat_max[cy]
        filled = lo <= hi
        owner, cy, lo, hi = owner[filled], cy[filled], lo[filled], hi[filled]
        lat, lng, scale = terms.lat[owner], terms.lng[owner], terms.lng_scale[owner]
        dy_lo, dy_hi = np.abs(lo - lat) * KM_PER_DEGREE, np.abs(hi - lat) * KM_PER_DEGREE
        dy_far = np.maximum(dy_lo, dy_hi)
        dy_near = np.where((lo <= lat) & (lat <= hi), 0.0, np.minimum(dy_lo, dy_hi))
        # The cells wholly inside: a run of the grid row, one cell short at each end.
        half = np.sqrt(np.maximum(inner[owner] - dy_far**2, 0.0)) / scale
        whole = inner[owner] > dy_far**2
        in_first = np.floor((lng - half - self.lng0) / self.cell_lng).astype(np.int64) + 1
        in_last = np.floor((lng + half - self.lng0) / self.cell_lng).astype(np.int64) - 1
        in_first, in_last = np.maximum(in_first, 0), np.minimum(in_last, self.nx - 1)
        whole &= in_first <= in_last
        # The cells possibly touched: a run one cell longer at each end.
        half = np.sqrt(np.maximum(outer[owner] - dy_near**2, 0.0)) / scale
        touched = outer[owner] > dy_near**2
        out_first = np.floor((lng - half - self.lng0) / self.cell_lng).astype(np.int64) - 1
        out_last = np.floor((lng + half - self.lng0) / self.cell_lng).astype(np.int64) + 1
        out_first, out_last = np.maximum(out_first, 0), np.minimum(out_last, self.nx - 1)
        touched &= out_first <= out_last
        if whole.any():
            at = np.flatnonzero(whole)
            runs = self.running[cy[at], in_last[at] + 1] - self.running[cy[at], in_first[at]]
            who = owner[at]
            starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
            found[who[starts]] += np.add.reduceat(runs, starts, axis=0)
        # The edge: cells touched but not whole, left and right of the whole run.
        left_end = np.where(whole, in_first, out_last + 1)
        right_start = np.where(whole, in_last + 1, out_last + 1)
        base = cy * self.nx
        starts = np.concatenate([base + out_first, base + right_start])
        ends = np.concatenate([base + np.minimum(left_end, out_last + 1), base + out_last + 1])
        keep = np.concatenate([touched, touched & whole])
        starts, ends = self.cell_start[starts[keep]], self.cell_start[ends[keep]]
        who = np.concatenate([owner, owner])[keep]
        sizes = np.maximum(ends - starts, 0)
        total = int(sizes.sum())
        if not total:
            return
        who = np.repeat(who, sizes)
        at = np.arange(total) + np.repeat(starts - (np.cumsum(sizes) - sizes), sizes)
        inside = _within_radius(
            terms.gather(who), self.radii[at], self.widest, self.lats[at], self.lngs[at]
        )
        who, at = who[inside], at[inside]
        kinds = self.weights.shape[0]
        flat = found.reshape(-1)
        for w in range(kinds):
            flat += np.bincount(
                who * (kinds * self.width) + w * self.width + self.k[at],
                self.weights[w, at],
                flat.size,
            )


def _half_height(widest: float) -> float:
    """Half the height of a box around a point holding every point within ``widest`` km
    (degrees of latitude), a little more than needed: the exact distance decides."""
    return widest / KM_PER_DEGREE * 1.01 + 1e-6


class _Point(NamedTuple):
    """What measuring from a point takes, worked out once per point: its coordinates,
    the flat-earth scale of its longitudes, the slope of that scale (see
    :func:`_within_radius`), and its latitude in radians with its cosine and its
    longitude in radians (for :func:`haversine_from`). Each a number, or one per pair."""

    lat: Any
    lng: Any
    lng_scale: Any
    slope: Any
    lat_rad: Any
    cos_lat: Any
    lng_rad: Any

    @classmethod
    def of(cls, lat: float, lng: float) -> _Point:
        lat, lng = float(lat), float(lng)  # a number, not an array (see _within_radius)
        lat_rad = math.radians(lat)
        return cls(
            lat=lat,
            lng=lng,
            lng_scale=KM_PER_DEGREE * math.cos(math.radians(lat)),
            slope=math.tan(math.radians(min(abs(lat), 80.0))) + 1.0,
            lat_rad=lat_rad,
            cos_lat=math.cos(lat_rad),
            lng_rad=math.radians(lng),
        )

    def half_width(self, dlat: float) -> float:
        """Half the width, in degrees of longitude, of the box ``dlat`` high."""
        return dlat / max(math.cos(math.radians(min(abs(self.lat) + dlat, 89.0))), 1e-6)

    def gather(self, at: IntArray) -> _Point:
        """Per-point arrays read at ``at``: one entry per pair."""
        return _Point(*(column[at] for column in self))


def _within_radius(
    point: _Point,
    radius: FloatArray,
    widest: float,
    lats: FloatArray,
    lngs: FloatArray,
) -> BoolArray:
    """Which points lie within their ``radius`` km (at most ``widest``) of ``point`` (one,
    or one per point), as the ranking decides it (:func:`haversine_km`, at most the
    radius). A flat-earth distance settles the points clearly inside or outside; the
    great-circle distance decides those near the edge. Over a few tens of km the flat
    distance is off by well under the margin: the cosine of the latitude changes by about
    tan(latitude) x the angle between the points."""
    angle = widest / EARTH_RADIUS_KM
    margin = 0.01 + 3 * point.slope * angle
    dy = (lats - point.lat) * KM_PER_DEGREE
    dx = (lngs - point.lng) * point.lng_scale
    flat = dx * dx + dy * dy
    inside: BoolArray = flat <= (radius * (1 - margin)) ** 2
    edge = np.flatnonzero(~inside & (flat <= (radius * (1 + margin)) ** 2))
    if edge.size:
        at = point if isinstance(point.lat, float) else point.gather(edge)
        inside[edge] = (
            haversine_from(at.lat_rad, at.cos_lat, at.lng_rad, lats[edge], lngs[edge])
            <= radius[edge]
        )
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
    radii = Radii(np.flatnonzero(listed), o.radius, o.lat, o.lng)
    levels: dict[tuple[str, ...], _Level] = {}
    carriers: dict[str, _Carriers] = {}
    below_top: dict[tuple[str, ...], IntArray] = {}

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

    def keys_below_top(areas: tuple[str, ...]) -> IntArray:
        """The keys the levels of ``areas`` counted, but for the top one's."""
        found = below_top.get(areas)
        if found is None:
            found = below_top[areas] = np.concatenate(
                [level(areas[j:]).keys for j in range(len(areas) - 1)]
                or [np.empty(0, dtype=np.int64)]
            )
        return found

    shape = (len(chains), categories)
    result = Counts(
        capacity=np.zeros(shape, dtype=np.int64),
        offerings=np.zeros(shape, dtype=np.int64),
        partners=np.zeros(shape, dtype=np.int64),
    )
    located: list[tuple[int, float, float]] = []  # community, latitude, longitude
    tops: dict[str, int] = {}  # top area -> its number
    top_of: list[int] = []  # of each located community
    for i, (chain, (lat, lng)) in enumerate(zip(chains, points, strict=True)):
        # What the areas above bring, shared by their communities; a community with none
        # above is its own top area.
        areas = tuple(chain[1:]) if len(chain) > 1 else tuple(chain)
        above = level(areas)
        own = members(chain[0]) if len(chain) > 1 else np.empty(0, dtype=np.int64)
        own = own[~above.has_rows(own)]
        keys = counting.new_keys(own, above)
        capacity, offerings, partners = counting.add(counting.counts(above), own, keys)
        if lat is not None and lng is not None and radii.rows.size:
            top = areas[-1]
            if top not in carriers:
                tops[top] = len(tops)
                carriers[top] = _Carriers(radii.rows, counting, level((top,)))
            # A partner counted below the top area whose carrier also reaches here.
            partners = partners - carriers[top].twice(
                np.concatenate([keys_below_top(areas), keys]), _Point.of(lat, lng)
            )
            located.append((i, lat, lng))
            top_of.append(tops[top])
        result.capacity[i], result.offerings[i], result.partners[i] = capacity, offerings, partners
    if located:
        # Offerings with a radius list no area and are not delivered online: no area
        # brought them. Their partners count through their carriers.
        _add_radii(result, radii, o, located, top_of, [c.weight for c in carriers.values()])
    return result


def _add_radii(
    result: Counts,
    radii: Radii,
    o: Offerings,
    located: list[tuple[int, float, float]],
    top_of: list[int],
    carried: list[FloatArray],
) -> None:
    """Add to ``result`` what the offerings with a radius bring the ``located``
    communities: their capacity, their number and (by ``carried``, each community's top
    area's carriers, numbered by ``top_of``) their partners."""
    weights = np.stack([o.capacity.astype(np.float64), np.ones(o.capacity.size), *carried])
    sums = radii.sums(
        [(lat, lng) for _, lat, lng in located], weights, o.category, result.capacity.shape[1]
    )
    community = np.array([i for i, _, _ in located], dtype=np.int64)
    top = np.array(top_of, dtype=np.int64)
    result.capacity[community] += sums[:, 0].astype(np.int64)
    result.offerings[community] += sums[:, 1].astype(np.int64)
    result.partners[community] += sums[np.arange(community.size), 2 + top].astype(np.int64)


class _Carriers:
    """Offerings with a radius that count their partner in their category. A partner's
    offerings with a radius share its location, so the one of a category reaching
    farthest reaches wherever any of them does: it alone carries the partner's count
    there, unless the top area (or online delivery) already counted that partner in
    that category."""

    def __init__(self, rows: IntArray, counting: _Counting, top: _Level) -> None:
        o = counting.o
        self._o = o
        self._categories = counting.categories
        keys = counting.keys(rows)
        # Each key's rows, the widest radius first: the first of each is its carrier.
        order = np.lexsort((-o.radius[rows], keys))
        first = np.ones(order.size, dtype=np.bool_)
        first[1:] = keys[order[1:]] != keys[order[:-1]]
        chosen = order[first]
        chosen = chosen[~top.key_mask[keys[chosen]]]
        self.keys = keys[chosen]  # ascending
        self.rows = rows[chosen]
        self.weight = np.zeros(o.category.size, dtype=np.float64)
        self.weight[self.rows] = 1.0

    def twice(self, counted: IntArray, point: _Point) -> IntArray:
        """Per category, the partners already ``counted`` (keys counted below the top
        area) whose carriers reach ``point`` too: counted there once more."""
        found = np.zeros(self._categories, dtype=np.int64)
        if counted.size and self.keys.size:
            at = np.minimum(np.searchsorted(self.keys, counted), self.keys.size - 1)
            rows = self.rows[at[self.keys[at] == counted]]
            if rows.size:
                o = self._o
                radius = o.radius[rows]
                inside = _within_radius(
                    point, radius, float(radius.max()), o.lat[rows], o.lng[rows]
                )
                found += np.bincount(o.category[rows[inside]], minlength=self._categories)
        return found


def _within(values: IntArray, sorted_: IntArray) -> BoolArray:
    """Which of ``values`` are in the ascending array ``sorted_``."""
    if not sorted_.size or not values.size:
        return np.zeros(values.shape, dtype=np.bool_)
    at = np.minimum(np.searchsorted(sorted_, values), sorted_.size - 1)
    found: BoolArray = sorted_[at] == values
    return found
