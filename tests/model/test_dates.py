"""Dates: chronological order, honest display of precision, and dates as people type them."""

from __future__ import annotations

import datetime as dt


import pytest
from dateline_strategies import spans
from hypothesis import given, settings
from hypothesis import strategies as st

from model.days import Day
from model.dates import DatePrecision, DateSpan, format_day
from model.event import Certainty, Event, chronological, chronological_key
from model.kinds import EventKind
from model.userdates import UserDateError, parse_jump_date, parse_user_date

D = Day
FRIDAY = D(2016, 6, 10)  # the Sirte dataset's (inferred) reference date


def event(event_id: str, span: DateSpan) -> Event:
    return Event(event_id, event_id, EventKind.OTHER, span, Certainty.REPORTED)


# -- chronological order ------------------------------------------------------------------

timeline = st.lists(st.from_regex(r"[a-z0-9]{1,4}", fullmatch=True), min_size=1, max_size=20,
                    unique=True).flatmap(
    lambda chosen: st.tuples(*[spans(max_days=40) for _ in chosen]).map(
        lambda drawn: [event(i, s) for i, s in zip(chosen, drawn, strict=True)]))


@settings(max_examples=150, deadline=None)
@given(timeline, st.randoms(use_true_random=False))
def test_sorting_any_permutation_orders_the_days_alike(items: list[Event], rnd) -> None:
    expected = [e.date.sort_key for e in chronological(items)]
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert [e.date.sort_key for e in chronological(shuffled)] == expected
    assert [e.date.sort_key for e in chronological(reversed(items))] == expected


@settings(max_examples=150, deadline=None)
@given(timeline)
def test_order_is_earliest_day_then_finer_precision_then_place_in_the_file(
        items: list[Event]) -> None:
    ordered = chronological(items)
    for before, after in zip(ordered, ordered[1:]):
        assert before.date.earliest <= after.date.earliest
        if before.date.earliest == after.date.earliest:
            assert before.date.precision.rank <= after.date.precision.rank
            if before.date.precision is after.date.precision:
                assert items.index(before) < items.index(after)


@settings(max_examples=150, deadline=None)
@given(timeline)
def test_order_is_total_over_positions(items: list[Event]) -> None:
    keys = [chronological_key(e, i) for i, e in enumerate(items)]
    assert len(set(keys)) == len(keys)  # no two events tie, so no order is left to chance


@settings(max_examples=100, deadline=None)
@given(spans(max_days=40), spans(max_days=40))
def test_span_sort_key_is_earliest_then_precision(a: DateSpan, b: DateSpan) -> None:
    if a.earliest != b.earliest:
        assert (a.sort_key < b.sort_key) == (a.earliest < b.earliest)
    else:
        assert (a.sort_key < b.sort_key) == (a.precision.rank < b.precision.rank)


def test_finer_precision_sorts_first_on_the_same_day() -> None:
    day = DateSpan.day(D(2016, 6, 1))
    week = DateSpan(D(2016, 6, 1), D(2016, 6, 7), DatePrecision.WEEK)
    month = DateSpan.month(2016, 6)
    year = DateSpan(D(2016, 6, 1), D(2016, 12, 31), DatePrecision.YEAR)
    items = [event("a-year", year), event("b-month", month), event("c-week", week),
             event("d-day", day)]
    assert [e.id for e in chronological(items)] == ["d-day", "c-week", "b-month", "a-year"]


def test_an_earlier_coarse_span_sorts_before_a_later_day() -> None:
    items = [event("day", DateSpan.day(D(2016, 6, 2))), event("month", DateSpan.month(2016, 6))]
    assert [e.id for e in chronological(items)] == ["month", "day"]


def test_same_day_and_precision_keep_the_order_of_the_file() -> None:
    span = DateSpan.day(FRIDAY)
    items = [event("b", span), event("a", span), event("c", span)]
    assert [e.id for e in chronological(items)] == ["b", "a", "c"]


def test_the_id_breaks_a_tie_only_at_the_same_position() -> None:
    span = DateSpan.day(FRIDAY)
    assert chronological_key(event("b", span), 3) > chronological_key(event("a", span), 3)
    assert chronological_key(event("b", span), 2) < chronological_key(event("a", span), 3)


# -- spans ----------------------------------------------------------------------------------


def test_latest_before_earliest_raises() -> None:
    with pytest.raises(ValueError, match="latest day 2016-06-09 is before earliest day 2016-06-10"):
        DateSpan(D(2016, 6, 10), D(2016, 6, 9))


def test_constructors_cover_the_whole_unit() -> None:
    assert DateSpan.month(2016, 2) == DateSpan(D(2016, 2, 1), D(2016, 2, 29), DatePrecision.MONTH)
    assert DateSpan.year(2016).days == 366
    week = DateSpan.week_around(D(2016, 6, 9))
    assert (week.earliest, week.latest, week.precision) == (
        D(2016, 6, 6), D(2016, 6, 12), DatePrecision.WEEK)


