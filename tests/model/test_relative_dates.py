"""Relative dates ("yesterday", "3 days ago", "last week", "+2d"): one reading for going to a
date (`t`) and for a query's date terms; in a query they count from the `today` given, and
the query's text then holds the days they stood for, so a view reopens as it was saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from dateline_strategies import queries
from hypothesis import given, settings
from hypothesis import strategies as st

from model.dates import DatePrecision, DateSpan
from model.days import MIN_DAY, Day
from model.loading import open_path
from model.query import DateMode, DateTerm, Query, QueryError, parse
from model.query_dates import written
from model.store import EventStore
from model.userdates import (
    RELATIVE_FORMS,
    UserDateError,
    parse_free_date,
    parse_jump_date,
    parse_relative_date,
)
from model.views import write_view

D = dt.date
FRIDAY = D(2016, 6, 10)  # the Sirte dataset's reference date: "today" in these tests
NOW = dt.datetime(2016, 6, 10, 12, 0, tzinfo=dt.timezone.utc)
days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9000, 12, 31))


def q(text: str, today: dt.date = FRIDAY) -> Query:
    query = parse(text, today=today)
    assert isinstance(query, Query), query
    return query


# -- the one reading: every relative form --------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("today", DateSpan.day(Day.of(FRIDAY))),
    ("yesterday", DateSpan.day(Day(2016, 6, 9))),
    ("Tomorrow", DateSpan.day(Day(2016, 6, 11))),
    ("3 days ago", DateSpan.day(Day(2016, 6, 7))),
    ("1 day ago", DateSpan.day(Day(2016, 6, 9))),
    ("a week ago", DateSpan.day(Day(2016, 6, 3))),
    ("2 months ago", DateSpan.day(Day(2016, 4, 10))),
    ("1 year ago", DateSpan.day(Day(2015, 6, 10))),
    ("in 2 weeks", DateSpan.day(Day(2016, 6, 24))),
    ("in  1   month", DateSpan.day(Day(2016, 7, 10))),
    ("+2d", DateSpan.day(Day(2016, 6, 12))),
    ("-1w", DateSpan.day(Day(2016, 6, 3))),
    ("last thursday", DateSpan.day(Day(2016, 6, 9))),
    ("next friday", DateSpan.day(Day(2016, 6, 17))),
    ("this week", DateSpan(Day(2016, 6, 6), Day(2016, 6, 12), DatePrecision.WEEK)),
    ("last week", DateSpan(Day(2016, 5, 30), Day(2016, 6, 5), DatePrecision.WEEK)),
    ("Previous Week", DateSpan(Day(2016, 5, 30), Day(2016, 6, 5), DatePrecision.WEEK)),
    ("next week", DateSpan(Day(2016, 6, 13), Day(2016, 6, 19), DatePrecision.WEEK)),
    ("this month", DateSpan.month(2016, 6)),
    ("last month", DateSpan.month(2016, 5)),
    ("next month", DateSpan.month(2016, 7)),
    ("this year", DateSpan.year(2016)),
    ("last year", DateSpan.year(2015)),
    ("next year", DateSpan.year(2017)),
])
def test_each_relative_form(typed: str, expected: DateSpan) -> None:
    assert parse_relative_date(typed, around=FRIDAY) == expected
    assert parse_free_date(typed, around=FRIDAY) == expected


@pytest.mark.parametrize("form", RELATIVE_FORMS)
def test_the_forms_the_help_shows_are_read(form: str) -> None:
    assert parse_relative_date(form, around=FRIDAY) is not None


@pytest.mark.parametrize("typed", ["2016", "2016-06", "9 June 2016", "banana", "", "+2x",
                                   "3 days", "last fortnight", "+\u0662d"])
def test_what_is_not_relative_is_none(typed: str) -> None:
    assert parse_relative_date(typed, around=FRIDAY) is None


@pytest.mark.parametrize(("typed", "message"), [
    ("3 dayz ago", "'3 dayz ago' is not a date I can read (relative dates are like "
                   "yesterday, 3 days ago, last week, next thursday, +2d)"),
    ("last fortnight", "'last fortnight' is not a date I can read (relative dates are like"),
    ("+99999y", "'+99999y' goes outside the calendar"),
    ("banana", "'banana' is not a date I can read"),
])
def test_a_date_that_cannot_be_read_says_why(typed: str, message: str) -> None:
    with pytest.raises(UserDateError) as caught:
        parse_free_date(typed, around=FRIDAY)
    assert str(caught.value).startswith(message)
    if "relative" not in message:
        assert "relative" not in str(caught.value)


@pytest.mark.parametrize(("typed", "around"), [
    ("tomorrow", D(9999, 12, 31)), ("next month", D(9999, 12, 1)),
    ("99999 years ago", FRIDAY),
])
def test_the_edges_of_the_calendar_are_refused(typed: str, around: dt.date) -> None:
    with pytest.raises(UserDateError, match="goes outside the calendar"):
        parse_relative_date(typed, around=around)


@pytest.mark.parametrize(("typed", "expected"), [
    ("yesterday", D(2016, 6, 9)),
    ("3 days ago", D(2016, 6, 7)),
    ("last week", D(2016, 5, 30)),  # a week, a month or a year: its first day
    ("next month", D(2016, 7, 1)),
    ("reference", FRIDAY),
])
def test_going_to_a_date_reads_the_same_forms(typed: str, expected: dt.date) -> None:
    assert parse_jump_date(typed, around=Day.of(FRIDAY), default_year=2016) == Day.of(expected)


@settings(max_examples=200, deadline=None)
@given(days, st.integers(0, 3000))
def test_ago_and_in_are_days_either_side(today: dt.date, n: int) -> None:
    assert parse_relative_date(f"{n} days ago", around=today) == DateSpan.day(
        Day.of(today - dt.timedelta(days=n)))
    assert parse_relative_date(f"in {n} days", around=today) == DateSpan.day(
        Day.of(today + dt.timedelta(days=n)))
    assert parse_relative_date(f"-{n}d", around=today) == parse_relative_date(
        f"{n} days ago", around=today)


@settings(max_examples=200, deadline=None)
@given(days)
def test_periods_are_calendar_weeks_months_and_years_around_today(today: dt.date) -> None:
    this_week = parse_relative_date("this week", around=today)
    last_week = parse_relative_date("last week", around=today)
    assert this_week is not None and last_week is not None
    assert this_week.earliest.weekday() == 0 and this_week.days == 7
    assert this_week.earliest <= Day.of(today) <= this_week.latest
    assert last_week.latest + dt.timedelta(days=1) == this_week.earliest
    this_month = parse_relative_date("this month", around=today)
    last_month = parse_relative_date("last month", around=today)
    assert this_month == DateSpan.month(today.year, today.month)
    assert last_month is not None and last_month.latest + dt.timedelta(days=1) == \
        this_month.earliest
    assert parse_relative_date("this year", around=today) == DateSpan.year(today.year)


# -- in a query: counted from today, written as days ---------------------------------------


@pytest.mark.parametrize(("typed", "term", "text"), [
    ("date:yesterday", DateTerm(DateMode.OVERLAP, Day(2016, 6, 9), Day(2016, 6, 9)),
     "date:2016-06-09"),
    ('after:"last week"', DateTerm(DateMode.AFTER, Day(2016, 5, 30), Day(2016, 6, 5)),
     "after:2016-06-05"),
    ('before:"3 days ago"', DateTerm(DateMode.BEFORE, Day(2016, 6, 7), Day(2016, 6, 7)),
     "before:2016-06-07"),
    ('within:"this month"', DateTerm(DateMode.WITHIN, Day(2016, 6, 1), Day(2016, 6, 30)),
     "within:2016-06"),
    ('date:"last week"', DateTerm(DateMode.OVERLAP, Day(2016, 5, 30), Day(2016, 6, 5)),
     "date:2016-05-30..2016-06-05"),
    ('date:"3 days ago..today"', DateTerm(DateMode.OVERLAP, Day(2016, 6, 7), Day.of(FRIDAY)),
     "date:2016-06-07..2016-06-10"),
    ("date:..yesterday", DateTerm(DateMode.OVERLAP, MIN_DAY, Day(2016, 6, 9)), "date:..2016-06-09"),
    ("date:2016-06..yesterday", DateTerm(DateMode.OVERLAP, Day(2016, 6, 1), Day(2016, 6, 9)),
     "date:2016-06-01..2016-06-09"),
    ('DATE:"last year"', DateTerm(DateMode.OVERLAP, Day(2015, 1, 1), Day(2015, 12, 31)),
     "DATE:2015"),
    ("date:-1w", DateTerm(DateMode.OVERLAP, Day(2016, 6, 3), Day(2016, 6, 3)), "date:2016-06-03"),
    ("date:2016-06", DateTerm(DateMode.OVERLAP, Day(2016, 6, 1), Day(2016, 6, 30)), "date:2016-06"),
])
def test_a_relative_date_term_counts_from_today(typed: str, term: DateTerm, text: str) -> None:
    query = q(typed)
    assert query.root == term
    assert query.text == text


def test_only_the_relative_dates_are_rewritten() -> None:
    query = q('kind:capture -date:yesterday ("Sirte"  or  after:"last week")')
    assert query.text == 'kind:capture -date:2016-06-09 ("Sirte"  or  after:2016-06-05)'


@pytest.mark.parametrize(("text", "caret", "message"), [
    ('date:"3 dayz ago"', '      ^^^^^^^^^^', "'3 dayz ago' is not a date I can read "
                                               "(relative dates are like yesterday,"),
    ("date:+99999y", "     ^^^^^^^", "'+99999y' goes outside the calendar"),
    ('after:"last week..today"', "       ^^^^^^^^^^^^^^^^", "'after:' takes one date, not a "
                                                           "range"),
    ('date:"today..last week"', "      ^^^^^^^^^^^^^^^^", "this range ends before it starts"),
    ("kind:capture date:yesterdy", "                  ^^^^^^^^",
     "'yesterdy' is not a date I can read"),
])
def test_a_relative_date_error_has_a_caret(text: str, caret: str, message: str) -> None:
    error = parse(text, today=FRIDAY)
    assert isinstance(error, QueryError)
    assert error.caret().splitlines()[1] == caret
    assert error.message.startswith(message)


def test_rewritten_past_the_length_limit_is_refused() -> None:
    text = " ".join(["date:today"] * 199)  # 2,188 characters, 3,183 once written as days
    assert isinstance(parse(text, today=FRIDAY), Query)
    padded = text + " " + "x" * (4000 - len(text) - 1)
    error = parse(padded, today=FRIDAY)
    assert isinstance(error, QueryError) and "written as days" in error.message


@pytest.mark.parametrize(("text", "same_as"), [
    ("date:yesterday", "date:2016-06-09"),
    ("date:today", "date:2016-06-10"),
    ('before:"last week"', "before:2016-05-30"),
    ('date:"this month"', "date:2016-06"),
    ('after:"2 days ago" kind:forecast', "liberation-forecast"),
])
def test_relative_queries_on_the_sirte_dataset(sirte_store: EventStore, text: str,
                                               same_as: str) -> None:
    ids = [e.id for e in sirte_store.iter_events(q(text))]
    if ":" in same_as:
        assert ids == [e.id for e in sirte_store.iter_events(q(same_as))] and ids
    else:
        assert ids == [same_as]


# -- round trips ------------------------------------------------------------------------------

modes = st.sampled_from(["date", "within", "after", "before"])
forms = st.sampled_from(RELATIVE_FORMS + ("2 weeks ago", "in 3 months", "last year",
                                          "next week", "previous month"))


def _asked(term: DateTerm) -> tuple[dt.date, ...]:
    """The days a date term compares with (`after:` the last, `before:` the first)."""
    if term.mode is DateMode.AFTER:
        return (term.latest,)
    if term.mode is DateMode.BEFORE:
        return (term.earliest,)
    return (term.earliest, term.latest)


@settings(max_examples=300, deadline=None)
@given(modes, forms, days, days)
def test_the_written_query_means_the_same_days_whenever_it_is_read(
        mode: str, form: str, today: dt.date, later: dt.date) -> None:
    first = q(f'{mode}:"{form}"', today)
    again = q(first.text, later)  # the text no longer depends on the day it is read
    assert isinstance(first.root, DateTerm) and isinstance(again.root, DateTerm)
    assert _asked(again.root) == _asked(first.root)
    assert again.text == first.text


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(list(DateMode)), days, st.integers(0, 400))
def test_written_reads_back_as_the_same_days(mode: DateMode, first: dt.date, length: int
                                             ) -> None:
    last = min(first + dt.timedelta(days=length), D(9000, 12, 31))
    term = DateTerm(mode, Day.of(first), Day.of(last))
    read = q(f"{mode.value}:{written(term)}", FRIDAY).root
    assert isinstance(read, DateTerm) and _asked(read) == _asked(term)


@settings(max_examples=200, deadline=None)
@given(queries)
def test_a_query_without_relative_dates_keeps_its_text(text: str) -> None:
    query = parse(text, today=FRIDAY)
    assert isinstance(query, Query)
    assert query.text == (text if not query.empty else "")


# -- saved views ---------------------------------------------------------------------------


def test_a_view_of_a_relative_query_reopens_as_it_was_saved(sirte_store: EventStore,
                                                            tmp_path: Path) -> None:
    query = q("date:yesterday -kind:statement")
    path, written_count = write_view(sirte_store, query, tmp_path / "yesterday.toml", now=NOW)
    assert 'query = "date:2016-06-09 -kind:statement"' in path.read_text(encoding="utf-8")
    opened = open_path(path)  # read on another day: the same query, the same events
    assert opened.query == query
    assert opened.store.count(opened.query) == written_count == sirte_store.count(query)


@pytest.mark.parametrize("typed", ["\u0662\u0660\u0661\u0666", "\u0662\u0660\u0661\u0666-06",
                                   "9 jun \u0968\u0966\u0967\u096c"])
def test_only_ascii_digits_are_read_in_a_date(typed: str) -> None:
    from model.userdates import UserDateError, parse_user_date

    with pytest.raises(UserDateError, match="only the digits 0-9"):
        parse_user_date(typed)


def test_the_day_before_year_1_is_in_1_bce() -> None:
    assert parse_relative_date("yesterday", around=D(1, 1, 1)) == DateSpan.day(Day(0, 12, 31))
