"""Typed dates across all of history: years with an era ("6 bce", "ad 75", "15 mar 44 bc"),
ISO 8601's signed years ("-0005-03-15", "-13800000000"), figures of years ("13.8e9bce", every
year that rounds to it); in the prompt and in a query's date terms, written back by `written`
as text that reads as the same days, and in the help's examples for a BCE or cosmological
file."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from model.dataset import DatasetInfo
from model.dates import DatePrecision, DateSpan
from model.days import DAY_YEARS, MAX_DAY, MIN_DAY, YEAR_LIMIT, Day
from model.event import Actor, Certainty, Event
from model.kinds import EventKind
from model.query import DateMode, DateTerm, Query, QueryError, parse
from model.query_dates import written
from model.query_examples import date_forms, examples_of, filter_placeholder, query_examples
from model.query_tokens import Lexer
from model.store import EventStore
from model.userdates import (
    UserDateError,
    parse_free_date,
    parse_jump_date,
    parse_relative_date,
    parse_user_date,
    rounded_year_typed,
    year_typed,
)

TODAY = dt.date(2016, 6, 10)
OLDEST = -13_800_000_000
years = st.integers(OLDEST, 9999)
day_years = st.integers(DAY_YEARS[0], DAY_YEARS[-1])


def q(text: str) -> Query:
    query = parse(text, today=TODAY)
    assert isinstance(query, Query), query
    return query


def year(first: int, last: int | None = None) -> DateSpan:
    return DateSpan(Day.first_of(first), Day.last_of(first if last is None else last),
                    DatePrecision.YEAR)


# -- the forms read ------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("6bce", year(-5)),
    ("6 BCE", year(-5)),
    ("6 Bc", year(-5)),
    ("500bc", year(-499)),
    ("44 b.c.", year(-43)),
    ("1 bce", year(0)),
    ("75ce", year(75)),
    ("75 ad", year(75)),
    ("AD 75", year(75)),
    ("ad75", year(75)),
    ("12000bce", year(-11999)),
    ("12,000 BCE", year(-11999)),
    ("13800000000bce", year(1 - 13_800_000_000)),  # a count in full is that year
    ("2016", year(2016)),
    ("0000", year(0)),
    ("-3500", year(-3500)),
    ("-13800000000", year(-13_800_000_000)),
    ("+12000", year(12000)),
    ("-0005-03-15", DateSpan.day(Day(-5, 3, 15))),
    ("0000-02-29", DateSpan.day(Day(0, 2, 29))),  # 1 BCE is a leap year
    ("-0005-03", DateSpan.month(-5, 3)),
    ("-9999-01", DateSpan.month(-9999, 1)),
    ("3 mar 500 bce", DateSpan.day(Day(-499, 3, 3))),
    ("march 500 bce", DateSpan.month(-499, 3)),
    ("15 Mar 6 BCE", DateSpan.day(Day(-5, 3, 15))),
    ("March 15, 44 BC", DateSpan.day(Day(-43, 3, 15))),
    ("15th march 44 bc", DateSpan.day(Day(-43, 3, 15))),
    ("9 june ad 2016", DateSpan.day(Day(2016, 6, 9))),
    ("13.8e9bce", year(1 - 13_849_999_999, 1 - 13_750_000_000)),
    ("4.54e9 bce", year(1 - 4_544_999_999, 1 - 4_535_000_000)),
    ("1e6ce", year(500_000, 1_499_999)),
    ("65 million bce", year(1 - 65_499_999, 1 - 64_500_000)),
    ("13.8 billion years ago", year(-13_849_999_999, -13_750_000_000)),  # as year_words says
    ("1e11bce", year(-YEAR_LIMIT, 1 - 50_000_000_000)),  # a figure past the limit is cut there
    # Today's forms are read as before.
    ("2016-06", DateSpan.month(2016, 6)),
    ("2016-06-09", DateSpan.day(Day(2016, 6, 9))),
    ("9 June 2016", DateSpan.day(Day(2016, 6, 9))),
    ("June 2016", DateSpan.month(2016, 6)),
])
def test_each_form_is_read(typed: str, expected: DateSpan) -> None:
    assert parse_user_date(typed) == expected
    assert parse_free_date(typed, around=TODAY) == expected


@pytest.mark.parametrize(("typed", "message"), [
    ("5000000000000bce", "is beyond \u00b1100,000,000,000 years"),
    ("-200000000000", "is beyond \u00b1100,000,000,000 years"),
    ("1e12 bce", "is beyond \u00b1100,000,000,000 years"),
    ("3 mar 20000 bce", "days and months are held for years -9999..9999 (10,000 BCE to 9999); "
                        "give the year alone (20000bce)"),
    ("march 20000 bce", "days and months are held for years -9999..9999"),
    ("+12000-01-01", "days and months are held for years -9999..9999"),
    ("-10000-12", "days and months are held for years -9999..9999"),
    ("13.8e9", "a figure of years needs an era: 13.8e9bce or 13.8e9ce"),
    ("-13.8e9", "a figure of years needs an era"),
    ("4.54 billion", "a figure of years needs an era: 4.54billionbce"),
    ("12000", "a year of more than four digits needs an era or a sign (12000ce or +12000; "
              "12000bce, which ISO 8601 signs -11999)"),
    ("-1", "a signed year has four digits or more, as ISO 8601 writes it (-0001 is 2 BCE); a "
           "relative date is like -1w or +2d"),
    ("-5-03", "a signed year has four digits or more"),
    ("12000-01", "a year of other than four digits needs a sign"),
    ("0 bce", "there is no year 0 BCE"),
    ("ad 0", "there is no year 0 AD"),
    ("1.5 bce", "names no whole year"),
    ("3 mar 4.4e1 bc", "a day or a month needs its year in full"),
    ("30 feb 500 bce", "does not exist in 500 BCE"),
    ("-0005-02-30", "is not a day of the calendar"),
    ("-0005-13", "is not a month"),
    ("100000 years ago", "years ago are counted from year 0 as a figure of a million"),
    ("15 mrch 6 bce", "is not a date I can read (with an era: 500 bce, 15 mar 44 bc"),
])
def test_a_form_that_cannot_be_held_says_why(typed: str, message: str) -> None:
    with pytest.raises(UserDateError) as caught:
        parse_free_date(typed, around=TODAY)
    assert message in str(caught.value)


# -- era years and figures: properties -------------------------------------------------------


def _era_texts(y: int) -> list[str]:
    """The ways of typing year `y` with an era, and ISO 8601's signed year."""
    iso = f"{'-' if y < 0 else ''}{abs(y):04d}"
    if y <= 0:
        return [f"{1 - y}bce", f"{1 - y} BCE", f"{1 - y} bc", f"{1 - y:,} B.C.", iso]
    return [f"{y}ce", f"{y} AD", f"ad {y}", f"AD{y}", f"{y:,} C.E.",
            iso if y <= 9999 else f"+{y}"]


