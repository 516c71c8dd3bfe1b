"""Candidates as columns (one list per field, indexed by position in key order), and the
geometry matching measures with: points on the unit sphere, great-circle km from the chord
between them, and a grid of cubes a window wide to bin them.

Distances are great-circle distances (what the haversine formula gives), computed from the
straight chord between two unit vectors: the chord is three subtractions, the arc is found
only for pairs within the window, and the cube grid needs no special case at the poles or
the antimeridian.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from model.matching.candidate import AREAS, NOT_POINTS
from model.matching.names import admin_key, place_key
from model.matching.table import GEOS, CandidateTable

EARTH_KM = 6371.0088
"""The mean radius of the Earth."""
POINT, AREA, NAMED = 0, 1, 2
"""Where an event is: at a point, in an area (region- or water-precision coordinates), or
only by its names (no coordinates finer than a country)."""
BY_PLACE, BY_ADMIN = 1, 2
"""How an event without coordinates was given a position for misses."""
_OFFSET = 1 << 15
CELL_BITS = 48
"""A bin key is `bucket << CELL_BITS` plus a cell below 2**48 (three 16-bit axes, or the
number of a name)."""
NEIGHBOURS: tuple[int, ...] = tuple(
    (dx << 32) + (dy << 16) + dz for dx in (-1, 0, 1) for dy in (-1, 0, 1) for dz in (-1, 0, 1))
"""The offsets from a cell to itself and its 26 neighbours in the cube grid."""
SMALLEST_CELL_KM = 1.0
"""Cells are never narrower than this (16 bits an axis reach 6371 km either way from 0.2
km); a narrower window only means more pairs looked at and turned down."""


def chord2_within(km: float) -> float:
    """The squared chord (unit sphere) of an arc of `km`."""
    half = min(km, math.pi * EARTH_KM) / (2 * EARTH_KM)
    return (2 * math.sin(half)) ** 2


def km_of(chord2: float) -> float:
    """The great-circle km between two unit vectors `chord2` (squared chord) apart."""
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(chord2) / 2))


def cell_of(x: float, y: float, z: float, size_km: float) -> int:
    """The number of the grid cube of `size_km` a unit vector lies in."""
    scale = EARTH_KM / max(size_km, SMALLEST_CELL_KM)
    return (((math.floor(x * scale) + _OFFSET) << 32) + ((math.floor(y * scale) + _OFFSET) << 16)
            + math.floor(z * scale) + _OFFSET)


@dataclass(slots=True)
class Columns:
    """The candidates' fields matching reads in its loops, index `i` the i-th candidate in
    key order (names and actors are read from the table, rarely)."""

    candidates: CandidateTable
    source: array[int]
    earliest: array[int]
    latest: array[int]
    kind: bytearray
    """Index into KINDS."""
    where: bytearray
    """POINT, AREA or NAMED."""
    x: array[float]
    y: array[float]
    z: array[float]
    """Unit vectors of located events, and of named ones placed by an anchor."""
    anchored: bytearray
    """For an event with no coordinates: BY_PLACE or BY_ADMIN when x, y, z are the mean
    position of the located events with its place name, else with its admin area (for
    ranking misses only: matching never places an event by its names' anchors)."""
    by_first: array[int]
    """Every position in order of first day, ties in key order: the pair search sweeps the
    days in this order, and the misses' indexes are filled in it."""

    @property
    def size(self) -> int:
        """How many candidates."""
        return len(self.source)

    def chord2(self, i: int, j: int) -> float:
        """The squared chord between two placed candidates."""
        dx, dy, dz = self.x[i] - self.x[j], self.y[i] - self.y[j], self.z[i] - self.z[j]
        return dx * dx + dy * dy + dz * dz

    def placed(self, i: int) -> bool:
        """Whether the candidate has a position (coordinates, or an anchor)."""
        return self.where[i] != NAMED or self.anchored[i] != 0


def in_key_order(candidates: CandidateTable) -> CandidateTable:
    """The candidates sorted by key; raises ValueError when two share a key."""
    keys = candidates.keys
    if any(keys[n] >= keys[n + 1] for n in range(len(keys) - 1)):
        candidates = candidates.reordered(sorted(range(len(keys)), key=keys.__getitem__))
        keys = candidates.keys
        for n in range(len(keys) - 1):
            if keys[n] == keys[n + 1]:
                raise ValueError(f"two candidates have key {keys[n]}: keys must be unique "
                                 "across all sources")
    return candidates


def _vector(latitude: float, longitude: float) -> tuple[float, float, float]:
    lat, lon = math.radians(latitude), math.radians(longitude)
    return math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)


