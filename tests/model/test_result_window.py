"""The rows of a view: the events the query matches, in order, under one separator per day."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from model.days import Day
from model.dataset import DatasetInfo
from model.dates import DateSpan
from model.event import Certainty, Event
from model.kinds import EventKind
from model.query import MATCH_ALL, Query, parse
from model.result_window import ResultWindow
from model.store import EventStore

FIRST = Day(2020, 1, 1)
KINDS = (EventKind.CLASH, EventKind.PROTEST)


def _event(n: int, day: int, kind: int) -> Event:
    return Event(f"e{n}", f"event {n}", KINDS[kind], DateSpan.day(FIRST + dt.timedelta(day)),
                 Certainty.REPORTED)


events = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 1)), max_size=40).map(
    lambda drawn: [_event(n, day, kind) for n, (day, kind) in enumerate(drawn)])


@settings(max_examples=100, deadline=None)
@given(events, st.sampled_from(["", "kind:clash", "-kind:clash"]),
       st.none() | st.sets(st.integers(0, 40)))
def test_rows_and_day_separators_are_those_of_the_matching_events(
        drawn: list[Event], text: str, only: set[int] | None) -> None:
    store = EventStore.from_events(drawn, DatasetInfo(title="t"))
    query = parse(text)
    assert isinstance(query, Query)
    only_ids = None if only is None else {f"e{n}" for n in only}
    window = ResultWindow(store, query, only_ids=only_ids)
    expected = [p for p in store.positions(query if text else MATCH_ALL)
                if only_ids is None or store.by_positions([p])[p].id in only_ids]
    assert list(window.positions) == expected
    days = list(window.days)
    assert days == sorted(days)
    starts = [row for row in range(len(days)) if row == 0 or days[row] != days[row - 1]]
    assert list(window.group_rows) == starts
    assert list(window.group_lines) == [row + k for k, row in enumerate(starts)]
    assert window.line_count == len(days) + len(starts)
    for row in range(len(days)):
        line = window.line_of_row(row)
        assert window.at_line(line) == (row, False)
        assert window.day(row).toordinal() == days[row]


@settings(max_examples=100, deadline=None)
@given(events, st.sampled_from(["", "kind:clash", "-kind:clash"]),
       st.none() | st.sets(st.integers(0, 40)), st.lists(st.integers(1, 7), min_size=1))
def test_a_window_grown_batch_by_batch_is_the_window_built_whole(
        drawn: list[Event], text: str, only: set[int] | None, sizes: list[int]) -> None:
    store = EventStore.from_events(drawn, DatasetInfo(title="t"))
    query = parse(text)
    assert isinstance(query, Query)
    only_ids = None if only is None else {f"e{n}" for n in only}
    whole = ResultWindow(store, query, only_ids=only_ids)
    grown = ResultWindow(store, query, only_ids=only_ids, complete=False)
    steps = 0
    while not grown.complete:
        before = len(grown)
        grown.add(grown.feed.next(sizes[steps % len(sizes)]))
        assert list(grown.positions) == list(whole.positions)[:len(grown)]
        assert len(grown) >= before
        steps += 1
    for name in ("positions", "days", "group_rows", "group_lines"):
        assert getattr(grown, name) == getattr(whole, name), name
    assert whole.complete


def test_the_opening_rows_reach_the_event_the_cursor_stays_on() -> None:
    drawn = [_event(n, n // 3, n % 2) for n in range(60)]
    store = EventStore.from_events(drawn, DatasetInfo(title="t"))
    window = ResultWindow(store, MATCH_ALL, complete=False)
    window.read_opening(first=5)
    assert len(window) == 5 and not window.complete
    window.add(window.feed.next(10))
    assert list(window.positions) == list(range(15))
    far = ResultWindow(store, MATCH_ALL, complete=False)
    far.read_opening(first=5, keep_event="e40")
    assert far.row_of_id("e40") is not None
    few = ResultWindow(store, parse("kind:clash"), complete=False)
    few.read_opening(first=500)
    assert few.complete and len(few) == 30


def _steps(store: EventStore, read: object) -> int:
    """How many SQLite virtual-machine steps (in hundreds) a read takes: a measure of the
    rows it walks that does not depend on the machine's speed."""
    counted = [0]

    def count() -> int:
        counted[0] += 1
        return 0

    store.conn.set_progress_handler(count, 100)
    try:
        read()  # type: ignore[operator]
    finally:
        store.conn.set_progress_handler(None, 100)
    return counted[0]


def test_a_walk_through_a_dated_filter_starts_each_page_where_the_last_ended() -> None:
    # A date term bounds positions too; a next page must start after the last row, not
    # walk the date range from its start again (a quadratic walk at scale).
    drawn = [_event(n, n // 10, n % 2) for n in range(6000)]
    store = EventStore.from_events(drawn, DatasetInfo(title="t"))
    query = parse("date:2020-01-02..2021-12-31")
    assert isinstance(query, Query)
    first = store.page(query, limit=100)
    last_start = store.positions(query)[-101]
    first_steps = _steps(store, lambda: store.page(query, after=first[-1].position, limit=100))
    last_steps = _steps(store, lambda: store.page(query, after=last_start, limit=100))
    assert last_steps < 2 * first_steps + 10
    walked = _steps(store, lambda: store.days_after(query, last_start, 100))
    assert walked < 2 * first_steps + 10
    # The first page starts at the date range, not at the first event.
    late = parse("date:2021-06-01..")
    assert isinstance(late, Query)
    assert _steps(store, lambda: store.days_after(late, -1, 10)) < first_steps
