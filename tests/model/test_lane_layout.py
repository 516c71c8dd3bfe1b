"""Lanes laid out: every event once, in time order, a side-by-side line never holding two
events of one lane, stacked lanes each under its heading; actor lanes for the commonest."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.lane_layout import EMPTY, NO_ACTOR, OTHER_ACTORS, LaneBy, actor_lanes, lay_out

rows = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 5)), max_size=60).map(
    lambda pairs: sorted(pairs, key=lambda p: p[1]))  # (lane, day), in time order


@given(rows)
def test_side_by_side_holds_each_event_once_in_order(given_rows: list[tuple[int, int]]) -> None:
    positions = list(range(len(given_rows)))
    lanes = [lane for lane, _ in given_rows]
    days = [day for _, day in given_rows]
    layout = lay_out(positions, lanes, days, ["a", "b", "c", "d"], LaneBy.FILE, True)
    cells = [c for c in layout.cells if c != EMPTY]
    assert sorted(cells) == positions
    shown = [layout.lanes[n].name for n in range(len(layout.lanes))]
    assert sum(lane.count for lane in layout.lanes) == len(positions)
    seen_day = -1
    for n in range(layout.lines):
        line = [c for c in layout.line(n) if c != EMPTY]
        assert line, "no empty line"
        line_days = {days[c] for c in line}
        assert len(line_days) == 1  # one moment a line
        assert min(line_days) >= seen_day
        seen_day = min(line_days)
        for column, cell in enumerate(layout.line(n)):
            if cell != EMPTY:
                assert ["a", "b", "c", "d"][lanes[cell]] == shown[column]


@given(rows)
def test_stacked_lanes_each_under_its_heading_in_order(
        given_rows: list[tuple[int, int]]) -> None:
    positions = list(range(len(given_rows)))
    lanes = [lane for lane, _ in given_rows]
    days = [day for _, day in given_rows]
    layout = lay_out(positions, lanes, days, ["a", "b", "c", "d"], LaneBy.FILE, False)
    events = [c for c in layout.cells if c >= 0]
    assert sorted(events) == positions
    headings = [layout.heading_of(c) for c in layout.cells if c < 0]
    assert headings == list(range(len(layout.lanes)))
    for n, cell in enumerate(layout.cells):
        if cell >= 0:
            lane = layout.lane_of_line(n)
            assert ["a", "b", "c", "d"][lanes[cell]] == layout.lanes[lane].name
    assert events == sorted(events, key=lambda p: (layout.lanes.index(
        next(x for x in layout.lanes if x.name == "abcd"[lanes[p]])), p))


def test_two_events_of_one_lane_and_day_take_two_lines() -> None:
    layout = lay_out([0, 1, 2], [0, 0, 1], [5, 5, 5], ["SI", "AC"], LaneBy.FILE, True)
    assert [list(layout.line(n)) for n in range(layout.lines)] == [[0, EMPTY], [1, 2]]


def test_a_lane_with_nothing_shown_takes_no_column_and_bad_input_is_refused() -> None:
    layout = lay_out([0], [1], [3], ["SI", "AC"], LaneBy.FILE, True)
    assert [lane.name for lane in layout.lanes] == ["AC"]
    with pytest.raises(ValueError, match="as many"):
        lay_out([0, 1], [0], [1, 2], ["SI"], LaneBy.FILE, True)
    with pytest.raises(ValueError, match="not one of"):
        lay_out([0], [2], [1], ["SI"], LaneBy.FILE, True)


def test_actor_lanes_are_the_commonest_then_others_then_none() -> None:
    actors = ["GNA", "IS", "GNA", None, "LNA", "IS", "GNA", "Misrata"]
    lanes, names = actor_lanes(actors, lanes=2)
    assert names == ["GNA", "IS", OTHER_ACTORS, NO_ACTOR]
    assert lanes == [0, 1, 0, 3, 2, 1, 0, 2]
