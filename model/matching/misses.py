"""Misses: for an event no other source matches, the nearest candidate in each other
source, and which windows it missed.

"Nearest" is `Judge.distance`: days apart in day windows plus km apart in km windows (a
place known only by names counts 0 for the same name, 0.5 for the same admin area, and for
nothing in common UNPLACED plus the km of its anchor, the located events named like it);
incompatible kinds add WRONG_KIND; ties go to the smaller key. Only candidates within the
search limits (`search_days`, and `search_km` for two placed events) count. The search
starts a quarter of a window wide in days and in km and stops at the first step that holds
a candidate no further than the step (anything outside the step is further); the next step
is as wide as the best candidate so far, or twice as wide when that is further still. In
dense data one or two steps answer.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence

from model.matching.columns import AREA, NAMED, NEIGHBOURS, POINT, Columns, cell_of
from model.matching.judge import UNPLACED, Judge
from model.matching.reasons import Reasons
from model.matching.results import Miss

FIRST_STEP = 0.25
"""The first step of the search, in windows: most misses in dense data have a candidate
nearer than a quarter of a window, and a step ends the search once it holds one."""
SHORT_SPAN = 31
"""Spans up to a month are found by bisecting their first days; longer ones are few and
are all looked at."""


class TimeList:
    """Events in order of first day, for those within some days of a span."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns
        self.firsts = array("q")
        self.short = array("q")
        self.long: list[int] = []

    def add(self, i: int) -> None:
        """Add an event (in order of first day)."""
        c = self.columns
        if c.latest[i] - c.earliest[i] < SHORT_SPAN:
            self.firsts.append(c.earliest[i])
            self.short.append(i)
        else:
            self.long.append(i)

    def around(self, first: int, last: int, days: int) -> list[int]:
        """The events at most `days` from the span first..last."""
        latest, edge, reach = self.columns.latest, first - days, last + days
        low = bisect_left(self.firsts, edge - SHORT_SPAN)
        high = bisect_right(self.firsts, reach)
        found = [j for j in self.short[low:high] if latest[j] >= edge]
        if self.long:
            earliest = self.columns.earliest
            found.extend(j for j in self.long if earliest[j] <= reach and latest[j] >= edge)
        return found


class SourceIndex:
    """One source's events for the search: located ones in cubes of 1, 2, 4, 8... km
    windows (each size made when first needed), those without coordinates by first day and
    by name, and (for the names `wanted`) all by place name and admin area."""

    def __init__(self, judge: Judge, members: array[int], wanted: set[tuple[bool, str]],
                 everything: bool) -> None:
        c = judge.columns
        self.columns, self.unit = c, judge.km_unit
        self.located = {kind: array(members.typecode, (i for i in members if c.where[i] == kind))
                        for kind in (POINT, AREA)}
        self.levels: dict[tuple[int, int], dict[int, TimeList]] = {}
        self.named = TimeList(c)
        self.everything = TimeList(c) if everything else None
        self.by_name: dict[tuple[bool, str], TimeList] = {}
        self.named_by_name: dict[tuple[bool, str], TimeList] = {}
        self._around: dict[tuple[int, int, int], list[TimeList]] = {}
        for i in members:
            if c.where[i] == NAMED:
                self.named.add(i)
                for key in ((False, judge.place(i)), (True, judge.admin(i))):
                    if key[1]:
                        self.named_by_name.setdefault(key, TimeList(c)).add(i)
            if self.everything is not None:
                self.everything.add(i)
            if wanted:
                for key in ((False, judge.place(i)), (True, judge.admin(i))):
                    if key[1] and key in wanted:
                        self.by_name.setdefault(key, TimeList(c)).add(i)

    def _cells(self, kind: int, level: int) -> dict[int, TimeList]:
        cells = self.levels.get((kind, level))
        if cells is None:
            c, size = self.columns, self.unit * (1 << level)
            self.levels[(kind, level)] = cells = {}
            for i in self.located[kind]:
                cell = cell_of(c.x[i], c.y[i], c.z[i], size)
                held = cells.get(cell)
                if held is None:
                    cells[cell] = held = TimeList(c)
                held.add(i)
        return cells

    def cells_within(self, kind: int, i: int, km: float) -> Iterator[TimeList]:
        """The cubes that may hold events placed as `kind` (POINT or AREA) within `km` of
        the position of `i`: of the smallest size at least `km` wide, the cube of `i` and
        the 26 around it."""
        if not self.located[kind]:
            return
        level = max(0, math.ceil(math.log2(max(km, 1e-9) / self.unit)))
        c = self.columns
        cell = cell_of(c.x[i], c.y[i], c.z[i], self.unit * (1 << level))
        near = self._around.get((kind, level, cell))
        if near is None:
            cells = self._cells(kind, level)
            near = [found for delta in NEIGHBOURS
                    if (found := cells.get(cell + delta)) is not None]
            self._around[(kind, level, cell)] = near
        yield from near


