"""The import date parser: every layout found in exports, and nothing that is not a date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.days import Day
from model.importers.datetext import parse_date

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@pytest.mark.parametrize(("text", "expected"), [
    ("2016-07-02", Day(2016, 7, 2)),                 # ACLED 2016 API, UCDP
    ("09 June 2016", Day(2016, 6, 9)),               # ACLED export tool
    ("21 March 2020", Day(2020, 3, 21)),
    ("01 November 2024", Day(2024, 11, 1)),
    ("01-January-2015", Day(2015, 1, 1)),
    ("9-May-20", Day(2020, 5, 9)),                   # a spreadsheet's rewrite
    ("9-May-98", Day(1998, 5, 9)),
    ("9 Jun 2016", Day(2016, 6, 9)),
    ("9th June 2016", Day(2016, 6, 9)),
    ("June 9, 2016", Day(2016, 6, 9)),
    ("Sept 1 2016", Day(2016, 9, 1)),
    ("20180530", Day(2018, 5, 30)),                  # GDELT SQLDATE
    ("2015-05-11 00:00:00.000", Day(2015, 5, 11)),   # UCDP downloads
    ("2020-05-09T00:00:00Z", Day(2020, 5, 9)),
    ("2016/07/02", Day(2016, 7, 2)),
    ("31/5/2020", Day(2020, 5, 31)),
    ("5/31/2020", Day(2020, 5, 31)),                 # only month first is a date
    ("9/5/2020", Day(2020, 5, 9)),                   # ambiguous: day first
    ("42553", Day(2016, 7, 2)),                      # spreadsheet serial number
    ("  09 June 2016 ", Day(2016, 6, 9)),
])
def test_layouts(text: str, expected: Day) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "", "June 31 2016", "2016-02-30", "2016-13-01", "31 Juin 2016", "yesterday", "2016",
    "12345", "1 2 3 4", "00 June 2016", "2016-07", "June 2016",
    "\u00b2" * 8, "\u00b2\u00b2\u00b2\u00b2-01-01",
])
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_a_year_column_decides_the_century_of_a_two_digit_year() -> None:
    assert parse_date("9-May-20", 1920) == Day(1920, 5, 9)
    assert parse_date("9-May-20", 2020) == Day(2020, 5, 9)
    assert parse_date("9-May-20", 1999) == Day(2020, 5, 9)  # no match: the pivot


def test_each_string_is_parsed_once() -> None:
    from model.importers.datetext import _parse_cached, cache_clear

    cache_clear()
    for _ in range(100):
        parse_date("21 March 2020")
    info = _parse_cached.cache_info()
    assert info.misses == 1 and info.hits == 99


days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
recent = st.dates(min_value=dt.date(1969, 1, 1), max_value=dt.date(2068, 12, 31))


def _four(day: dt.date) -> str:
    return f"{day.year:04d}"


@given(days)
def test_iso_round_trip(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == Day.of(day)


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)),
       st.sampled_from(["{d:02d} {M} {y}", "{d} {M} {y}", "{d:02d}-{M}-{y}", "{d}-{m3}-{y}",
                        "{M} {d}, {y}", "{y}{mm:02d}{d:02d}", "{y}/{mm:02d}/{d:02d}"]))
def test_text_layouts_round_trip(day: dt.date, layout: str) -> None:
    month = MONTHS[day.month - 1]
    text = layout.format(d=day.day, M=month, m3=month[:3], y=_four(day), mm=day.month)
    assert parse_date(text) == Day.of(day)


@given(recent, st.booleans())
def test_spreadsheet_two_digit_years_round_trip(day: dt.date, upper: bool) -> None:
    month = MONTHS[day.month - 1][:3]
    text = f"{day.day}-{month.upper() if upper else month}-{day.year % 100:02d}"
    assert parse_date(text) == Day.of(day)
    assert parse_date(text, day.year) == Day.of(day)


@given(st.text(max_size=30))
def test_never_raises(text: str) -> None:
    result = parse_date(text)
    assert result is None or isinstance(result, Day)


@pytest.mark.parametrize(("text", "expected"), [
    ("-0005-03-15", Day(-5, 3, 15)), ("0000-01-01", Day(0, 1, 1)),
    ("+12000-01-01", Day(12000, 1, 1)),
])
def test_the_expanded_form_dateline_writes_is_read(text: str, expected: Day) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["12000-01-01", "-13800000000", "0000-02-30", "-0001-02-29"])
def test_other_years_are_not_guessed(text: str) -> None:
    assert parse_date(text) is None