@settings(max_examples=300, deadline=None)
@given(st.integers(-YEAR_LIMIT, YEAR_LIMIT))
def test_an_era_year_reads_as_that_year(y: int) -> None:
    for text in _era_texts(y):
        assert parse_user_date(text) == DateSpan.year(y), text
    assert parse_user_date(year_typed(y)) == DateSpan.year(y)


@settings(max_examples=300, deadline=None)
@given(day_years, st.integers(1, 12), st.integers(1, 31))
def test_a_day_with_an_era_reads_as_that_day(y: int, month: int, day: int) -> None:
    names = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    try:
        expected = Day(y, month, day)
    except ValueError:
        return
    era = f"{1 - y} bce" if y <= 0 else f"{y} ce"
    assert parse_user_date(f"{day} {names[month - 1]} {era}") == DateSpan.day(expected)
    assert parse_user_date(f"{names[month - 1]} {day}, {era}") == DateSpan.day(expected)
    assert parse_user_date(f"{names[month - 1]} {era}") == DateSpan.month(y, month)
    assert parse_user_date(expected.isoformat()) == DateSpan.day(expected)


def _rounds_to(count: int, mantissa: str, exponent: int) -> bool:
    """Whether `count` rounds to mantissa×10^exponent at the digits the mantissa gives."""
    value = Decimal(mantissa).scaleb(exponent)
    places = len(mantissa.partition(".")[2])
    unit = Decimal(1).scaleb(exponent - places)
    return (Decimal(count) / unit).quantize(Decimal(1), ROUND_HALF_UP) * unit == value


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 999), st.integers(0, 2), st.integers(2, 10), st.booleans())
def test_a_figure_is_every_year_that_rounds_to_it(digits: int, places: int, exponent: int,
                                                  bce: bool) -> None:
    assume(digits * 10 ** (exponent - places) <= 6 * 10**10)  # all of it inside the limit
    text = str(digits).rjust(places + 1, "0")
    mantissa = f"{text[:-places]}.{text[-places:]}" if places else text
    span = parse_user_date(f"{mantissa}e{exponent}{'bce' if bce else 'ce'}")
    first, last = span.earliest.year, span.latest.year
    assert span.precision is DatePrecision.YEAR
    assert (span.earliest, span.latest) == (Day.first_of(first), Day.last_of(last))
    counts = (1 - last, 1 - first) if bce else (first, last)  # fewest years first
    low, high = counts
    assert _rounds_to(low, mantissa, exponent) and _rounds_to(high, mantissa, exponent)
    assert low == 1 or not _rounds_to(low - 1, mantissa, exponent)
    assert not _rounds_to(high + 1, mantissa, exponent)


