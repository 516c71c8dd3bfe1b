"""The rows of a view: the events the query matches, in order, under one separator per day."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from model.dataset import DatasetInfo
from model.dates import DateSpan
from model.event import Certainty, Event
from model.kinds import EventKind
from model.query import MATCH_ALL, Query, parse
from model.result_window import ResultWindow
from model.store import EventStore

FIRST = dt.date(2020, 1, 1)
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