class MissSearch:
    """The nearest candidate in each other source, for the events `alone` (in no
    cluster)."""

    def __init__(self, judge: Judge, source_rank: array[int], alone: Sequence[int]) -> None:
        c = judge.columns
        self.columns, self.judge, self.reasons = c, judge, Reasons(judge)
        self.rank = source_rank
        self.distance = judge.distance()
        named = [i for i in alone if c.where[i] == NAMED]
        self._wanted = {key for i in named
                        for key in ((False, judge.place(i)), (True, judge.admin(i))) if key[1]}
        self._everything = any(not c.anchored[i] for i in named)
        code = c.by_first.typecode
        members: dict[int, array[int]] = {}
        for i in c.by_first:
            held = members.get(source_rank[i])
            if held is None:
                members[source_rank[i]] = held = array(code)
            held.append(i)
        self._members = members
        self._indexes: dict[int, SourceIndex] = {}

    def index(self, rank: int) -> SourceIndex:
        """The search index of one source, made when first asked for."""
        if rank not in self._indexes:
            self._indexes[rank] = SourceIndex(self.judge, self._members.pop(rank, array("b")),
                                              self._wanted, self._everything)
        return self._indexes[rank]

    def nearest(self, i: int, rank: int) -> int | None:
        """The nearest candidate to `i` in the source of `rank`, or None."""
        c, judge, index, distance = self.columns, self.judge, self.index(rank), self.distance
        best: tuple[float, int] = (math.inf, -1)
        first, last = c.earliest[i], c.latest[i]
        placed, named = c.placed(i), c.where[i] == NAMED

        def consider(candidates: list[int]) -> None:
            nonlocal best
            for j in candidates:
                near = distance(i, j, best[0])
                if near is not None and (near, j) < best:
                    best = (near, j)

        point_unit = judge.area_unit if c.where[i] == AREA else judge.km_unit
        step = FIRST_STEP
        while True:
            days = min(math.floor(step * judge.day_unit), judge.search_days)
            km = min(step * judge.area_unit, judge.search_km)
            # Named alike: everything of that name for an event without coordinates, those
            # without coordinates for a located one (the rest it meets by km, below).
            alike = index.by_name if named else index.named_by_name
            for key in ((False, judge.place(i)), (True, judge.admin(i))):
                if key in alike:
                    consider(alike[key].around(first, last, days))
            if not named or best[0] >= UNPLACED:
                for held in index.cells_within(POINT, i, min(step * point_unit, km)) \
                        if placed else ():
                    consider(held.around(first, last, days))
                for held in index.cells_within(AREA, i, km) if placed else ():
                    consider(held.around(first, last, days))
            if best[0] >= UNPLACED:  # then places with nothing in common may be nearer
                if placed:
                    consider(index.named.around(first, last, days))
                elif index.everything is not None:
                    consider(index.everything.around(first, last, days))
            if best[0] <= step or (days >= judge.search_days and km >= judge.search_km):
                break
            # Anything nearer than the best so far is within the best's own distance.
            step = best[0] if best[0] < 2 * step else 2 * step
        return best[1] if best[1] >= 0 else None

    def miss(self, i: int, rank: int, source: int, name: str,
             matched_elsewhere: Callable[[int], bool],
             shared: Callable[[tuple[str, ...]], tuple[str, ...]] = tuple) -> Miss:
        """The miss of `i` against one other source (`source`, called `name`)."""
        c, judge = self.columns, self.judge
        key = c.candidates.keys[i]
        j = self.nearest(i, rank)
        if j is None:
            reach = f"{judge.search_days} days" + (
                f" and {judge.search_km:g} km" if c.placed(i) else "")
            return Miss(key, source, None, None, None,
                        shared((f"nothing in {name} within {reach}",)))
        gap, km, why = self.reasons.missed(i, j)
        if not why:
            why = ("within the windows, but it matches another event better",
                   ) if matched_elsewhere(j) else (
                "within the windows, but each has a better candidate to keep",)
        return Miss(key, source, c.candidates.keys[j], gap,
                    None if km is None else round(km, 1), shared(why))