@settings(max_examples=300, deadline=None)
@given(st.integers(OLDEST, 10**10))
def test_a_rounded_year_reads_back_as_years_around_it(y: int) -> None:
    text = rounded_year_typed(y)
    span = parse_user_date(text)
    assert span.earliest.year <= y <= span.latest.year, text


# -- written: the days a term stands for, read back ------------------------------------------


def _asked(term: DateTerm) -> tuple[Day, ...]:
    """The days a date term compares with (`after:` the last, `before:` the first)."""
    if term.mode is DateMode.AFTER:
        return (term.latest,)
    if term.mode is DateMode.BEFORE:
        return (term.earliest,)
    return (term.earliest, term.latest)


def _reads_back(term: DateTerm) -> str:
    text = written(term)
    tokens = Lexer(f"{term.mode.value}:{text}").tokens()  # one bare value, spliced as it is
    assert len(tokens) == 1 and tokens[0].value == text, text
    read = q(f"{term.mode.value}:{text}").root
    assert isinstance(read, DateTerm) and _asked(read) == _asked(term), (text, read)
    return text


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(list(DateMode)), years, st.integers(0, 10**10), st.booleans(),
       st.booleans())
def test_written_years_read_back_as_the_same_days(mode: DateMode, first: int, length: int,
                                                  open_start: bool, open_end: bool) -> None:
    last = min(first + length, 9999)
    earliest = MIN_DAY if open_start else Day.first_of(first)
    latest = MAX_DAY if open_end else Day.last_of(last)
    _reads_back(DateTerm(mode, earliest, latest))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(list(DateMode)), day_years, st.integers(1, 366), st.integers(0, 4000),
       st.booleans())
def test_written_days_read_back_as_the_same_days(mode: DateMode, y: int, day_of_year: int,
                                                 length: int, open_start: bool) -> None:
    first = min(Day.first_of(y) + dt.timedelta(days=day_of_year - 1), Day.last_of(y))
    last = min(first + dt.timedelta(days=length), Day.last_of(9999))
    _reads_back(DateTerm(mode, MIN_DAY if open_start else first, last))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(list(DateMode)), day_years, st.integers(1, 12), st.integers(0, 30))
