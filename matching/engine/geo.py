"""Distances on the earth between places and partners, in km."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088
# Along a meridian: no two points further apart in latitude are closer than this.
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


def haversine_km(
    lat1: float, lng1: float, lat2: npt.NDArray[np.float64], lng2: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Great-circle distances in km from one point to many (NaN where unknown)."""
    p1 = math.radians(lat1)
    return haversine_from(p1, math.cos(p1), math.radians(lng1), lat2, lng2)


def haversine_from(
    lat1_rad: float | npt.NDArray[np.float64],
    cos_lat1: float | npt.NDArray[np.float64],
    lng1_rad: float | npt.NDArray[np.float64],
    lat2: npt.NDArray[np.float64],
    lng2: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """:func:`haversine_km` from points given in radians, with the cosine of their
    latitude: one point, or one per point of ``lat2``/``lng2``. The same arithmetic
    either way, so many pairs measured at once come out as each measured alone."""
    p2 = np.radians(lat2)
    dp = p2 - lat1_rad
    dl = np.radians(lng2) - lng1_rad
    h = np.sin(dp / 2) ** 2 + cos_lat1 * np.cos(p2) * np.sin(dl / 2) ** 2
    result: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    return result


def haversine_grid(
    lat1: npt.NDArray[np.float64],
    lng1: npt.NDArray[np.float64],
    lat2: npt.NDArray[np.float64],
    lng2: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """:func:`haversine_km` from each of many points (rows) to each of many (columns)."""
    p1 = np.radians(lat1)[:, np.newaxis]
    p2 = np.radians(lat2)[np.newaxis, :]
    dp = p2 - p1
    dl = np.radians(lng2)[np.newaxis, :] - np.radians(lng1)[:, np.newaxis]
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    result: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    return result