def test_overlaps_and_contains() -> None:
    june = DateSpan.month(2016, 6)
    nine_ten = DateSpan(D(2016, 6, 9), D(2016, 6, 10))
    may_june = DateSpan(D(2016, 5, 12), D(2016, 6, 1))
    assert june.contains(nine_ten) and not nine_ten.contains(june)
    assert june.overlaps(may_june) and may_june.overlaps(june)
    assert not june.contains(may_june)
    assert not nine_ten.overlaps(DateSpan.day(D(2016, 6, 11)))


# -- display ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("span", "long", "short"), [
    (DateSpan.day(D(2016, 6, 9)), "Thu 9 Jun 2016", "9 Jun 2016"),
    (DateSpan.month(2016, 6), "Jun 2016", "~Jun 2016"),
    (DateSpan(D(2016, 6, 12), D(2016, 6, 13)), "12\u201313 Jun 2016", "12\u201313 Jun 2016"),
    (DateSpan(D(2016, 5, 30), D(2016, 6, 2)), "30 May\u20132 Jun 2016", "30 May\u20132 Jun 2016"),
    (DateSpan(D(2015, 12, 31), D(2016, 1, 1)), "Thu 31 Dec 2015\u2013Fri 1 Jan 2016",
     "31 Dec 2015\u20131 Jan 2016"),
    (DateSpan.week_around(D(2016, 6, 9)), "week of 6\u201312 Jun 2016", "~wk 6 Jun 2016"),
    (DateSpan(D(2016, 5, 1), D(2016, 6, 30), DatePrecision.MONTH), "May\u2013Jun 2016",
     "~May\u2013Jun 2016"),
    (DateSpan(D(2015, 12, 1), D(2016, 1, 31), DatePrecision.MONTH), "Dec 2015\u2013Jan 2016",
     "~Dec 2015\u2013Jan 2016"),
    (DateSpan.year(2016), "2016", "~2016"),
    (DateSpan(D(2015, 1, 1), D(2016, 12, 31), DatePrecision.YEAR), "2015\u20132016",
     "~2015\u20132016"),
])
def test_display_shows_the_precision_honestly(span: DateSpan, long: str, short: str) -> None:
    assert span.display() == long
    assert span.short() == short


def test_display_marks_forecast_and_inferred_dates() -> None:
    forecast = DateSpan(D(2016, 6, 12), D(2016, 6, 13), inferred=True, forecast=True)
    assert forecast.display() == "12\u201313 Jun 2016 (forecast) (inferred)"
    assert DateSpan.day(D(2016, 6, 9), inferred=True).display() == "Thu 9 Jun 2016 (inferred)"
    assert DateSpan.month(2016, 6, forecast=True).display() == "Jun 2016 (forecast)"


def test_a_coarse_span_never_displays_as_a_day() -> None:
    # September 2016 starts on a Thursday; the month must still not read as that day.
    weekdays = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    for span in (DateSpan.month(2016, 9), DateSpan.year(2016), DateSpan.week_around(FRIDAY)):
        assert not any(day in span.display() for day in weekdays), span.display()
    assert DateSpan.month(2016, 9).display() == "Sep 2016"


def test_format_day() -> None:
    assert format_day(D(2016, 5, 12)) == "12 May 2016"


# -- the date in words --------------------------------------------------------------------

DASH = " \u2014 "


@pytest.mark.parametrize(("span", "said"), [
    (DateSpan.day(D(2016, 6, 9)), "Thu 9 Jun 2016 \u2014 known to the day"),
    (DateSpan(D(2016, 6, 9), D(2016, 6, 10), inferred=True),
     "9\u201310 Jun 2016 \u2014 on one of these 2 days, not known which; inferred, not printed "
     "in the source"),
    (DateSpan.week_around(D(2016, 6, 9)),
     "week of 6\u201312 Jun 2016 \u2014 known to the week, not the day"),
    (DateSpan(D(2016, 6, 6), D(2016, 6, 19), DatePrecision.WEEK),
     "week of 6\u201319 Jun 2016 \u2014 some day in these 2 weeks, not known which"),
    (DateSpan.month(2016, 6), "Jun 2016 \u2014 known to the month, not the day"),
    (DateSpan(D(2016, 6, 1), D(2016, 8, 31), DatePrecision.MONTH),
     "Jun\u2013Aug 2016 \u2014 some day in these 3 months, not known which"),
    (DateSpan.year(2016), "2016 \u2014 known to the year, not the month or day"),
    (DateSpan(D(2015, 1, 1), D(2016, 12, 31), DatePrecision.YEAR),
     "2015\u20132016 \u2014 some day in these 2 years, not known which"),
    (DateSpan(D(2016, 6, 12), D(2016, 6, 13), forecast=True, inferred=True),
     "12\u201313 Jun 2016 \u2014 on one of these 2 days, not known which; a forecast, not "
     "yet happened; inferred, not printed in the source"),
])
def test_a_date_says_how_well_it_is_known_in_one_phrase(span: DateSpan, said: str) -> None:
    assert span.described() == said