def test_written_months_read_back_as_the_same_days(mode: DateMode, y: int, month: int,
                                                   months: int) -> None:
    first = DateSpan.month(y, month)
    end = min(y * 12 + month - 1 + months, 9999 * 12 + 11)
    last = DateSpan.month(end // 12, end % 12 + 1)
    _reads_back(DateTerm(mode, first.earliest, last.latest))


@pytest.mark.parametrize(("term", "text"), [
    (DateTerm(DateMode.OVERLAP, Day(-5, 1, 1), Day(-5, 12, 31)), "6bce"),
    (DateTerm(DateMode.OVERLAP, Day(0, 1, 1), Day(0, 12, 31)), "1bce"),
    (DateTerm(DateMode.OVERLAP, Day(-5, 3, 15), Day(-5, 3, 15)), "-0005-03-15"),
    (DateTerm(DateMode.OVERLAP, Day(-5, 3, 1), Day(-5, 3, 31)), "-0005-03"),
    (DateTerm(DateMode.OVERLAP, Day(-499, 1, 1), Day(-399, 12, 31)), "500bce..400bce"),
    (DateTerm(DateMode.OVERLAP, Day(-499, 3, 3), Day(-399, 12, 31)), "-0499-03-03..400bce"),
    (DateTerm(DateMode.OVERLAP, Day.first_of(-13_849_999_998), Day.last_of(-13_749_999_999)),
     "13849999999bce..13750000000bce"),
    (DateTerm(DateMode.AFTER, Day.first_of(-13_849_999_998), Day.last_of(-13_749_999_999)),
     "13750000000bce"),
    (DateTerm(DateMode.OVERLAP, Day.first_of(12000), Day.last_of(12000)), "12000ce"),
    (DateTerm(DateMode.OVERLAP, MIN_DAY, Day.last_of(-3000)), "..3001bce"),
    (DateTerm(DateMode.OVERLAP, Day(2016, 6, 1), MAX_DAY), "2016-06-01.."),
    (DateTerm(DateMode.OVERLAP, MIN_DAY, MAX_DAY), "100000000001bce.."),
    # Years 1..9999 as before.
    (DateTerm(DateMode.OVERLAP, Day(2016, 6, 9), Day(2016, 6, 9)), "2016-06-09"),
    (DateTerm(DateMode.OVERLAP, Day(2016, 1, 1), Day(2016, 12, 31)), "2016"),
    (DateTerm(DateMode.OVERLAP, Day(75, 1, 1), Day(75, 12, 31)), "0075"),
])
def test_what_written_writes(term: DateTerm, text: str) -> None:
    assert written(term) == text
    assert _reads_back(term) == text


# -- in a query --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "term"), [
    ("date:6bce", DateTerm(DateMode.OVERLAP, Day(-5, 1, 1), Day(-5, 12, 31))),
    ("date:500bce..400bce", DateTerm(DateMode.OVERLAP, Day(-499, 1, 1), Day(-399, 12, 31))),
    ("after:3000bce", DateTerm(DateMode.AFTER, Day(-2999, 1, 1), Day(-2999, 12, 31))),
    ("within:1911", DateTerm(DateMode.WITHIN, Day(1911, 1, 1), Day(1911, 12, 31))),
    ('date:"-13800000000"', DateTerm(DateMode.OVERLAP, Day.first_of(OLDEST),
                                     Day.last_of(OLDEST))),
    ("date:-13800000000", DateTerm(DateMode.OVERLAP, Day.first_of(OLDEST),
                                   Day.last_of(OLDEST))),
    ("date:13.8e9bce", DateTerm(DateMode.OVERLAP, Day.first_of(1 - 13_849_999_999),
                                Day.last_of(1 - 13_750_000_000))),
    ('date:"4.54e9 bce"', DateTerm(DateMode.OVERLAP, Day.first_of(1 - 4_544_999_999),
                                   Day.last_of(1 - 4_535_000_000))),
    ("date:-0005-03-15", DateTerm(DateMode.OVERLAP, Day(-5, 3, 15), Day(-5, 3, 15))),
    ("date:-0005-03..-0004", DateTerm(DateMode.OVERLAP, Day(-5, 3, 1), Day(-4, 12, 31))),
    ('date:"15 Mar 44 BC"', DateTerm(DateMode.OVERLAP, Day(-43, 3, 15), Day(-43, 3, 15))),
    ('date:"44 b.c...40 b.c."', DateTerm(DateMode.OVERLAP, Day(-43, 1, 1), Day(-39, 12, 31))),
    ("before:ad75", DateTerm(DateMode.BEFORE, Day(75, 1, 1), Day(75, 12, 31))),
    ("date:..3000bce", DateTerm(DateMode.OVERLAP, MIN_DAY, Day(-2999, 12, 31))),
])
def test_a_historical_date_term(text: str, term: DateTerm) -> None:
    query = q(text)
    assert query.root == term
    assert query.text == text  # an absolute date is kept as typed


