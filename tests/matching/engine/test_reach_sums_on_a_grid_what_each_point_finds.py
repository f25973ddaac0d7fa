"""A city's coverage sums what offerings with a radius bring each community on a grid:
whole cells well inside a disc at once, the edge offering by offering. The sums are
exactly those of the offerings the ranking's rule finds reaching each point, one by one;
and a partner with offerings reaching a community in several ways counts once."""

from __future__ import annotations

import datetime as dt

import numpy as np

from matching.engine.coverage import coverage
from matching.engine.geo import KM_PER_DEGREE
from matching.engine.reach import Radii
from tests.matching.engine.builders import CENTRE, index, offering, partner

KM_EAST = 1 / (KM_PER_DEGREE * np.cos(np.radians(CENTRE[0])))


def test_grid_sums_equal_the_offerings_reaching_each_point_one_by_one() -> None:
    rng = np.random.default_rng(11)
    n = 3000
    lat = CENTRE[0] + rng.uniform(-15, 15, n) / KM_PER_DEGREE
    lng = CENTRE[1] + rng.uniform(-15, 15, n) * KM_EAST
    radius = rng.choice([0.3, 0.5, 1.0, 1.2, 3.0, 5.0, 7.9, 8.0, 12.0], n)
    radius[rng.random(n) < 0.05] = np.nan  # listed areas: never reach by radius
    lat[rng.random(n) < 0.02] = np.nan  # partners without a location
    categories = rng.integers(0, 6, n)
    weights = np.stack([rng.integers(0, 9, n).astype(np.float64), np.ones(n)])
    radii = Radii(np.arange(n), radius, lat, lng)
    # Points anywhere, on offerings' own partners, and at exactly their radius north.
    points = [
        (float(CENTRE[0] + a / KM_PER_DEGREE), float(CENTRE[1] + b * KM_EAST))
        for a, b in rng.uniform(-20, 20, (300, 2))
    ]
    located = np.flatnonzero(~np.isnan(lat) & ~np.isnan(radius))
    for row in rng.choice(located, 100):
        points.append((float(lat[row]), float(lng[row])))
        points.append((float(lat[row] + radius[row] / KM_PER_DEGREE), float(lng[row])))
    sums = radii.sums(points, weights, categories, 6)
    expected = np.zeros_like(sums)
    for i, (y, x) in enumerate(points):
        rows = radii.reaching(y, x)
        for w in range(weights.shape[0]):
            expected[i, w] = np.bincount(categories[rows], weights[w, rows], 6)
    assert np.array_equal(sums, expected)
    # Not trivially: the points are reached by many offerings, and not by all.
    reached = expected[:, 1].sum(axis=1)
    assert reached.min() < reached.mean() / 4
    assert reached.max() > 300


def test_a_partner_reaching_a_community_several_ways_counts_once() -> None:
    """Partners with several offerings in a category, with radii large and small, listed
    for a street or a community, or online: each cell counts the partners its listing
    names, community by community."""
    rng = np.random.default_rng(5)
    partners, offerings = [], []
    for p in range(60):
        code = f"P{p}"
        km_north, km_east = rng.uniform(-3, 24), rng.uniform(-4, 4)
        partners.append(
            partner(
                code,
                lat=CENTRE[0] + km_north / KM_PER_DEGREE,
                lng=CENTRE[1] + km_east * KM_EAST,
            )
        )
        for k in range(int(rng.integers(1, 5))):
            kind = rng.choice(["radius", "radius", "street", "community", "online"])
            fields: dict[str, object] = {
                "partner": code,
                "category": str(rng.choice(["haircut", "legal_aid"])),
                "capacity_left": int(rng.integers(1, 6)),
            }
            if kind == "radius":
                fields |= {"area_codes": frozenset(), "radius_km": float(rng.choice([1, 3, 8]))}
            elif kind == "street":
                fields["area_codes"] = frozenset({str(rng.choice(["D-S1", "D-S2"]))})
            elif kind == "community":
                fields["area_codes"] = frozenset({str(rng.choice(["D-S1-C1", "D-S2-C1"]))})
            else:
                fields |= {"area_codes": frozenset(), "modes": frozenset({"online"})}
            offerings.append(offering(f"O{p}-{k}", **fields))
    cells = coverage(
        index(offerings, partners),
        communities=["D-S1-C1", "D-S1-C2", "D-S2-C1"],
        categories=["haircut", "legal_aid"],
        need_units={},
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 12, 31),
        today=dt.date(2026, 11, 2),
    )
    shared = 0
    for cell in cells:
        listed = tuple(cell.offerings)
        assert len(cell.offerings) == len(listed), cell
        assert len(cell.partners) == len(tuple(cell.partners)), cell
        shared += len(cell.partners) < len(listed)
    # Not trivially: in most cells some partner reaches with more than one offering.
    assert shared >= len(cells) // 2
