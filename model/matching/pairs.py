"""The candidate pairs, found without comparing all pairs: each event goes into bins of days
and places, only events of different sources sharing a bin (or neighbouring bins) are looked
at, and each event keeps its best `KEEP` partners in every other source (`model.matching.best`).

Days: an event's span widened by the day window, [earliest, latest + days], is cut into
buckets `days` wide (at least 1); two events are within the window exactly when their
widened spans overlap, and the pair is looked at once, in the bucket holding the later of
their first days. Places: located events go into cubes of the grid (`Judge.cell_km`, about
the km window wide) and meet those in the 26 cubes around; areas (region-precision
coordinates) meet everything within two cubes, which holds the window plus the region
allowance. Events with no coordinates meet, in bins of their folded place name and of their
admin area, the events of other sources with the same name; two located events are always
compared by km, never by name.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterator

from model.matching.best import Best
from model.matching.columns import AREA, CELL_BITS, KINDS, NAMED, POINT, Columns, cell_of, km_of
from model.matching.judge import Judge, closeness
from model.progress import CancelToken

CHECK_EVERY = 4096
"""Bins between two looks at the cancel token and two progress reports."""
Bins = dict[int, "array[int]"]
"""Positions (in order of first day) by bin key: `bucket << CELL_BITS` plus the cell."""


def offsets(reach: int) -> tuple[int, ...]:
    """The offsets from a cube to every cube within `reach` cubes on each axis."""
    steps = range(-reach, reach + 1)
    return tuple((dx << 32) + (dy << 16) + dz for dx in steps for dy in steps for dz in steps)


class PairSearch:
    """Finds the pairs within the windows and keeps each event's best partners."""

    def __init__(self, columns: Columns, judge: Judge, cancel: CancelToken,
                 report: Callable[[float], None]) -> None:
        self.columns, self.judge, self.cancel, self.report = columns, judge, cancel, report
        self.days = judge.days
        self.width = max(judge.days, 1)
        ranks = sorted(set(columns.source))
        rank_of = {s: r for r, s in enumerate(ranks)}
        self.sources = len(ranks)
        self.rank = array("b" if self.sources < 128 else "q",
                          (rank_of[s] for s in columns.source))
        self.best = Best(columns.size, self.rank, self.sources)
        self.compared = 0
        self.score = judge.scorer()
        self._done, self._total = 0, 1

    # -- binning -------------------------------------------------------------------------

    def _order(self) -> range | array[int]:
        first = self.columns.earliest
        if all(first[n] <= first[n + 1] for n in range(len(first) - 1)):
            return range(len(first))
        return array("q", sorted(range(len(first)), key=first.__getitem__))

    def _bins(self, cell: Callable[[int], int | None]) -> list[Bins]:
        """Each source's events by bucket and `cell` (None: in no bin)."""
        c, days, width, rank = self.columns, self.days, self.width, self.rank
        first, last = c.earliest, c.latest
        bins: list[Bins] = [{} for _ in range(self.sources)]
        for i in self._order():
            where = cell(i)
            if where is None:
                continue
            own = bins[rank[i]]
            for t in range(first[i] // width, (last[i] + days) // width + 1):
                key = (t << CELL_BITS) + where
                held = own.get(key)
                if held is None:
                    own[key] = held = array("q")
                held.append(i)
        return bins

    def _cube(self, kind: int) -> Callable[[int], int | None]:
        c, size = self.columns, self.judge.cell_km
        return lambda i: cell_of(c.x[i], c.y[i], c.z[i], size) if c.where[i] == kind else None

    def _named(self, key: Callable[[int], str], named: bool) -> Callable[[int], int | None]:
        """Events by folded name (place or admin), only for names an event without
        coordinates has: `named` picks those events, else all the others."""
        c = self.columns
        numbers: dict[str, int] = {}
        for i in range(c.size):
            if c.where[i] == NAMED and key(i):
                numbers.setdefault(key(i), len(numbers))

        def number(i: int) -> int | None:
            if (c.where[i] == NAMED) != named:
                return None
            return numbers.get(key(i)) if numbers else None
        return number

    # -- meeting -------------------------------------------------------------------------

    def _meet(self, a: array[int], b: array[int], t: int, area: bool) -> None:
        """Pairs of located events, one from each list (each in order of first day)."""
        c, judge, offer, score = self.columns, self.judge, self.best.offer, self.score
        first, last, kind, x, y, z = c.earliest, c.latest, c.kind, c.x, c.y, c.z
        days, width, table, rows = self.days, self.width, judge.kinds, len(KINDS)
        limit = judge.area_chord2 if area else judge.chord2
        window = judge.area_km if area else judge.km
        self.compared += len(a) * len(b)
        for i in a:
            ei, reach, row = first[i], last[i] + days, kind[i] * rows
            xi, yi, zi = x[i], y[i], z[i]
            for j in b:
                ej = first[j]
                if ej > reach:
                    break
                if ei > last[j] + days or (ei if ei > ej else ej) // width != t \
                        or table[row + kind[j]] is None:
                    continue
                dx, dy, dz = xi - x[j], yi - y[j], zi - z[j]
                chord2 = dx * dx + dy * dy + dz * dz
                if chord2 <= limit:
                    offer(i, j, score(i, j, closeness(km_of(chord2), window)))

    def _meet_named(self, a: array[int], b: array[int], t: int,
                    by_admin: bool) -> None:
        """Pairs placed by names (at least one without coordinates), within the other
        windows: in the bins of place names those with the same place name, in those of
        admin areas those with the same admin area and not the same place name."""
        c, judge = self.columns, self.judge
        self.compared += len(a) * len(b)
        for i in a:
            for j in b:
                if max(c.earliest[i], c.earliest[j]) // self.width != t \
                        or judge.gap(i, j) > self.days or judge.kind_reason(i, j) is None:
                    continue
                place = judge.names_place(i, j)
                if place is not None and (place == 1.0) != by_admin:
                    self.best.offer(i, j, self.score(i, j, place))

    def _around(self, bins: list[Bins], near: list[Bins], deltas: tuple[int, ...]
                ) -> Iterator[tuple[int, array[int], array[int]]]:
        """(bucket, held, met) for every bin of a source and the bins of every later
        source in `near` around it; progress and a look at the cancel token as it goes."""
        for r in range(self.sources):
            for r2 in range(r + 1, self.sources):
                yield from self._around_one(bins[r], near[r2], deltas)
                if near is not bins:
                    for t, held, met in self._around_one(bins[r2], near[r], deltas):
                        yield t, met, held
            self._done += len(bins[r])

    def _around_one(self, bins: Bins, other: Bins, deltas: tuple[int, ...]
                    ) -> Iterator[tuple[int, array[int], array[int]]]:
        for step, (key, held) in enumerate(bins.items()):
            if step % CHECK_EVERY == 0:
                self.cancel.raise_if_cancelled("matching")
                self.report(min(1.0, (self._done + step) / self._total))
            t = key >> CELL_BITS
            for delta in deltas:
                met = other.get(key + delta)
                if met is not None:
                    yield t, held, met

    def run(self) -> Best:
        """Look at every pair sharing a bin; the best partners each event keeps."""
        c, judge = self.columns, self.judge
        present = set(c.where)
        points = self._bins(self._cube(POINT))
        self._total = max(1, sum(map(len, points)))
        for t, a, b in self._around(points, points, offsets(1)):
            self._meet(a, b, t, False)
        if AREA in present:
            areas = self._bins(self._cube(AREA))
            wide = offsets(math.ceil(judge.area_km / judge.cell_km))
            for t, a, b in self._around(areas, points, wide):
                self._meet(a, b, t, True)
            for t, a, b in self._around(areas, areas, wide):
                self._meet(a, b, t, True)
            del areas
        del points
        if NAMED in present:
            for key, by_admin in ((judge.place, False), (judge.admin, True)):
                named = self._bins(self._named(key, True))
                others = self._bins(self._named(key, False))
                for t, a, b in self._around(named, others, (0,)):
                    self._meet_named(a, b, t, by_admin)
                for t, a, b in self._around(named, named, (0,)):
                    self._meet_named(a, b, t, by_admin)
        return self.best