@pytest.mark.parametrize(("text", "applied"), [
    ('date:"500bce..yesterday"', "date:500bce..2016-06-09"),
    ('date:"15 mar 44 bc..last week"', "date:-0043-03-15..2016-06-05"),
    ('within:"13.8e9bce..this month" kind:clash', "within:13849999999bce..2016-06-30 kind:clash"),
])
def test_a_range_from_before_year_1_to_a_relative_date_is_written_as_its_days(
        text: str, applied: str) -> None:
    query = q(text)
    assert query.text == applied
    assert q(applied).root == query.root


@pytest.mark.parametrize(("text", "caret", "message"), [
    ("date:5000000000000bce", "     ^^^^^^^^^^^^^^^^", "is beyond \u00b1100,000,000,000"),
    ('date:"3 mar 20000 bce"', "      ^^^^^^^^^^^^^^^",
     "days and months are held for years -9999..9999"),
    ("date:13.8e9", "     ^^^^^^", "a figure of years needs an era: 13.8e9bce or 13.8e9ce"),
    ("date:500bce..13.8e9", "             ^^^^^^", "a figure of years needs an era"),
    ("date:400bce..500bce", "     ^^^^^^^^^^^^^^", "this range ends before it starts"),
    ("after:500bce..400bce", "      ^^^^^^^^^^^^^^", "'after:' takes one date, not a range"),
])
def test_a_historical_date_that_cannot_be_read_has_a_caret(text: str, caret: str,
                                                           message: str) -> None:
    error = parse(text, today=TODAY)
    assert isinstance(error, QueryError)
    assert message in error.message
    assert error.caret().splitlines()[1] == caret


def _event(id: str, span: DateSpan) -> Event:
    return Event(id, f"The {id} event", EventKind.CLASH, span, Certainty.REPORTED,
                 actors=(Actor("Romans"),))


BCE_EVENTS = [
    _event("ides", DateSpan.day(Day(-43, 3, 15))),
    _event("marathon", DateSpan.month(-489, 9)),
    _event("wheel", DateSpan.year(-3500)),
    _event("dynasty", year(-2999, -2899)),  # 3000-2900 BCE
    _event("sapiens", DateSpan.year(-315_000)),
    _event("bang", DateSpan.year(OLDEST)),
    _event("dark-ages", DateSpan.year(-13_799_630_000)),
    _event("sun", DateSpan.year(-4_600_000_000)),
    _event("modern", DateSpan.day(Day(1911, 10, 10))),
]


@pytest.fixture(scope="module")
def history() -> EventStore:
    return EventStore.from_events(BCE_EVENTS, DatasetInfo(title="All of history"))


@pytest.mark.parametrize(("text", "ids"), [
    ("date:44bc", ["ides"]),
    ('date:"15 mar 44 bc"', ["ides"]),
    ("date:-0043-03", ["ides"]),
    ("date:490bce", ["marathon"]),
    ("date:3000bce", ["dynasty"]),
    ("within:3000bce..2950bce", []),
    ("within:3000bce..2900bce", ["dynasty"]),
    ("date:-3500", ["wheel"]),
    ('date:"-13800000000"', ["bang"]),
    ("date:13.8e9bce", ["bang", "dark-ages"]),
    ("date:4.6e9bce", ["sun"]),
    ("date:315001bce", ["sapiens"]),
    ("before:1e9bce", ["bang", "dark-ages", "sun"]),
    ("after:1bce", ["modern"]),
    ("within:1911", ["modern"]),
])
def test_historical_queries_find_their_events(history: EventStore, text: str,
                                              ids: list[str]) -> None:
    assert sorted(e.id for e in history.iter_events(q(text))) == sorted(ids)


# -- relative dates from a day before year 1 -------------------------------------------------


