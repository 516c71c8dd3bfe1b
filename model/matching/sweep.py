"""The bins of one day bucket at a time, for the pair search (`model.matching.pairs`).

The buckets are visited in order of days. An event is taken in when the sweep reaches the
bucket of its first day and let go after the bucket of its last day plus the day window,
so only the events of a few buckets are ever held: binning all of a million events' buckets
at once took more memory than the events themselves.

Each event held is one tuple of what the pair loop reads (`model.matching.judge.Event`),
made once. Within a cube, events are binned apart by kind family (`families`): two kinds no
chain of compatible kinds joins never pair, so they are never looked at together.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence

from model.matching.columns import AREA, NAMED, POINT, Columns, cell_of
from model.matching.judge import Event, Judge
from model.matching.table import KINDS

Counts = dict[int, int]
"""Events by cube (every kind family together) or by name."""


def cube_offsets(reach: int) -> tuple[int, ...]:
    """The offsets from a cube to every cube within `reach` cubes on each axis."""
    steps = range(-reach, reach + 1)
    return tuple((dx << 32) + (dy << 16) + dz for dx in steps for dy in steps for dz in steps)


def families(table: Sequence[str | None], kinds: bytearray) -> tuple[bytes, int]:
    """The kind family of each kind (index into KINDS) and how many there are: kinds the
    compatibility `table` joins, directly or through others, are one family."""
    n = len(KINDS)
    parent = list(range(n))

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    present = sorted(set(kinds))
    for a in present:
        for b in present:
            if table[a * n + b] is not None:
                ra, rb = root(a), root(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    numbers: dict[int, int] = {}
    family = bytes(numbers.setdefault(root(k), len(numbers)) for k in range(n))
    return family, len(numbers)


class Bin:
    """The events of one source in one bin of a bucket, in order of first day; the first
    `old` of them began in an earlier bucket."""

    __slots__ = ("events", "old")

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.old = 0

    def add(self, event: Event, old: bool) -> None:
        """Add the next event in order of first day (`old`: it began before the bucket)."""
        self.events.append(event)
        if old:
            self.old += 1


class Cube:
    """The located events of one source in one cube of a bucket, by kind family."""

    __slots__ = ("size", "families")

    def __init__(self) -> None:
        self.size = 0
        self.families: dict[int, Bin] = {}

    def add(self, family: int, event: Event, old: bool) -> None:
        """Add the next event in order of first day, of kind `family`."""
        self.size += 1
        held = self.families.get(family)
        if held is None:
            self.families[family] = held = Bin()
        held.add(event, old)


Cubes = dict[int, Cube]
Bins = dict[int, Bin]
"""Bins by the number of a name."""


class Held:
    """One bucket's bins, each list by source rank."""

    def __init__(self, sources: int) -> None:
        self.points: list[Cubes] = [{} for _ in range(sources)]
        self.areas: list[Cubes] = [{} for _ in range(sources)]
        self.named: tuple[list[Bins], list[Bins]] = (
            [{} for _ in range(sources)], [{} for _ in range(sources)])
        """Events without coordinates by place name [0] and by admin area [1]."""
        self.others: tuple[list[Bins], list[Bins]] = (
            [{} for _ in range(sources)], [{} for _ in range(sources)])
        """Located events with a name an event without coordinates in the bucket has."""


_Entry = tuple[Event, int, int, int, int, "int | None", "int | None"]
"""An event held, with its source rank, where it is (POINT, AREA, NAMED), its cube, its kind
family and its place and admin names' numbers (None: no event without coordinates has
it)."""


def _add(bins: Bins, key: int, event: Event, old: bool) -> None:
    held = bins.get(key)
    if held is None:
        bins[key] = held = Bin()
    held.add(event, old)


def _add_located(cubes: Cubes, cube: int, family: int, event: Event, old: bool) -> None:
    held = cubes.get(cube)
    if held is None:
        cubes[cube] = held = Cube()
    held.add(family, event, old)


class Sweep:
    """The buckets of days in order, each with the bins of the events it holds."""

    def __init__(self, columns: Columns, judge: Judge, rank: array[int], sources: int,
                 family: tuple[bytes, int]) -> None:
        self.columns, self.judge, self.rank, self.sources = columns, judge, rank, sources
        self.family, self.families = family
        self.days, self.width = judge.days, max(judge.days, 1)
        n = len(KINDS)
        self.fits = [tuple(judge.kinds[k * n:(k + 1) * n]) for k in range(n)]
        self.numbers: tuple[dict[str, int], dict[str, int]] = ({}, {})
        """The numbers of the place names [0] and admin areas [1] events without
        coordinates have."""
        where = columns.where
        for i in range(columns.size):
            if where[i] == NAMED:
                for numbers, name in zip(self.numbers, (judge.place(i), judge.admin(i))):
                    if name:
                        numbers.setdefault(name, len(numbers))
        self._entered = 0

    def done(self) -> float:
        """The share of the events taken in so far."""
        return self._entered / max(1, self.columns.size)

    def _entry(self, i: int) -> _Entry:
        c, judge = self.columns, self.judge
        k, where, last = c.kind[i], c.where[i], c.latest[i]
        x, y, z = c.x[i], c.y[i], c.z[i]
        event: Event = (i, c.earliest[i], last, last + self.days, self.fits[k], k,
                        judge.actors_of(i), x, y, z)
        cube = cell_of(x, y, z, judge.cell_km) if where != NAMED else -1
        places, admins = self.numbers
        place = places.get(judge.place(i)) if places else None
        admin = admins.get(judge.admin(i)) if admins else None
        return event, self.rank[i], where, cube, self.family[k], place, admin

    def buckets(self) -> Iterator[Held]:
        """Each bucket holding an event, in order of days, with its bins filled."""
        first, order, size, width = self.columns.earliest, self.columns.by_first, \
            self.columns.size, self.width
        active: list[_Entry] = []
        taken = 0
        t = first[order[0]] // width - 1 if size else 0
        while True:
            t += 1
            start = t * width
            active = [entry for entry in active if entry[0][3] >= start]
            if not active:
                if taken == size:
                    return
                t = max(t, first[order[taken]] // width)
                start = t * width
            stop = start + width
            while taken < size and first[order[taken]] < stop:
                active.append(self._entry(order[taken]))
                taken += 1
            self._entered = taken
            yield self._held(active, start)

    def _held(self, active: list[_Entry], start: int) -> Held:
        held = Held(self.sources)
        points, areas, named, others = held.points, held.areas, held.named, held.others
        wanted: tuple[set[int], set[int]] = (set(), set())
        for event, r, where, cube, family, place, admin in active:
            old = event[1] < start
            if where == POINT:
                _add_located(points[r], cube, family, event, old)
            elif where == AREA:
                _add_located(areas[r], cube, family, event, old)
            else:
                if place is not None:
                    _add(named[0][r], place, event, old)
                    wanted[0].add(place)
                if admin is not None:
                    _add(named[1][r], admin, event, old)
                    wanted[1].add(admin)
        if wanted[0] or wanted[1]:  # located events only meet names this bucket holds
            for event, r, where, _, _, place, admin in active:
                if where != NAMED:
                    old = event[1] < start
                    if place in wanted[0]:
                        _add(others[0][r], place, event, old)
                    if admin in wanted[1]:
                        _add(others[1][r], admin, event, old)
        return held
