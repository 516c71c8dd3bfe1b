"""Bins across all of history: from a day to ten billion years, made from their numbers (never
by walking the days), contiguous and round, each with a filter term that reads back as
exactly its days; the densities over them share every event and casualty out whole."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.dataset import DatasetInfo
from model.dates import DateSpan, year_words
from model.days import DAY_YEARS, Day
from model.density import (
    BIN_LIMIT,
    Bin,
    BinUnit,
    Density,
    bin_count,
    casualty_density,
    choose_unit,
    event_density,
    finest_unit,
    make_bins,
)
from model.event import CasualtyRecord, CasualtyScope, CasualtyType, Certainty, Event
from model.kinds import EventKind
from model.loading import open_path
from model.query import parse
from model.query_dates import DateTerm
from model.store import EventStore

COSMOLOGICAL = (Path(__file__).parent.parent / "fixtures" / "timelinejs"
                / "tl3-template-cosmological.json")
FIRST_YEAR = -13_800_000_000
UNITS = list(BinUnit)
YEAR_UNITS = [unit for unit in UNITS if unit.years]


def read_back(term: str) -> tuple[int, int]:
    """The first and last ordinal a date term selects, as the query parser reads it."""
    query = parse(term)
    root = getattr(query, "root", None)
    assert isinstance(root, DateTerm), (term, query)
    return root.earliest.ordinal, root.latest.ordinal


def assert_well_made(bins: list[Bin]) -> None:
    """Ordered, contiguous, each a whole number of days, and round where it is years."""
    assert bins
    for before, after in zip(bins, bins[1:]):
        assert after.start.ordinal == before.end.ordinal + 1, (before, after)
    for one in bins:
        assert one.start.ordinal <= one.end.ordinal
        size = one.unit.years
        if size > 1:
            first = one.start.year
            assert (one.start.month, one.start.day, one.end.month, one.end.day) == (1, 1, 12, 31)
            # Round as each age counts: 1900, 500 BCE (-499), 14 billion years ago.
            assert first == 1 or first % size == 0 or (1 - first) % size == 0, one


@st.composite
def edges(draw: st.DrawFn) -> Day:
    """A day of a year from 13.8 billion years ago to 9999: any day where days are held,
    a year's first or last day beyond."""
    year = draw(st.one_of(st.integers(FIRST_YEAR, 9999), st.integers(-12_000, 9999)))
    first, last = Day.first_of(year), Day.last_of(year)
    if year in DAY_YEARS:
        return Day.fromordinal(draw(st.integers(first.ordinal, last.ordinal)))
    return draw(st.sampled_from([first, last]))


@st.composite
def history_spans(draw: st.DrawFn) -> tuple[Day, Day]:
    """Two edges, or one and a day a few weeks or years after it (days, weeks, months)."""
    a = draw(edges())
    if a.year in DAY_YEARS[:-20] and draw(st.booleans()):
        return a, Day.fromordinal(a.ordinal + draw(st.integers(0, 5000)))
    b = draw(edges())
    return (a, b) if a <= b else (b, a)


# -- properties -------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(history_spans(), st.integers(1, 120))
def test_the_chosen_bins_cover_the_span_and_read_back_as_their_days(
        span: tuple[Day, Day], width: int) -> None:
    first, last = span
    unit = choose_unit(first, last, width)
    bins = make_bins(first, last, unit)
    assert_well_made(bins)
    assert bins[0].start <= first <= bins[0].end and bins[-1].start <= last <= bins[-1].end
    assert len(bins) == bin_count(first, last, unit)
    assert len(bins) <= width or unit is BinUnit.YEARS_10G
    # The finest that fits, and never days or months where dates are held to the year.
    assert UNITS.index(unit) >= UNITS.index(finest_unit(first, last))
    if unit is not finest_unit(first, last):
        assert bin_count(first, last, unit.finer()) > width
    for one in bins:
        assert read_back(one.query_term()) == (one.start.ordinal, one.end.ordinal), one