@pytest.mark.parametrize(("typed", "around", "expected"), [
    ("+2d", Day(-499, 3, 3), Day(-499, 3, 5)),
    ("-1w", Day(-499, 3, 3), Day(-499, 2, 24)),
    ("yesterday", Day(1, 1, 1), Day(0, 12, 31)),  # 31 December 1 BCE
    ("next month", Day(-43, 3, 15), Day(-43, 4, 1)),
    ("+1m", Day(-500, 1, 31), Day(-500, 2, 28)),  # the month's last day, as relativedelta
    ("-1y", Day(-4, 2, 29), Day(-5, 2, 28)),
    ("last week", Day(-43, 3, 15), Day(-43, 3, 4)),  # from a Friday: the Monday before last
    ("next year", Day.first_of(OLDEST), Day.first_of(OLDEST + 1)),  # years count from any
    ("today", Day.first_of(OLDEST), Day.first_of(OLDEST)),
    ("500 bce", Day(2016, 6, 9), Day(-499, 1, 1)),
])
def test_going_to_a_date_from_before_year_1(typed: str, around: Day, expected: Day) -> None:
    assert parse_jump_date(typed, around=around, default_year=around.year) == expected


def test_a_day_without_its_year_takes_the_file_s_year_before_year_1_too() -> None:
    assert parse_jump_date("9 jun", around=Day(-5, 1, 1), default_year=-5) == Day(-5, 6, 9)
    with pytest.raises(UserDateError, match="known to the year only"):
        parse_jump_date("9 jun", around=Day.first_of(OLDEST), default_year=OLDEST)


@pytest.mark.parametrize(("typed", "around", "message"), [
    ("+2d", Day.first_of(OLDEST), "'+2d' counts from 13.8 billion years ago, a date known to "
                                  "the year only"),
    ("this month", Day.first_of(OLDEST), "a date known to the year only"),
    ("yesterday", Day(-9999, 1, 1), "'yesterday' goes outside the calendar held to the day, "
                                    "counted from 1 Jan 10,000 BCE"),
    ("tomorrow", Day(9999, 12, 31), "goes outside the calendar held to the day"),
])
def test_a_relative_date_beyond_the_days_held_says_why(typed: str, around: Day,
                                                       message: str) -> None:
    with pytest.raises(UserDateError) as caught:
        parse_relative_date(typed, around=around)
    assert message in str(caught.value)


# -- the help's examples for a BCE or cosmological file -------------------------------------


def _terms(form: str) -> list[str]:
    """The query terms a date form of the help stands for (a bare value is a `date:`)."""
    return [part if ":" in part else f"date:{part}" for part in form.split("  ")]


@pytest.mark.parametrize("events", [
    [e for e in BCE_EVENTS if e.id == "ides"],
    [e for e in BCE_EVENTS if e.id == "marathon"],
    [e for e in BCE_EVENTS if e.id == "bang"],
    [e for e in BCE_EVENTS if e.id == "sapiens"],
    [e for e in BCE_EVENTS if e.id == "modern"],
], ids=["44 BCE", "490 BCE", "13.8 billion years ago", "315,001 BCE", "1911"])
def test_the_examples_of_a_historical_file_parse_and_find_it(events: list[Event]) -> None:
    store = EventStore.from_events(events, DatasetInfo(title="examples"))
    examples = examples_of(events)
    assert examples is not None
    for form, meaning in date_forms(examples):
        assert meaning
        for term in _terms(form):
            assert isinstance(q(term).root, DateTerm), term
    for text, _ in query_examples(examples):
        assert store.count(q(text)) > 0 or "yesterday" in text, text
    for term in filter_placeholder(examples).removeprefix("/ to filter: ").split(", "):
        assert store.count(q(term)) > 0 or "last week" in term, term


def test_the_examples_of_a_cosmological_file() -> None:
    examples = examples_of([e for e in BCE_EVENTS if e.id == "bang"])
    assert examples is not None
    assert [form for form, _ in date_forms(examples)][:4] == [
        "13.8e9bce", "13800000001bce", "-13800000000", "13.8e9bce.."]
    assert date_forms(examples)[0][1] == (
        "about 13.8 billion years ago: every year that rounds to 13.8e9bce")
    assert "date:13.8e9bce" in filter_placeholder(examples)


def test_the_examples_of_a_bce_file() -> None:
    examples = examples_of([e for e in BCE_EVENTS if e.id == "ides"])
    assert examples is not None
    assert [form for form, _ in date_forms(examples)][:6] == [
        "44bce", "-0043", "-0043-03", "-0043-03-15", '"15 March 44 BCE"',
        "-0043-03-01..-0043-03-15"]
    assert date_forms(examples)[3][1] == "15 Mar 44 BCE"
    assert "date:44bce" in filter_placeholder(examples)
