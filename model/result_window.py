"""The rows of a filtered view, and the questions a timeline asks of them.

"How many rows", "row n", "the row of this event", "next day", "the row nearest a date",
"next match after n", and the layout of rows under day separators: all answered here from
compact arrays, so the widget that draws them only asks.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter
from model.days import Day
from model.progress import NEVER_CANCELLED, CancelToken

from model.event import Event
from model.query import MATCH_ALL, Query
from model.store.protocol import StoreQuestions

PAGE = 64
FIRST_ROWS = 200
"""Rows read before a window is first drawn: more than a screen holds."""
BATCH_ROWS = 50_000
"""Rows read per step after that (a million rows: twenty steps, each a keyset range)."""


class Cancelled(Exception):
    """A long build was cancelled because a newer one replaced it."""


@dataclass(frozen=True, slots=True)
class RowBatch:
    """The next rows of a window, in order: store positions and their earliest days."""

    positions: array[int]
    days: array[int]
    last: bool
    """No rows come after these."""


class RowFeed:
    """Reads a query's rows in chronological order, a batch at a time (keyset pagination on
    the position), so a window can be drawn from its first rows while the rest arrive."""

    def __init__(self, store: StoreQuestions, query: Query, keep: frozenset[int] | None) -> None:
        self.store, self.query, self.keep = store, query, keep
        self._after = -1
        self._done = False

    def next(self, limit: int) -> RowBatch:
        """The next batch: up to `limit` rows read (fewer kept with `keep`)."""
        rows = [] if self._done else self.store.days_after(self.query, self._after, limit)
        if rows:
            self._after = rows[-1][0]
        self._done = len(rows) < limit
        if self.keep is not None:
            rows = [row for row in rows if row[0] in self.keep]
        # Up to fifty thousand rows: copied into the arrays in C, not one append at a time.
        return RowBatch(array("q", map(itemgetter(0), rows)), array("l", map(itemgetter(1), rows)),
                        self._done)


class ResultWindow:
    """Matching events in chronological order, addressed by row number.

    Built whole by default. The explorer builds one with `complete=False`, reads enough
    rows to draw (`read_opening`), shows it, and adds the rest as `feed` reads them (`add`,
    on the thread that draws it); until the last batch, `complete` is False.
    """

    def __init__(self, store: StoreQuestions, query: Query = MATCH_ALL, *,
                 only_ids: Iterable[str] | None = None,
                 cancel: CancelToken = NEVER_CANCELLED, complete: bool = True) -> None:
        self.store = store
        self.query = query
        self.only_ids = frozenset(only_ids) if only_ids is not None else None
        keep: frozenset[int] | None = None
        if self.only_ids is not None:
            keep = frozenset(found for i in self.only_ids
                             if (found := store.position_of(i)) is not None)
        self.positions = array("q")
        self.days = array("l")
        """Earliest day (ordinal) of each row: non-decreasing, as the order starts by it."""
        # Rows where a new day begins, and the line each day's separator sits on.
        self.group_rows = array("q")
        self.group_lines = array("q")
        self.complete = False
        self.feed = RowFeed(store, query, keep)
        self._cache: OrderedDict[int, Event] = OrderedDict()
        files = store.files()
        self.tags: tuple[str, ...] = tuple(f.tag for f in files) if len(files) > 1 else ()
        """The files' tags, by source, when the timeline is of several files (else none)."""
        self._marks: dict[int, tuple[int, bool]] = {}
        if complete:
            self._read(BATCH_ROWS, lambda: False, cancel)

    def read_opening(self, *, keep_event: str | None = None, first: int | None = None,
                     cancel: CancelToken = NEVER_CANCELLED) -> None:
        """Read the rows a first drawing needs: `first` rows (FIRST_ROWS), and every row up
        to `keep_event` (where the cursor is to stay), or all rows when there are fewer."""
        first = FIRST_ROWS if first is None else first
        target = self.store.position_of(keep_event) if keep_event is not None else None

        def enough() -> bool:
            return len(self) >= first and (target is None or self.positions[-1] >= target)

        self._read(first, enough, cancel)

    def _read(self, first: int, enough: Callable[[], bool], cancel: CancelToken) -> None:
        """Read batches (`first` rows, then BATCH_ROWS at a time) until `enough` or the end."""
        limit = first
        while not self.complete:
            if cancel.cancelled:
                raise Cancelled()
            self.add(self.feed.next(limit))
            limit = max(first, BATCH_ROWS)
            if enough():
                return

    def add(self, batch: RowBatch) -> None:
        """Append the next rows (from `feed`, in order)."""
        days, row = self.days, len(self.days)
        self.positions.extend(batch.positions)
        days.extend(batch.days)
        count = len(days)
        # A day may go on from the previous batch: its separator is already there.
        if 0 < row < count and days[row] == days[row - 1]:
            row = bisect_right(days, days[row], row)
        # Days never decrease, so each day's end is a binary search away (a few thousand
        # days, not a million rows).
        while row < count:
            self.group_lines.append(row + len(self.group_rows))
            self.group_rows.append(row)
            row = bisect_right(days, days[row], row)
        if batch.last:
            self.complete = True

    def __len__(self) -> int:
        return len(self.positions)

    # -- rows and events ------------------------------------------------------------------

    def event(self, row: int) -> Event:
        """The event on a row (fetched a page at a time and cached)."""
        pos = self.positions[row]
        cached = self._cache.get(pos)
        if cached is not None:
            self._cache.move_to_end(pos)
            return cached
        start = max(0, row - PAGE // 4)
        wanted = list(self.positions[start:start + PAGE])
        for found_pos, event in self.store.by_positions(wanted).items():
            self._cache[found_pos] = event
        if self.tags:
            self._marks.update(self.store.file_marks(wanted))
        while len(self._cache) > PAGE * 8:
            self._marks.pop(self._cache.popitem(last=False)[0], None)
        return self._cache[pos]

    def file_mark(self, row: int) -> tuple[str, bool] | None:
        """The tag of the file a row's event came from, and whether another file
        corroborates it; None in a timeline of one file."""
        if not self.tags:
            return None
        pos = self.positions[row]
        if pos not in self._marks:
            start = max(0, row - PAGE // 4)
            self._marks.update(self.store.file_marks(list(self.positions[start:start + PAGE])))
        source, seen = self._marks.get(pos, (0, False))
        return self.tags[source], seen

    def day(self, row: int) -> Day:
        """The earliest day of the event on a row."""
        return Day.fromordinal(self.days[row])

    def row_of_position(self, position: int) -> int | None:
        """The row holding the event at a store position."""
        row = bisect_left(self.positions, position)
        return row if row < len(self.positions) and self.positions[row] == position else None

    def row_of_id(self, event_id: str) -> int | None:
        """The row holding an event, by id."""
        found = self.store.position_of(event_id)
        return self.row_of_position(found) if found is not None else None

    def row_for_day(self, day: Day) -> int | None:
        """The first row on or after `day`, else the last row (None when empty)."""
        if not self.positions:
            return None
        row = bisect_left(self.days, day.toordinal())
        return min(row, len(self.positions) - 1)

    def next_day_row(self, row: int) -> int | None:
        """The first row of the next day that has events."""
        nxt = bisect_right(self.days, self.days[row])
        return nxt if nxt < len(self.days) else None

    def previous_day_row(self, row: int) -> int | None:
        """The first row of the current day, or of the previous day when already there."""
        start = bisect_left(self.days, self.days[row])
        if start < row:
            return start
        if start == 0:
            return None
        return bisect_left(self.days, self.days[start - 1])

    def next_week_row(self, row: int) -> int | None:
        """The first row in a later week (weeks start on Monday) that has events."""
        day = self.days[row]
        monday = day - (day + 6) % 7
        nxt = bisect_left(self.days, monday + 7)
        return nxt if nxt < len(self.days) else None

    def previous_week_row(self, row: int) -> int | None:
        """The first row of this week, or of the previous week with events when already there."""
        day = self.days[row]
        monday = day - (day + 6) % 7
        start = bisect_left(self.days, monday)
        if start < row:
            return start
        if start == 0:
            return None
        before = self.days[start - 1]
        return bisect_left(self.days, before - (before + 6) % 7)

    def next_match(self, row: int, matches: array[int], *, forward: bool = True) -> int | None:
        """The next (or previous) row after `row` whose position is in sorted `matches`."""
        if not self.positions or not matches:
            return None
        here = self.positions[row]
        if forward:
            i = bisect_right(matches, here)
            while i < len(matches):
                found = self.row_of_position(matches[i])
                if found is not None:
                    return found
                i += 1
        else:
            i = bisect_left(matches, here) - 1
            while i >= 0:
                found = self.row_of_position(matches[i])
                if found is not None:
                    return found
                i -= 1
        return None

    def first_match(self, matches: array[int], *, forward: bool = True) -> int | None:
        """The first (or, not `forward`, the last) row whose position is in sorted
        `matches`: where a search wraps around to; None when no row matches."""
        for position in (matches if forward else reversed(matches)):
            found = self.row_of_position(position)
            if found is not None:
                return found
        return None

    # -- lines: rows under day separators -------------------------------------------------

    @property
    def line_count(self) -> int:
        """Rows plus one separator per day."""
        return len(self.positions) + len(self.group_rows)

    def line_of_row(self, row: int) -> int:
        """The line a row is drawn on."""
        group = bisect_right(self.group_rows, row) - 1
        return row + group + 1

    def at_line(self, line: int) -> tuple[int, bool]:
        """(row, is_separator) for a line; a separator reports the first row of its day."""
        group = bisect_right(self.group_lines, line) - 1
        if self.group_lines[group] == line:
            return self.group_rows[group], True
        return line - group - 1, False