@settings(max_examples=300, deadline=None)
@given(history_spans(), st.sampled_from(UNITS), st.integers(1, 40), st.data())
def test_a_window_of_bins_holds_the_day_it_is_made_around(
        span: tuple[Day, Day], unit: BinUnit, limit: int, data: st.DataObject) -> None:
    first, last = span
    if unit.years == 0 and finest_unit(first, last) is not BinUnit.DAY:
        unit = BinUnit.YEAR
    around = Day.fromordinal(data.draw(st.integers(first.ordinal, last.ordinal)))
    bins = make_bins(first, last, unit, limit=limit, around=around)
    assert_well_made(bins)
    assert len(bins) == min(limit, bin_count(first, last, unit))
    zeros = (0.0,) * len(bins)
    density = Density(tuple(bins), zeros, zeros, zeros)
    held = density.bin_of(around)
    assert held is not None and bins[held].start <= around <= bins[held].end
    # A run of the span's own bins: each end reaches into the span, and is the bin made
    # around it alone.
    assert bins[0].end >= first and bins[-1].start <= last
    for one in (bins[0], bins[-1]):
        assert make_bins(first, last, unit, limit=1, around=one.start) == [one]
    for one in (bins[0], bins[-1]):
        assert read_back(one.query_term()) == (one.start.ordinal, one.end.ordinal), one


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(YEAR_UNITS), st.integers(FIRST_YEAR, 9999))
def test_a_bin_of_years_is_labelled_by_its_first_year(unit: BinUnit, year: int) -> None:
    day = Day.first_of(year)
    (one,) = make_bins(day, day, unit)
    assert one.start <= day <= one.end
    if -10**6 < one.start.year < 10**6:
        assert one.label() == year_words(one.start.year)
    # A year at a multiple of the bin's size is the first of its bin, and its label.
    if unit.years > 1 and year % unit.years == 0 and year <= -10**6:
        # Said with as many figures as tell the unit's bins apart: the year itself.
        figure, word, *_ = one.label().split()
        size = {"million": 10**6, "billion": 10**9}[word]
        assert one.start.year == year and round(float(figure) * size) == -year


class Spans:
    """A store's one question the densities ask, with spans given by a test."""

    def __init__(self, spans: list[tuple[int, int, bool, float]]) -> None:
        self.spans = spans

    def span_counts(self, query: object) -> list[tuple[int, int, bool, float]]:
        return list(self.spans)


def shared_out(bins: list[Bin], spans: list[tuple[int, int, bool, float]]
               ) -> tuple[list[float], list[float], list[float]]:
    """The densities by the plain rule, bin by bin: whole in the one bin holding a span,
    else shared by the days of it each bin holds."""
    exact, spread, forecast = ([0.0] * len(bins) for _ in range(3))
    for earliest, latest, is_forecast, amount in spans:
        for index, one in enumerate(bins):
            days = min(latest, one.end.ordinal) - max(earliest, one.start.ordinal) + 1
            if days <= 0:
                continue
            whole = one.start.ordinal <= earliest and latest <= one.end.ordinal
            share = amount if whole else amount * days / (latest - earliest + 1)
            (exact if whole else spread)[index] += share
            if is_forecast:
                forecast[index] += share
    return exact, spread, forecast


@st.composite
def spans_over(draw: st.DrawFn, bins: list[Bin]) -> list[tuple[int, int, bool, float]]:
    low, high = bins[0].start.ordinal, bins[-1].end.ordinal
    reach = (high - low) // 4 + 1
    ends = st.integers(low - reach, high + reach)
    drawn = draw(st.lists(st.tuples(ends, ends, st.booleans(), st.integers(1, 50)),
                          max_size=12))
    return [(min(a, b), max(a, b), f, float(n)) for a, b, f, n in drawn]


@settings(max_examples=300, deadline=None)
@given(history_spans(), st.sampled_from(YEAR_UNITS), st.integers(1, 60), st.data())
def test_densities_share_each_span_by_its_days(span: tuple[Day, Day], unit: BinUnit,
                                               limit: int, data: st.DataObject) -> None:
    bins = make_bins(*span, unit, limit=limit, around=span[1])
    spans = data.draw(spans_over(bins))
    density = event_density(Spans(spans), bins)  # type: ignore[arg-type]
    exact, spread, forecast = shared_out(bins, spans)
    assert density.exact == pytest.approx(exact)
    assert density.spread == pytest.approx(spread, rel=1e-9, abs=1e-9)
    assert density.forecast == pytest.approx(forecast, rel=1e-9, abs=1e-9)
    # A bin no span reaches is empty: exactly, with nothing left over from the sums.
    for index, one in enumerate(bins):
        if not any(a <= one.end.ordinal and one.start.ordinal <= b for a, b, _, _ in spans):
            assert density.value(index) == 0.0


