"""TimelineJS date objects to Dateline spans and back: precision from the parts present."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.dates import DatePrecision, DateSpan
from model.days import Day
from model.importers.tldates import DateParts, dates_of, read_parts, span_of


@pytest.mark.parametrize(("obj", "parts"), [
    ({"year": "1943"}, DateParts(1943)),
    ({"year": "1943", "month": "7", "day": ""}, DateParts(1943, 7)),
    ({"year": "622", "month": "08", "day": "09"}, DateParts(622, 8, 9)),
    ({"year": 1969, "month": 7, "day": 20}, DateParts(1969, 7, 20)),
    ({"year": 1969.0}, DateParts(1969)),
    ({"year": "2000", "month": "01", "day": "05", "hour": "6", "minute": "45", "second": "56",
      "millisecond": "", "format": ""}, DateParts(2000, 1, 5, "06:45:56")),
    ({"year": "2014", "month": "", "day": "", "hour": "", "minute": ""}, DateParts(2014)),
    ({"year": "1900", "day": "5"}, DateParts(1900)),  # a day without a month is no day
    ({"year": "-13800000000"}, DateParts(-13_800_000_000)),
    ({"year": "0"}, DateParts(0)),
    ({"year": "-500", "month": "3", "day": "15"}, DateParts(-500, 3, 15)),
    ({"year": "10000"}, DateParts(10_000)),
    ({"year": "12000", "month": "6", "day": "9"}, DateParts(12_000, coarsened_from="12000-06-09")),
])
def test_read_parts(obj: dict, parts: DateParts) -> None:
    assert read_parts(obj) == parts


@pytest.mark.parametrize(("obj", "reason"), [
    ({"year": "-200000000000"}, "year -200000000000 is "),  # beyond the furthest held
    ({"year": 10**11 + 1}, "year 100000000001 is "),
    ({"year": "1990", "month": "13"}, "month 13 is not a month"),
    ({"year": "2001", "month": "2", "day": "30"}, "2001-02-30 is not a date"),
    ({"year": "MCMXC"}, "year 'MCMXC' is not a number"),
    ({"month": "7"}, "has a month or day but no year"),
    ("1990", "is not a date object (str)"),
])
def test_unusable_dates_say_why(obj: object, reason: str) -> None:
    result = read_parts(obj)
    assert isinstance(result, str) and result.startswith(reason)


@pytest.mark.parametrize("obj", [None, {}, {"year": "", "month": "", "day": ""}])
def test_no_year_is_no_date(obj: object) -> None:
    assert read_parts(obj) is None


def test_spans() -> None:
    assert span_of(DateParts(602), DateParts(629)) == DateSpan(
        Day(602, 1, 1), Day(629, 12, 31), DatePrecision.YEAR)
    assert span_of(DateParts(1943, 7), DateParts(1946)) == DateSpan(
        Day(1943, 7, 1), Day(1946, 12, 31), DatePrecision.MONTH)
    assert span_of(DateParts(2016, 2), None) == DateSpan.month(2016, 2)
    assert span_of(DateParts(2010), DateParts(2005)) == \
        "end_date 2005-12-31 is before start_date 2010-01-01"


def _parts(draw_year: int, month: int | None, day: int | None) -> DateParts:
    return DateParts(draw_year, month, day if month is not None else None)


@st.composite
def date_parts(draw: st.DrawFn) -> DateParts:
    year = draw(st.integers(1, 9999))
    month = draw(st.none() | st.integers(1, 12))
    day = None
    if month is not None:
        last = (DateParts(year, month).last).day
        day = draw(st.none() | st.integers(1, last))
    return DateParts(year, month, day)


def _as_object(parts: DateParts, style: int) -> dict:
    def value(v: int | None) -> object:
        if v is None:
            return "" if style == 1 else None
        return (str(v), f"{v:02d}", v)[style]
    obj = {"year": value(parts.year), "month": value(parts.month), "day": value(parts.day)}
    return {k: v for k, v in obj.items() if v is not None}


@given(date_parts(), st.integers(0, 2))
def test_one_date_round_trips(parts: DateParts, style: int) -> None:
    read = read_parts(_as_object(parts, style))
    assert read == parts
    span = span_of(parts, None)
    assert not isinstance(span, str)
    assert span.precision is parts.precision
    start, end = dates_of(span)
    assert end is None
    assert read_parts(start) == parts


@given(date_parts(), date_parts())
def test_start_and_end_round_trip(start: DateParts, end: DateParts) -> None:
    span = span_of(start, end)
    if isinstance(span, str):
        assert end.last < start.first
        return
    end_precision = end.precision if end.precision is not start.precision else None
    start_obj, end_obj = dates_of(span, end_precision)
    assert read_parts(start_obj) == start
    again_end = read_parts(end_obj) if end_obj is not None else None
    again = span_of(start, again_end if isinstance(again_end, DateParts) else None)
    assert again == span
    if end_obj is not None:
        assert read_parts(end_obj) == end or end.last == start.last


@given(st.builds(Day.fromordinal, st.integers(Day(1, 1, 1).ordinal, Day(9999, 12, 25).ordinal)),
       st.integers(0, 6))
def test_week_and_day_ranges_keep_their_days(day: Day, extra: int) -> None:
    span = DateSpan(day, day + dt.timedelta(days=extra), DatePrecision.DAY)
    start, end = dates_of(span)
    assert read_parts(start) == DateParts(day.year, day.month, day.day)
    if extra:
        assert end is not None and read_parts(end).last == span.latest  # type: ignore[union-attr]
    else:
        assert end is None
