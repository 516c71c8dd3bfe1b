"""Dates across all of history: BCE days, early CE years and cosmological years, exactly,
in order, in words, in the store, in dataset files and in views."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import tomli_w
from hypothesis import example, given, settings
from hypothesis import strategies as st

from model.codec import decode_event, encode_event, index_event
from model.dataset import DatasetInfo, load_dataset
from model.dataset_write import dataset_to_table, span_to_table
from model.dates import DatePrecision, DateSpan, format_day, short_years, year_words
from model.days import DAY_YEARS, MAX_DAY, MIN_DAY, YEAR_LIMIT, Day
from model.event import Certainty, Event, chronological
from model.kinds import EventKind
from model.loading import open_path
from model.query import MATCH_ALL
from model.store import EventStore
from model.views import write_view

FIRST_YEAR = -13_800_000_000
DAY_ORDINALS = st.integers(Day.first_of(DAY_YEARS[0]).ordinal,
                           Day.last_of(DAY_YEARS[-1]).ordinal)
held_days = DAY_ORDINALS.map(Day.fromordinal)
years = st.integers(FIRST_YEAR, 9999)


@st.composite
def history_spans(draw: st.DrawFn) -> DateSpan:
    """Any span Dateline holds from the Big Bang to 9999: years anywhere, days and months
    in the years held to the day."""
    shape = draw(st.sampled_from(["year", "years", "day", "days", "week", "month"]))
    if shape in ("year", "years"):
        first = draw(years)
        last = first if shape == "year" else min(9999, first + draw(st.integers(0, 10**9)))
        return DateSpan(Day.first_of(first), Day.last_of(last), DatePrecision.YEAR,
                        draw(st.booleans()), draw(st.booleans()))
    if shape == "month":
        day = draw(held_days)
        return DateSpan.month(day.year, day.month)
    start = draw(held_days)
    length = {"day": 0, "week": 6}.get(shape, draw(st.integers(0, 40)))
    end = Day.fromordinal(min(start.ordinal + length, MAX_HELD))
    precision = DatePrecision.WEEK if shape == "week" else DatePrecision.DAY
    return DateSpan(start, end, precision, draw(st.booleans()))


MAX_HELD = Day.last_of(DAY_YEARS[-1]).ordinal


def event_on(event_id: str, span: DateSpan, title: str = "") -> Event:
    return Event(event_id, title or f"Event {event_id}", EventKind.OTHER, span,
                 Certainty.REPORTED)


# -- the calendar ----------------------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.integers(Day.first_of(-YEAR_LIMIT).ordinal, Day.last_of(YEAR_LIMIT).ordinal - 1))
def test_a_day_is_its_ordinal_and_its_parts_both_ways(ordinal: int) -> None:
    day = Day.fromordinal(ordinal)
    assert Day(day.year, day.month, day.day) == day and day.ordinal == ordinal
    assert (day + dt.timedelta(days=1)).ordinal == ordinal + 1
    assert Day.fromisoformat(day.isoformat()) == day


@settings(max_examples=300, deadline=None)
@given(st.integers(dt.date.min.toordinal(), dt.date.max.toordinal()))
def test_days_of_years_1_to_9999_are_pythons_own(ordinal: int) -> None:
    date = dt.date.fromordinal(ordinal)
    day = Day.of(date)
    assert (day.year, day.month, day.day, day.weekday()) == (
        date.year, date.month, date.day, date.weekday())
    assert day.isoformat() == date.isoformat() and day.to_date() == date


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(Day.first_of(FIRST_YEAR).ordinal, MAX_HELD), min_size=2,
                max_size=20))
def test_order_is_the_calendars_across_the_whole_range(ordinals: list[int]) -> None:
    days = [Day.fromordinal(n) for n in ordinals]
    assert sorted(days) == sorted(days, key=lambda d: (d.year, d.month, d.day))
    assert [d.ordinal for d in sorted(days)] == sorted(ordinals)


def test_the_years_around_zero_follow_astronomical_numbering() -> None:
    assert Day(1, 1, 1).ordinal == 1 and Day(0, 12, 31).ordinal == 0
    assert Day(0, 2, 29).isoformat() == "0000-02-29"  # 1 BCE was a leap year
    assert Day(-5, 3, 15).isoformat() == "-0005-03-15"
    assert Day(-4, 2, 29).weekday() == (Day(-4, 3, 1) - dt.timedelta(days=1)).weekday()
    with pytest.raises(ValueError):
        Day(-1, 2, 29)  # 2 BCE was not
    assert Day.fromisoformat("-13800000000") == Day.first_of(FIRST_YEAR)
    assert Day.fromisoformat("-13800000000", last=True) == Day.last_of(FIRST_YEAR)
    assert Day.fromisoformat("+12000-03-01") == Day(12000, 3, 1)
    for bad in ("12000-03-01", "16-06-09", "2016-13-01", "-0005-02-30", "June 2016"):
        with pytest.raises(ValueError):
            Day.fromisoformat(bad)
    with pytest.raises(ValueError, match="100 billion"):
        Day.first_of(YEAR_LIMIT + 1)


def test_beyond_the_years_held_to_the_day_a_span_is_years() -> None:
    assert DateSpan.year(FIRST_YEAR).days == 366  # a multiple of 400: a leap year
    assert DateSpan.year(-4_600_000_001).days == 365
    with pytest.raises(ValueError, match="known to the year only"):
        DateSpan.day(Day(-20000, 6, 1))
    with pytest.raises(ValueError, match="known to the year only"):
        DateSpan(Day(-20000, 6, 1), Day.last_of(-20000), DatePrecision.YEAR)
    with pytest.raises(ValueError, match="months are held"):
        DateSpan.month(-20000, 6)


# -- in words --------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "words", "short"), [
    (2016, "2016", "2016"),
    (1911, "1911", "1911"),
    (75, "75 CE", "75 CE"),
    (1, "1 CE", "1 CE"),
    (0, "1 BCE", "1 BCE"),
    (-5, "6 BCE", "6 BCE"),
    (-3500, "3501 BCE", "3501 BCE"),
    (-12000, "12,001 BCE", "12,001 BCE"),
    (-315000, "315,001 BCE", "315,001 BCE"),
    (-1_000_000, "1 million years ago", "1m yrs ago"),
    (-538_800_000, "539 million years ago", "539m yrs ago"),
    (-4_600_000_000, "4.6 billion years ago", "4.6bn yrs ago"),
    (FIRST_YEAR, "13.8 billion years ago", "13.8bn yrs ago"),
    (1_500_000, "1.5 million CE", "1.5m CE"),
])
def test_years_in_words(year: int, words: str, short: str) -> None:
    assert year_words(year) == words
    assert short_years(year) == short


@pytest.mark.parametrize(("span", "display", "short"), [
    (DateSpan.day(Day(-499, 3, 3)), "Sun 3 Mar 500 BCE", "3 Mar 500 BCE"),
    (DateSpan.month(-5, 3), "Mar 6 BCE", "~Mar 6 BCE"),
    (DateSpan.year(75), "75 CE", "~75 CE"),
    (DateSpan(Day.first_of(-499), Day.last_of(-399), DatePrecision.YEAR),
     "500\u2013400 BCE", "~500\u2013400 BCE"),
    (DateSpan(Day.first_of(-538_800_000), Day.last_of(-251_902_000), DatePrecision.YEAR),
     "539 million\u2013252 million years ago", "~539m\u2013252m yrs ago"),
])
def test_spans_in_words(span: DateSpan, display: str, short: str) -> None:
    assert span.display() == display
    assert span.short() == short


def test_the_detail_says_the_years_words_round() -> None:
    said = DateSpan.year(-13_799_630_000).described()
    assert said.startswith("13.8 billion years ago (13,799,630,001 BCE) \u2014 known to the year")
    assert format_day(Day(-499, 3, 3)) == "3 Mar 500 BCE"


@settings(max_examples=300, deadline=None)
@given(history_spans())
@example(DateSpan(Day(-1214, 12, 31), Day(-1213, 1, 10), DatePrecision.DAY))
@example(DateSpan(Day(-9999, 12, 31), Day(-9998, 1, 10), DatePrecision.DAY))
def test_a_row_date_fits_its_column(span: DateSpan) -> None:
    # Cut with an ellipsis at 16 in a row; never an unbounded string. The longest is a day
    # range across the first two years held to the day: "31 Dec 10,000–10 Jan 9999 BCE", 29.
    assert len(span.short()) <= 29


# -- order, the store and the codec ----------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(history_spans())
def test_the_codec_keeps_every_span(span: DateSpan) -> None:
    event = event_on("e", span)
    assert decode_event(encode_event(event)) == event
    row = index_event(event)
    assert (row[1], row[2]) == (span.earliest.ordinal, span.latest.ordinal)


@settings(max_examples=60, deadline=None)
@given(st.lists(history_spans(), min_size=1, max_size=12))
def test_the_store_orders_events_from_the_big_bang_on(spans: list[DateSpan]) -> None:
    events = [event_on(f"e{i}", span) for i, span in enumerate(spans)]
    store = EventStore.from_events(events, DatasetInfo(title="history"))
    try:
        stored = list(store.by_positions(store.positions()).values())
        assert [e.id for e in stored] == [e.id for e in chronological(events)]
        assert store.date_range() == (min(s.earliest for s in spans),
                                      max(s.latest for s in spans))
    finally:
        store.close()


# -- dataset and view files ------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(history_spans())
def test_a_span_is_written_to_toml_and_read_back(span: DateSpan) -> None:
    table = span_to_table(span)
    for key in ("earliest", "latest"):
        value = table.get(key)
        if value is not None:
            held = Day.fromisoformat(value, last=key == "latest") if isinstance(value, str) \
                else Day.of(value)
            assert (held == span.earliest) if key == "earliest" else (held == span.latest)
            assert isinstance(value, str) == (not 1 <= getattr(span, key).year <= 9999)


@settings(max_examples=40, deadline=None)
@given(st.lists(history_spans(), min_size=1, max_size=6))
def test_a_dataset_file_of_any_years_reads_back(tmp_path_factory: pytest.TempPathFactory,
                                                spans: list[DateSpan]) -> None:
    path = tmp_path_factory.mktemp("history") / "history.toml"
    events = [event_on(f"e{i}", span) for i, span in enumerate(spans)]
    path.write_bytes(tomli_w.dumps(dataset_to_table(DatasetInfo(title="history"),
                                                    events)).encode())
    assert list(load_dataset(path).events) == chronological(events)


COSMOS = [
    event_on("big-bang", DateSpan.year(FIRST_YEAR), "The Big Bang"),
    event_on("earth", DateSpan.year(-4_600_000_000), "The Earth forms"),
    event_on("cambrian", DateSpan(Day.first_of(-538_800_000), Day.last_of(-251_902_000),
                                  DatePrecision.YEAR), "The Paleozoic"),
    event_on("ides", DateSpan.day(Day(-43, 3, 15)), "The Ides of March, 44 BCE"),
    event_on("jesus", DateSpan.year(-5), "A birth, about 6 BCE"),
    event_on("vesuvius", DateSpan(Day(79, 10, 24), Day(79, 10, 25)), "Vesuvius erupts"),
    event_on("sirte-1911", DateSpan.month(1911, 10), "Italy lands in Tripolitania"),
]


def test_a_dataset_of_history_is_written_in_the_expanded_form(tmp_path: Path) -> None:
    path = tmp_path / "cosmos.toml"
    path.write_bytes(tomli_w.dumps(dataset_to_table(DatasetInfo(title="cosmos"),
                                                    COSMOS)).encode())
    text = path.read_text()
    assert 'earliest = "-13800000000"' in text
    assert 'earliest = "-0043-03-15"' in text
    assert "earliest = 0079-10-24" in text  # years 1..9999 stay TOML dates
    assert list(load_dataset(path).events) == chronological(COSMOS)


def test_a_file_without_such_dates_is_written_as_before() -> None:
    table = span_to_table(DateSpan.day(Day(2016, 6, 9)))
    assert table == {"earliest": dt.date(2016, 6, 9), "precision": "day"}


def test_a_view_of_history_reopens_as_it_was_saved(tmp_path: Path) -> None:
    source = tmp_path / "cosmos.toml"
    source.write_bytes(tomli_w.dumps(dataset_to_table(DatasetInfo(title="cosmos"),
                                                      COSMOS)).encode())
    opened = open_path(source)
    try:
        view, written = write_view(opened.store, MATCH_ALL, tmp_path / "view.toml")
    finally:
        opened.store.close()
    reopened = open_path(view)
    try:
        store = reopened.store
        events = list(store.by_positions(store.positions()).values())
        assert events == chronological(COSMOS) and written == len(COSMOS)
    finally:
        reopened.store.close()


def test_the_open_ends_of_a_range_hold_every_year() -> None:
    assert MIN_DAY.year == -YEAR_LIMIT and MAX_DAY.year == YEAR_LIMIT
    assert MIN_DAY < Day.first_of(FIRST_YEAR) and Day(9999, 12, 31) < MAX_DAY


def test_a_date_string_in_year_zero_is_1_bce() -> None:
    path = Path(__file__).parents[1] / "fixtures" / "hostile" / "year-zero-text.toml"
    (event,) = load_dataset(path).events
    assert event.date == DateSpan.day(Day(0, 1, 1))
    assert event.date.display() == "Sat 1 Jan 1 BCE"