def _anchor(columns: Columns) -> None:
    """Give each event without coordinates the mean position of the located events with
    its place name, else with its admin area (any source), when there are some."""
    cands, where = columns.candidates, columns.where
    named = [i for i in range(columns.size) if where[i] == NAMED]
    if not named:
        return
    wanted = {("p", place_key(cands.place(i))) for i in named} | {
        ("a", admin_key(cands.admin(i))) for i in named}
    sums: dict[tuple[str, str], list[float]] = {}
    for i in range(columns.size):
        if where[i] == NAMED:
            continue
        for key in (("p", place_key(cands.place(i))), ("a", admin_key(cands.admin(i)))):
            if key[1] and key in wanted:
                total = sums.setdefault(key, [0.0, 0.0, 0.0])
                total[0] += columns.x[i]
                total[1] += columns.y[i]
                total[2] += columns.z[i]
    for i in named:
        for key in (("p", place_key(cands.place(i))), ("a", admin_key(cands.admin(i)))):
            found = sums.get(key) if key[1] else None
            total = found or [0.0, 0.0, 0.0]
            norm = math.sqrt(sum(v * v for v in total))
            if norm > 0:
                columns.x[i], columns.y[i], columns.z[i] = (v / norm for v in total)
                columns.anchored[i] = BY_PLACE if key[0] == "p" else BY_ADMIN
                break


def smallest_code(low: int, high: int) -> str:
    """The narrowest array type code holding every integer from `low` to `high` (a
    million-event column of 4-byte numbers is half the size of one of 8)."""
    for code in ("b", "h", "i"):
        bits = 8 * array(code).itemsize - 1
        if -(1 << bits) <= low and high < 1 << bits:
            return code
    return "q"


def in_first_order(first: Sequence[int]) -> array[int]:
    """The positions in order of first day, ties by position. Counting the days when they
    span little more than the events do: sorting two million positions by a key would
    hold two million Python integers at once."""
    n = len(first)
    code = smallest_code(0, n)
    if all(first[m] <= first[m + 1] for m in range(n - 1)):
        return array(code, range(n))
    low, high = min(first), max(first)
    if high - low > 4 * n + 4096:
        return array(code, sorted(range(n), key=first.__getitem__))
    starts = array("q", bytes(8 * (high - low + 2)))
    for day in first:
        starts[day - low + 1] += 1
    total = 0
    for day, count in enumerate(starts):
        total += count
        starts[day] = total
    order = array(code, bytes(array(code).itemsize * n))
    for i, day in enumerate(first):
        at = starts[day - low]
        order[at] = i
        starts[day - low] = at + 1
    return order


def columns_of(candidates: CandidateTable) -> Columns:
    """The candidates (in key order) as columns."""
    n = len(candidates)
    xs, ys, zs = array("d", bytes(8 * n)), array("d", bytes(8 * n)), array("d", bytes(8 * n))
    where = bytearray(n)
    points = {number for number, geo in enumerate(GEOS) if geo not in NOT_POINTS}
    areas = {number for number, geo in enumerate(GEOS) if geo in AREAS}
    latitudes, longitudes, geos = candidates.latitudes, candidates.longitudes, candidates.geos
    for i in range(n):
        latitude = latitudes[i]
        if latitude != latitude or geos[i] not in points:  # NaN: no coordinates
            where[i] = NAMED
            continue
        where[i] = AREA if geos[i] in areas else POINT
        xs[i], ys[i], zs[i] = _vector(latitude, longitudes[i])
    sources = candidates.sources
    code = smallest_code(min(sources), max(sources)) if n else "b"
    columns = Columns(
        candidates=candidates,
        source=array(code, sources),
        earliest=candidates.earliest,
        latest=candidates.latest,
        kind=candidates.kinds,
        where=where, x=xs, y=ys, z=zs, anchored=bytearray(n),
        by_first=in_first_order(candidates.earliest),
    )
    _anchor(columns)
    return columns
