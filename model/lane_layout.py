"""Lanes (TimelineJS calls them groups): the events shown grouped by their file or by their
first actor, laid out side by side (one column a lane, one line a moment: events of
different lanes on one day share a line) or stacked (each lane under its heading, in time
order).

The layout is numbers only (an `array` of positions), so a million rows cost megabytes,
not an object each; the pane reads the events of the lines on screen, and no more.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

EMPTY = -1
"""A cell of a side-by-side line with no event in it."""
ACTOR_LANES = 5
"""The commonest actors that get a lane of their own; the rest share OTHER_ACTORS."""
OTHER_ACTORS = "other actors"
NO_ACTOR = "no actor"
SIDE_BY_SIDE_FROM = 120
"""The narrowest pane (in columns) that lays lanes side by side; narrower, they stack."""


class LaneBy(str, Enum):
    """What the lanes group by."""

    FILE = "file"
    ACTOR = "actor"

    @property
    def said(self) -> str:
        """"by file", "by actor"."""
        return f"by {self.value}"


@dataclass(frozen=True, slots=True)
class Lane:
    """One lane: its name and how many of the events shown are in it."""

    name: str
    count: int


@dataclass(frozen=True, slots=True)
class LaneLayout:
    """Where each event shown goes, side by side or stacked.

    Side by side, `cells` holds `len(lanes)` positions a line (EMPTY where a lane has
    nothing on that line). Stacked, it holds one a line: a position, or `-(lane + 2)` for
    the heading line of that lane."""

    by: LaneBy
    lanes: tuple[Lane, ...]
    side_by_side: bool
    cells: array[int]

    @property
    def width(self) -> int:
        """Cells a line."""
        return len(self.lanes) if self.side_by_side else 1

    @property
    def lines(self) -> int:
        """How many lines the layout has."""
        return len(self.cells) // self.width if self.width else 0

    def line(self, n: int) -> Sequence[int]:
        """The cells of line `n`."""
        return self.cells[n * self.width:(n + 1) * self.width]

    def heading_of(self, cell: int) -> int | None:
        """The lane whose heading a stacked cell is (None: an event or an empty cell)."""
        return -cell - 2 if cell <= -2 else None

    def lane_of_line(self, n: int) -> int:
        """Stacked: the lane line `n` belongs to (the last heading at or above it)."""
        for at in range(n, -1, -1):
            lane = self.heading_of(self.cells[at])
            if lane is not None:
                return lane
        return 0


def lay_out(positions: Sequence[int], lanes: Sequence[int], days: Sequence[int],
            names: Sequence[str], by: LaneBy, side_by_side: bool) -> LaneLayout:
    """The layout of events given in chronological order: each one's position, lane (an
    index into `names`) and first day. Raises ValueError when the three differ in length
    or a lane is not among `names`."""
    if not len(positions) == len(lanes) == len(days):
        raise ValueError("lanes: positions, lanes and days must be as many")
    counts = [0] * len(names)
    for lane in lanes:
        if not 0 <= lane < len(names):
            raise ValueError(f"lanes: lane {lane} is not one of {len(names)}")
        counts[lane] += 1
    kept = [n for n, count in enumerate(counts) if count]  # an empty lane takes no column
    column = {lane: n for n, lane in enumerate(kept)}
    shown = tuple(Lane(names[n], counts[n]) for n in kept)
    cells = array("q")
    if side_by_side:
        width = len(kept)
        day, base = None, -1
        for position, lane, first in zip(positions, lanes, days):
            at = column[lane]
            if first != day or cells[base + at] != EMPTY:
                base = len(cells)
                cells.extend([EMPTY] * width)
                day = first
            cells[base + at] = position
    else:
        for lane in kept:
            cells.append(-(column[lane] + 2))
            cells.extend(p for p, own in zip(positions, lanes) if own == lane)
    return LaneLayout(by, shown, side_by_side, cells)


def actor_lanes(first_actors: Iterable[str | None], lanes: int = ACTOR_LANES
                ) -> tuple[list[int], list[str]]:
    """Each event's lane by its first actor: the `lanes` commonest actors (ties by name)
    get one each, in that order, then OTHER_ACTORS, then NO_ACTOR."""
    actors = list(first_actors)
    counted = Counter(a for a in actors if a is not None)
    top = [name for name, _ in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:lanes]]
    names = [*top, OTHER_ACTORS, NO_ACTOR]
    index = {name: n for n, name in enumerate(top)}
    other, none = len(top), len(top) + 1
    return [none if a is None else index.get(a, other) for a in actors], names