@settings(max_examples=200, deadline=None)
@given(spans(max_days=800))
def test_every_date_in_words_is_its_display_and_what_its_flags_mean(span: DateSpan) -> None:
    said = span.described()
    date, how = said.split(DASH)  # one dash: the date, then how well it is known
    assert date == span.display().removesuffix(" (inferred)").removesuffix(" (forecast)")
    assert ("inferred, not printed in the source" in how) is span.inferred
    assert ("a forecast, not yet happened" in how) is span.forecast
    assert "precision" not in said and "[" not in said
    # A single unit is "known to" it; a span of several says the day is not known.
    assert how.startswith("known to the ") or "not known which" in how


# -- dates as typed -----------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("2016", DateSpan.year(2016)),
    (" 2016 ", DateSpan.year(2016)),
    ("2016-06", DateSpan.month(2016, 6)),
    ("2016-6", DateSpan.month(2016, 6)),
    ("June 2016", DateSpan.month(2016, 6)),
    ("jun 2016", DateSpan.month(2016, 6)),
    ("9 June 2016", DateSpan.day(D(2016, 6, 9))),
    ("June 9, 2016", DateSpan.day(D(2016, 6, 9))),
    ("2016-06-09", DateSpan.day(D(2016, 6, 9))),
    ("Thursday 9 June 2016", DateSpan.day(D(2016, 6, 9))),
])
def test_parse_user_date_keeps_the_typed_precision(typed: str, expected: DateSpan) -> None:
    assert parse_user_date(typed) == expected


@pytest.mark.parametrize(("typed", "message"), [
    ("9 June", "'9 June' has no year; add one (e.g. '9 June 2016')"),
    ("june", "'june' has no year; add one (e.g. 'june 2016')"),
    ("", "a date is needed here"),
    ("   ", "a date is needed here"),
    ("2016-13", "'2016-13' is not a month (use YYYY-MM)"),
    ("31 June 2016", "'31 June 2016' is not a date I can read"),
    ("banana", "'banana' is not a date I can read"),
    ("9" * 65, "that is too long to be a date"),
])
def test_parse_user_date_refuses_what_it_cannot_place(typed: str, message: str) -> None:
    with pytest.raises(UserDateError) as caught:
        parse_user_date(typed)
    assert str(caught.value) == message


def test_missing_year_is_taken_from_default_year_when_given() -> None:
    assert parse_user_date("9 June", default_year=2016) == DateSpan.day(D(2016, 6, 9))
    assert parse_user_date("June", default_year=2016) == DateSpan.month(2016, 6)
    with pytest.raises(UserDateError, match="does not exist in 2015"):
        parse_user_date("29 Feb", default_year=2015)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)).map(Day.of))
def test_every_typed_form_of_a_day_reads_back(day: Day) -> None:
    assert parse_user_date(day.isoformat()) == DateSpan.day(day)
    assert parse_user_date(f"{day.day} {day.month_full_name} {day.year}") == DateSpan.day(day)
    assert parse_user_date(f"{day.month_name} {day.year}") == DateSpan.month(day.year, day.month)
    assert parse_user_date(day.isoformat()[:7]) == DateSpan.month(day.year, day.month)
    assert parse_user_date(str(day.year)) == DateSpan.year(day.year)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_parse_user_date_only_ever_raises_user_date_error(typed: str) -> None:
    try:
        span = parse_user_date(typed)
    except UserDateError:
        return
    assert span.earliest <= span.latest


@pytest.mark.parametrize(("typed", "expected"), [
    ("+2d", D(2016, 6, 12)),
    ("-1w", D(2016, 6, 3)),
    ("+ 3 D", D(2016, 6, 13)),
    ("+1m", D(2016, 7, 10)),
    ("-1y", D(2015, 6, 10)),
    ("next thursday", D(2016, 6, 16)),
    ("Next Friday", D(2016, 6, 17)),  # from a Friday: a week on, not today
    ("last thursday", D(2016, 6, 9)),
    ("previous friday", D(2016, 6, 3)),
    ("today", FRIDAY),
    ("reference", FRIDAY),
    ("9 jun", D(2016, 6, 9)),
    ("12 May", D(2016, 5, 12)),
    ("9 jun 2015", D(2015, 6, 9)),
    ("June 2016", D(2016, 6, 1)),
    ("2017", D(2017, 1, 1)),
])
def test_parse_jump_date(typed: str, expected: Day) -> None:
    assert parse_jump_date(typed, around=FRIDAY, default_year=2016) == expected


def test_parse_jump_date_errors() -> None:
    with pytest.raises(UserDateError, match="goes outside the calendar"):
        parse_jump_date("+99999y", around=FRIDAY, default_year=2016)
    with pytest.raises(UserDateError, match="not a date I can read"):
        parse_jump_date("next blursday", around=FRIDAY, default_year=2016)
