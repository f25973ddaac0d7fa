"""Coverage settles most offerings with a radius by a flat-earth distance and measures
only those near the edge on the great circle; whichever it takes, an offering reaches a
point exactly when the ranking's distance is within its radius."""

from __future__ import annotations

import numpy as np

from matching.engine.geo import KM_PER_DEGREE, haversine_km
from matching.engine.reach import _Point, _within_radius


def test_points_near_the_edge_are_judged_as_the_ranking_judges_them() -> None:
    rng = np.random.default_rng(3)
    checked = disagreed_flat = 0
    for _ in range(400):
        lat = float(rng.uniform(-55, 55))
        lng = float(rng.uniform(-170, 170))
        radius = float(rng.choice([0.5, 1, 1.5, 2, 3, 5, 8, 20, 50]))
        # Points at 95-105 % of the radius in every direction, and some well inside.
        bearing = rng.uniform(0, 2 * np.pi, 200)
        km = radius * np.concatenate([rng.uniform(0.95, 1.05, 150), rng.uniform(0, 0.9, 50)])
        lats = lat + km * np.cos(bearing) / KM_PER_DEGREE
        lngs = lng + km * np.sin(bearing) / (KM_PER_DEGREE * np.cos(np.radians(lat)))
        exact = haversine_km(lat, lng, lats, lngs) <= radius
        radii = np.full(lats.size, radius)
        point = _Point.of(lat, lng)
        assert np.array_equal(_within_radius(point, radii, radius, lats, lngs), exact)
        # Measured as one of many points (its terms repeated per pair): the same.
        pairs = _Point(*(np.full(lats.size, value) for value in point))
        assert np.array_equal(_within_radius(pairs, radii, radius, lats, lngs), exact)
        dy = (lats - lat) * KM_PER_DEGREE
        dx = (lngs - lng) * KM_PER_DEGREE * np.cos(np.radians(lat))
        disagreed_flat += int(((dx * dx + dy * dy <= radius * radius) != exact).sum())
        checked += lats.size
    assert checked == 80_000
    # Not trivially equal: the flat distance alone gets some of these wrong.
    assert disagreed_flat > 0