# -- the cosmological template ------------------------------------------------------------


def test_the_age_of_the_universe_at_80_columns_is_14_bins_of_a_billion_years() -> None:
    store = open_path(COSMOLOGICAL).store
    span = store.date_range()
    assert span == (Day.first_of(FIRST_YEAR), Day.last_of(-3500))
    started = time.perf_counter()
    for width in (80, 80 // 2, 80 - 6):  # asked for, the histogram's, the strip's
        assert choose_unit(*span, width) is BinUnit.YEARS_1G
    bins = make_bins(*span, BinUnit.YEARS_1G)
    assert time.perf_counter() - started < 0.1  # made from their numbers: no walking
    assert [b.label() for b in bins] == [f"{n} billion years ago" for n in range(14, 0, -1)]
    assert bins[0].span_label() == "14\u201313 billion years ago"
    assert bins[-1].span_label() == "1 billion years ago\u20131 BCE"
    assert bins[0].query_term() == "date:-14000000000..-13000000001"
    assert bins[-1].query_term() == "date:-1000000000..0000-12-31"
    density = event_density(store, bins)
    counts = {b.label(): density.value(i) for i, b in enumerate(bins) if density.value(i)}
    # 13.8 billion and the Big Bang's 370,000 years after; 12.8; 4.6; the Paleozoic era,
    # the first Homo sapiens and the Sumerians' writing.
    assert counts == {"14 billion years ago": 2, "13 billion years ago": 1,
                      "5 billion years ago": 1, "1 billion years ago": 3}
    assert sum(density.spread) == 0 and sum(density.exact) == 7


def test_the_cosmological_span_at_200_columns_is_in_100_million_years() -> None:
    span = (Day.first_of(FIRST_YEAR), Day.last_of(-3500))
    assert choose_unit(*span, 200) is BinUnit.YEARS_100M
    bins = make_bins(*span, BinUnit.YEARS_100M)
    assert len(bins) == 138
    assert (bins[0].label(), bins[-1].label()) == ("13.8 billion years ago",
                                                    "100 million years ago")
    assert bins[-1].span_label() == "100 million years ago\u20131 BCE"


def test_each_template_year_is_in_the_bar_that_says_it() -> None:
    for year, unit, label in ((-4_600_000_000, BinUnit.YEARS_1M, "4.6 billion years ago"),
                              (-538_800_000, BinUnit.YEARS_100K, "538.8 million years ago"),
                              # Year -315000 is 315,001 BCE: in 316,000–315,001 BCE.
                              (-315_000, BinUnit.MILLENNIUM, "316,000 BCE"),
                              (-314_999, BinUnit.MILLENNIUM, "315,000 BCE"),
                              (-3500, BinUnit.CENTURY, year_words(-3599)),  # 3600 BCE
                              (-3499, BinUnit.CENTURY, year_words(-3499))):
        day = Day.first_of(year)
        (one,) = make_bins(day, day, unit)
        assert one.label() == label and one.start <= day <= one.end


def test_fine_bins_across_the_age_of_the_universe_are_a_window_around_the_chosen_day() -> None:
    span = (Day.first_of(FIRST_YEAR), Day.last_of(-3500))
    around = Day.first_of(-4_600_000_000)
    assert bin_count(*span, BinUnit.YEAR) == 13_799_996_501
    bins = make_bins(*span, BinUnit.YEAR, around=around)
    assert len(bins) == BIN_LIMIT
    assert bins[0].start < around < bins[-1].end
    assert bins[BIN_LIMIT // 2].start == around
    # Without a day to centre on, the first of them.
    assert make_bins(*span, BinUnit.DECADE, limit=3)[0].start.year == FIRST_YEAR


# -- labels and terms -------------------------------------------------------------------


def labels(first: Day, last: Day, unit: BinUnit) -> list[str]:
    return [b.label() for b in make_bins(first, last, unit)]


def test_years_either_side_of_year_0_read_round() -> None:
    bins = make_bins(Day.first_of(-150), Day.last_of(250), BinUnit.CENTURY)
    assert [b.label() for b in bins] == ["200 BCE", "100 BCE", "1 CE", "100 CE", "200 CE"]
    assert [b.span_label() for b in bins] == ["200\u2013101 BCE", "100\u20131 BCE",
                                              "1\u201399 CE", "100\u2013199 CE",
                                              "200\u2013299 CE"]
    assert labels(Day(1905, 3, 1), Day(1931, 1, 1), BinUnit.DECADE) == ["1900", "1910", "1920",
                                                                       "1930"]
    assert labels(Day.first_of(-2500), Day.last_of(1500), BinUnit.MILLENNIUM) == [
        year_words(-2999), year_words(-1999), year_words(-999), "1 CE", "1000"]
    assert make_bins(Day.first_of(1910), Day.first_of(1910), BinUnit.DECADE)[0].span_label() \
        == "1910\u20131919"


def test_a_million_years_ago_opens_the_bce_bins() -> None:
    bins = make_bins(Day.first_of(-1_000_150), Day.last_of(-999_850), BinUnit.CENTURY)
    assert [b.label() for b in bins] == ["1.0002 million years ago", "1.0001 million years ago",
                                         "1 million years ago", "999,900 BCE"]
    assert bins[2].span_label() == "1 million years ago\u2013999,901 BCE"
    assert (bins[2].start.year, bins[2].end.year) == (-1_000_000, -999_900)


def test_days_weeks_and_months_before_year_1_say_the_year_in_words() -> None:
    (march,) = make_bins(Day(-499, 3, 5), Day(-499, 3, 5), BinUnit.MONTH)
    assert march.label() == "Mar 500 BCE"
    weeks = make_bins(Day(-500, 12, 25), Day(-499, 1, 1), BinUnit.WEEK)
    assert [w.label(year=True) for w in weeks] == ["w/c 24 Dec 501 BCE", "w/c 31 Dec 501 BCE"]
    assert [w.label() for w in weeks] == ["w/c 24 Dec", "w/c 31 Dec"]
    (day,) = make_bins(Day(0, 12, 31), Day(0, 12, 31), BinUnit.DAY)
    assert day.label(year=True) == "31 Dec 1 BCE"
    assert day.span_label() == "31 Dec"


@pytest.mark.parametrize(("first", "last", "unit", "term"), [
    (Day(2016, 6, 9), Day(2016, 6, 9), BinUnit.DAY, "date:2016-06-09"),
    (Day(-5, 3, 15), Day(-5, 3, 15), BinUnit.DAY, "date:-0005-03-15"),
    (Day(2016, 6, 9), Day(2016, 6, 9), BinUnit.WEEK, "date:2016-06-06..2016-06-12"),
    (Day(2016, 6, 9), Day(2016, 6, 9), BinUnit.MONTH, "date:2016-06"),
    (Day(-499, 3, 5), Day(-499, 3, 5), BinUnit.MONTH, "date:-0499-03-01..-0499-03-31"),
    (Day(0, 2, 5), Day(0, 2, 5), BinUnit.MONTH, "date:0000-02-01..0000-02-29"),
    (Day(2016, 6, 9), Day(2016, 6, 9), BinUnit.YEAR, "date:2016"),
    (Day(-499, 3, 5), Day(-499, 3, 5), BinUnit.YEAR, "date:-0499-01-01..-0499-12-31"),
    (Day.first_of(FIRST_YEAR), Day.first_of(FIRST_YEAR), BinUnit.YEAR, "date:-13800000000"),
    (Day(1955, 1, 1), Day(1955, 1, 1), BinUnit.CENTURY, "date:1900..1999"),
    (Day(50, 1, 1), Day(50, 1, 1), BinUnit.CENTURY, "date:0001..0099"),
    (Day(-450, 1, 1), Day(-450, 1, 1), BinUnit.CENTURY, "date:-0499-01-01..-0400-12-31"),
    (Day.first_of(-50_000), Day.first_of(-50_000), BinUnit.YEARS_10K,
     "date:-59999..-50000"),
    (Day.first_of(-5_000), Day.first_of(-5_000), BinUnit.YEARS_100K, "date:-99999..0000-12-31"),
    (Day.first_of(12_005), Day.first_of(12_005), BinUnit.DECADE, "date:+12000..+12009"),
    (Day.first_of(9_995), Day.first_of(9_995), BinUnit.YEARS_1M, "date:0001..+999999"),
    (Day.first_of(FIRST_YEAR), Day.first_of(FIRST_YEAR), BinUnit.YEARS_1G,
     "date:-14000000000..-13000000001"),
])
def test_a_bars_term_is_written_as_the_query_reads_it(first: Day, last: Day, unit: BinUnit,
                                                      term: str) -> None:
    (one,) = make_bins(first, last, unit)
    assert one.query_term() == term
    assert read_back(term) == (one.start.ordinal, one.end.ordinal)


def test_beyond_the_years_held_to_the_day_there_are_no_day_or_month_bins() -> None:
    year = (Day.first_of(FIRST_YEAR), Day.last_of(FIRST_YEAR))
    assert finest_unit(*year) is BinUnit.YEAR
    assert choose_unit(*year, 80) is BinUnit.YEAR
    assert len(make_bins(*year, choose_unit(*year, 80))) == 1
    assert finest_unit(Day(-9999, 1, 1), Day(9999, 12, 31)) is BinUnit.DAY
    assert choose_unit(Day(2016, 5, 12), Day(2016, 6, 13), 33) is BinUnit.DAY
    assert choose_unit(Day(2016, 5, 12), Day(2016, 6, 13), 32) is BinUnit.WEEK


def test_units_beyond_a_year_are_powers_of_ten_and_zoom_in_order() -> None:
    assert [u.years for u in YEAR_UNITS] == [10**p for p in range(11)]
    assert BinUnit.YEAR.coarser() is BinUnit.DECADE
    assert BinUnit.YEARS_10G.coarser() is BinUnit.YEARS_10G
    assert BinUnit.DECADE.finer() is BinUnit.YEAR
    assert all(len(u.short) <= 5 for u in UNITS)
    assert BinUnit.YEARS_1G.value == "billion years" and BinUnit.YEARS_1G.short == "1Gy"


# -- casualties -------------------------------------------------------------------------

KILLED = CasualtyType.KILLED


def killed(event_id: str, span: DateSpan, count: int, *, since: Day | None = None) -> Event:
    scope = CasualtyScope.CUMULATIVE if since else CasualtyScope.INCIDENT
    return Event(event_id, event_id, EventKind.CLASH, span, Certainty.REPORTED,
                 casualties=(CasualtyRecord(KILLED, count, scope=scope, since=since),))


def test_casualties_in_centuries_and_aeons_add_incidents_but_not_into_a_running_total(
        ) -> None:
    events = [
        killed("big-bang", DateSpan.year(FIRST_YEAR), 3),
        killed("before", DateSpan.year(-599), 5),
        killed("inside", DateSpan.day(Day(-450, 6, 1)), 6),  # part of the running total
        killed("total", DateSpan.day(Day(-400, 12, 31)), 100, since=Day(-499, 1, 1)),
        killed("after", DateSpan.year(1999), 7),
    ]
    store = EventStore.from_events(events, DatasetInfo(title="all of history"))
    span = store.date_range()
    assert span is not None
    unit = choose_unit(*span, 80)
    assert unit is BinUnit.YEARS_1G
    aeons = casualty_density(store, make_bins(*span, unit), KILLED)
    assert [aeons.value(i) for i in range(len(aeons.bins))][:1] == [3]
    assert sum(aeons.value(i) for i in range(len(aeons.bins))) == 3 + 5 + 100 + 7
    centuries = casualty_density(store, make_bins(Day.first_of(-650), Day.last_of(2000),
                                                  BinUnit.CENTURY), KILLED)
    per = {b.label(): centuries.value(i) for i, b in enumerate(centuries.bins)
           if centuries.value(i)}
    assert per == {"600 BCE": 5, "500 BCE": 100, "1900": 7}
