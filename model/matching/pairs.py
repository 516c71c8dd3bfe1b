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

The buckets are swept in order of days, and only the events whose widened span reaches the
bucket at hand are held (`model.matching.sweep`): a million events' bins are never all in
memory at once. Within a cube, events are binned apart by kind family as well (kinds no
chain of compatible kinds joins never pair), and each event is one tuple of what the loop
reads, so the loop over pairs indexes no column. What a pair is counted as (`compared`)
is still the product of the two bins' sizes, whatever their kinds.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable

from model.matching.best import Best
from model.matching.columns import Columns
from model.matching.judge import Event, Judge
from model.matching.sweep import Bin, Bins, Cubes, Held, Sweep, cube_offsets, families
from model.progress import CancelToken

CHECK_EVERY = 4096
"""Bins between two looks at the cancel token."""


def offsets(reach: int) -> tuple[int, ...]:
    """The offsets from a cube to every cube within `reach` cubes on each axis."""
    return cube_offsets(reach)


def _parts(a: Bin, b: Bin) -> tuple[tuple[list[Event], list[Event]], ...]:
    """What two bins of a bucket look at: an old event (first day in an earlier bucket) of
    one meets only the new ones of the other, a pair of old ones having been looked at in
    an earlier bucket."""
    if not a.old or not b.old:
        return ((a.events, b.events),)
    return ((a.events[a.old:], b.events), (a.events[:a.old], b.events[b.old:]))


class PairSearch:
    """Finds the pairs within the windows and keeps each event's best partners."""

    def __init__(self, columns: Columns, judge: Judge, cancel: CancelToken,
                 report: Callable[[float], None]) -> None:
        self.columns, self.judge, self.cancel, self.report = columns, judge, cancel, report
        ranks = sorted(set(columns.source))
        rank_of = {s: r for r, s in enumerate(ranks)}
        self.sources = len(ranks)
        self.rank = array("b" if self.sources < 128 else "q",
                          (rank_of[s] for s in columns.source))
        self.best = Best(columns.size, self.rank, self.sources)
        self.compared = 0
        self.score = judge.scorer()
        self._bins_seen = 0

    def _cubes(self, held: Cubes, met: Cubes, deltas: tuple[int, ...], area: bool) -> None:
        """Every cube of `held` against the cubes of `met` at `deltas`, family by family;
        `compared` counts the cubes' sizes, every family together."""
        get, meet, offer = met.get, self.judge.meet, self.best.offer
        compared = 0
        for cube, mine in held.items():
            self._tick()
            families = mine.families
            for delta in deltas:
                theirs = get(cube + delta)
                if theirs is None:
                    continue
                compared += mine.size * theirs.size
                for family, bin_ in families.items():
                    other = theirs.families.get(family)
                    if other is not None:
                        meet(_parts(bin_, other), area, offer)
        self.compared += compared

    def _names(self, held: Bins, met: Bins, by_admin: bool) -> None:
        """Pairs placed by names (at least one without coordinates) in the bins of one name,
        within the other windows: in the bins of place names those with the same place
        name, in those of admin areas those with the same admin area and not the same place
        name."""
        judge, offer, score = self.judge, self.best.offer, self.score
        for key, mine in held.items():
            self._tick()
            theirs = met.get(key)
            if theirs is None:
                continue
            self.compared += len(mine.events) * len(theirs.events)
            for a, b in _parts(mine, theirs):
                for i, ei, _, reach, fits, *_ in a:
                    for j, ej, _, end, _, kj, *_ in b:
                        if ej > reach or ei > end or fits[kj] is None:
                            continue
                        place = judge.names_place(i, j)
                        if place is not None and (place == 1.0) != by_admin:
                            offer(i, j, score(i, j, place))

    def _tick(self) -> None:
        self._bins_seen += 1
        if self._bins_seen % CHECK_EVERY == 0:
            self.cancel.raise_if_cancelled("matching")

    def _bucket(self, held: Held, near: tuple[int, ...], wide: tuple[int, ...]) -> None:
        """Every pair of one bucket: points with points, areas with points and areas, and
        events without coordinates by place name, then by admin area."""
        sources, points, areas = self.sources, held.points, held.areas
        for r in range(sources):
            for r2 in range(r + 1, sources):
                self._cubes(points[r], points[r2], near, False)
                self._cubes(areas[r], points[r2], wide, True)
                self._cubes(areas[r2], points[r], wide, True)
                self._cubes(areas[r], areas[r2], wide, True)
        for by_admin in (False, True):
            named, others = held.named[by_admin], held.others[by_admin]
            for r in range(sources):
                for r2 in range(r + 1, sources):
                    self._names(named[r], others[r2], by_admin)
                    self._names(named[r2], others[r], by_admin)
                    self._names(named[r], named[r2], by_admin)

    def run(self) -> Best:
        """Look at every pair sharing a bin; the best partners each event keeps."""
        judge = self.judge
        sweep = Sweep(self.columns, judge, self.rank, self.sources,
                      families(judge.kinds, self.columns.kind))
        near = offsets(1)
        wide = offsets(math.ceil(judge.area_km / judge.cell_km))
        for held in sweep.buckets():
            self.cancel.raise_if_cancelled("matching")
            self._bucket(held, near, wide)
            self.report(sweep.done())
        return self.best
