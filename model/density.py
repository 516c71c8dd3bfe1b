"""Events (or casualties) per bin of time, with imprecise dates spread over their span.

An event known only to a week or a month is spread over the bins its span covers, never piled
on its first day. Everything is computed from the store's grouped counts, so the cost depends
on the number of distinct date spans and bins, not on the number of events or days.

Bins run from a day to ten billion years (`BinUnit`), and each is made from its number, never
by walking the days or years before it. Bins of many years start at round years, as each
age is counted:

- CE years at multiples of the size: a century is 1900–1999 (the first, 1–99 CE, a year short:
  there is no year 0 between 1 BCE and 1 CE);
- BCE years within a million years of year 0 counted back from 1 BCE, so that their first
  years are round BCE years: 500–401 BCE (astronomical years -499..-400), 100–1 BCE;
- years a million years ago and more at multiples in astronomical years, as "years ago" is
  said (`year_words`): 14–13 billion years ago is years -14,000,000,000..-13,000,000,001.

Where the ages meet, the year between joins a bin: 1,000,000 years ago opens the first BCE
bin (1 million years ago–999,901 BCE for centuries), and for bins of a million years or more
year 0 (1 BCE) closes the bin before year 1 CE.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from model.casualties import choose_cumulative
from model.dates import EN_DASH, WORDS_FROM, year_words
from model.days import DAY_YEARS, YEAR_LIMIT, Day, year_iso
from model.event import CasualtyType
from model.query import MATCH_ALL, Query
from model.store.protocol import StoreQuestions

BIN_LIMIT = 100_000
"""The most bins made at once; more than that and a window of them is made."""


class BinUnit(str, Enum):
    """How wide one bin is: a day, a week, a month, or a power of ten of years."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"
    MILLENNIUM = "millennium"
    YEARS_10K = "10,000 years"
    YEARS_100K = "100,000 years"
    YEARS_1M = "million years"
    YEARS_10M = "10 million years"
    YEARS_100M = "100 million years"
    YEARS_1G = "billion years"
    YEARS_10G = "10 billion years"

    @property
    def years(self) -> int:
        """How many years one bin holds (0 for a day, a week or a month)."""
        return _YEARS.get(self, 0)

    @property
    def short(self) -> str:
        """The unit in five cells at most, for the density strip: "day", "100y", "1Gy"."""
        return _SHORT.get(self, self.value)

    def finer(self) -> BinUnit:
        """The next smaller unit (a day stays a day)."""
        order = list(BinUnit)
        return order[max(0, order.index(self) - 1)]

    def coarser(self) -> BinUnit:
        """The next larger unit (ten billion years stays so)."""
        order = list(BinUnit)
        return order[min(len(order) - 1, order.index(self) + 1)]


_YEARS: dict[BinUnit, int] = {unit: 10**power for power, unit in enumerate(list(BinUnit)[3:])}
_SHORT: dict[BinUnit, str] = {
    BinUnit.DECADE: "10y", BinUnit.CENTURY: "100y", BinUnit.MILLENNIUM: "1ky",
    BinUnit.YEARS_10K: "10ky", BinUnit.YEARS_100K: "100ky", BinUnit.YEARS_1M: "1My",
    BinUnit.YEARS_10M: "10My", BinUnit.YEARS_100M: "100My", BinUnit.YEARS_1G: "1Gy",
    BinUnit.YEARS_10G: "10Gy"}


def _year_said(year: int, size: int = 1) -> str:
    """A bin's edge year in words, as `year_words` says it: "1900", "75 CE", "500 BCE",
    "14 billion years ago"; beyond a million years to as many figures as tell bins of
    `size` years apart (three at least): "4.601 billion years ago" for bins of a million."""
    if -WORDS_FROM < year < WORDS_FROM:
        return year_words(year)
    count = abs(year)
    figures = max(3, len(str(count)) - len(str(size)) + 1)
    unit = 10 ** max(0, len(str(count)) - figures)
    rounded = (count + unit // 2) // unit * unit  # half up, then the word: never "1,000 million"
    scale, word = (10**9, "billion") if rounded >= 10**9 else (10**6, "million")
    whole, part = divmod(rounded, scale)
    decimals = str(part).rjust(len(str(scale)) - 1, "0").rstrip("0")
    text = f"{whole:,}" + (f".{decimals}" if decimals else "")
    return f"{text} {word} years ago" if year < 0 else f"{text} {word} CE"


def _years_said(first: int, last: int, size: int) -> str:
    """First to last year in words, the words both end in said once: "1900–1999",
    "500–401 BCE", "14–13 billion years ago", "1 billion years ago–1 BCE"."""
    a, b = _year_said(first, size).split(" "), _year_said(last, size).split(" ")
    if a == b:
        return " ".join(a)
    shared = 0
    while shared < len(a) - 1 and shared < len(b) - 1 and a[-1 - shared] == b[-1 - shared]:
        shared += 1
    return f"{' '.join(a[:len(a) - shared])}{EN_DASH}{' '.join(b)}"


def _typed_edge(day: Day) -> str:
    """One end of a range as the query reads it: a year for years 1..9999 ("1900", the
    year's first day at a range's start and its last at its end), an ISO day for the other
    years held to the day ("-0499-01-01"), and a signed year beyond them ("-13800000000")."""
    if 1 <= day.year <= 9999:
        return f"{day.year:04d}"
    if day.year in DAY_YEARS:
        return day.isoformat()
    return year_iso(day.year)


@dataclass(frozen=True, slots=True)
class Bin:
    """One bin: its first and last day."""

    start: Day
    end: Day
    unit: BinUnit

    def label(self, *, year: bool = False) -> str:
        """Short label: "9 Jun", "w/c 6 Jun", "Jun 2016", "Mar 500 BCE", "2016", and for
        bins of many years their first year: "1900", "500 BCE", "14 billion years ago";
        with `year`, days and weeks say theirs too ("w/c 24 Dec 2018")."""
        start = self.start
        suffix = f" {year_words(start.year)}" if year else ""
        if self.unit is BinUnit.DAY:
            return f"{start.day} {start.month_name}{suffix}"
        if self.unit is BinUnit.WEEK:
            return f"w/c {start.day} {start.month_name}{suffix}"
        if self.unit is BinUnit.MONTH:
            return f"{start.month_name} {year_words(start.year)}"
        return _year_said(start.year, self.unit.years)

    def span_label(self) -> str:
        """The bin's dates for a line about it: its label, and for bins of many years their
        first and last years ("1900–1999", "500–401 BCE", "14–13 billion years ago")."""
        if self.unit.years <= 1:
            return self.label()
        return _years_said(self.start.year, self.end.year, self.unit.years)

    def query_term(self) -> str:
        """The filter term that selects exactly this bin's days: "date:2016-06-09",
        "date:2016-06", "date:2016", "date:1900..1999", "date:-0499-01-01..-0400-12-31",
        "date:-14000000000..-13000000001" (ISO 8601's expanded days where days are held,
        and signed years beyond them: a range's first year from its first day, its last
        year to its last)."""
        first, last = self.start, self.end
        if self.unit is BinUnit.DAY:
            return f"date:{first.isoformat()}"
        if self.unit is BinUnit.MONTH and 1 <= first.year <= 9999:
            return f"date:{first.year:04d}-{first.month:02d}"
        if self.unit in (BinUnit.WEEK, BinUnit.MONTH):
            return f"date:{first.isoformat()}..{last.isoformat()}"
        if first.year == last.year and (1 <= first.year <= 9999 or
                                        first.year not in DAY_YEARS):
            return f"date:{_typed_edge(first)}"
        return f"date:{_typed_edge(first)}..{_typed_edge(last)}"


def _index(day: Day, unit: BinUnit) -> int:
    """The number of the bin of `unit` holding `day`; consecutive bins, consecutive numbers."""
    if unit is BinUnit.DAY:
        return day.ordinal
    if unit is BinUnit.WEEK:
        return (day.ordinal + 6) // 7  # Monday to Sunday
    if unit is BinUnit.MONTH:
        return day.year * 12 + day.month - 1
    return _year_index(day.year, unit.years)


def _year_index(year: int, size: int) -> int:
    """The number of the bin of `size` years holding `year` (see the module's docstring)."""
    if size == 1 or year >= 1:
        return year // size
    if size >= WORDS_FROM:
        return year // size if year else -1  # year 0 closes the bin before it
    if year >= -WORDS_FROM:
        # Counted back from 1 BCE, so that bins start at round BCE years: -499..-400.
        return max(-WORDS_FROM // size, -(-year // size) - 1)
    return year // size


def _years_of(index: int, size: int) -> tuple[int, int]:
    """The first and last year of bin `index` of `size` years (within the years held)."""
    if size == 1:
        return index, index
    first, last = index * size, (index + 1) * size - 1
    if index >= 0:
        first = max(1, first)  # 1..99 CE: year 0 is 1 BCE
    elif size >= WORDS_FROM:
        last = last + 1 if index == -1 else last
    elif index >= -WORDS_FROM // size:
        first, last = first + 1, last + 1
        first = -WORDS_FROM if index == -WORDS_FROM // size else first
    return max(first, -YEAR_LIMIT), min(last, YEAR_LIMIT)


def _bin_at(index: int, unit: BinUnit) -> Bin:
    """The bin numbered `index` (as `_index` numbers them)."""
    if unit is BinUnit.DAY:
        day = Day.fromordinal(index)
        return Bin(day, day, unit)
    if unit is BinUnit.WEEK:
        return Bin(Day.fromordinal(7 * index - 6), Day.fromordinal(7 * index), unit)
    if unit is BinUnit.MONTH:
        year, month = divmod(index, 12)
        # The calendar repeats every 400 years: Python's calendar answers for any year.
        days = calendar.monthrange(year % 400 + 400, month + 1)[1]
        return Bin(Day(year, month + 1, 1), Day(year, month + 1, days), unit)
    first, last = _years_of(index, unit.years)
    return Bin(Day.first_of(first), Day.last_of(last), unit)


def bin_count(first: Day, last: Day, unit: BinUnit) -> int:
    """How many bins of `unit` cover first..last (counted, not made)."""
    return max(0, _index(last, unit) - _index(first, unit) + 1)


def finest_unit(first: Day, last: Day) -> BinUnit:
    """The finest unit for first..last: a day, or a year when the span reaches beyond the
    years held to the day (there, dates are known to the year only)."""
    if first.year in DAY_YEARS and last.year in DAY_YEARS:
        return BinUnit.DAY
    return BinUnit.YEAR


def make_bins(first: Day, last: Day, unit: BinUnit, *, limit: int = BIN_LIMIT,
              around: Day | None = None) -> list[Bin]:
    """Consecutive bins of `unit` covering first..last; when more than `limit` would, the
    `limit` bins centred on `around` (from `first` without it). Each bin is made from its
    number, so the cost is the bins made, never the days or the years they cover."""
    low, high = _index(first, unit), _index(last, unit)
    limit = max(1, limit)
    if high - low + 1 > limit:
        if around is not None:
            low = min(max(low, _index(around, unit) - limit // 2), high - limit + 1)
        high = low + limit - 1
    return [_bin_at(index, unit) for index in range(low, high + 1)]


def choose_unit(first: Day, last: Day, width: int) -> BinUnit:
    """The finest unit whose bins fit in `width` columns (never finer than
    `finest_unit`; ten billion years when none fits)."""
    fits = max(1, width)
    order = list(BinUnit)
    for unit in order[order.index(finest_unit(first, last)):]:
        if bin_count(first, last, unit) <= fits:
            return unit
    return order[-1]


@dataclass(frozen=True, slots=True)
class Density:
    """Values per bin, split by how they got there."""

    bins: tuple[Bin, ...]
    exact: tuple[float, ...]
    """From events whose whole span lies in the bin."""
    spread: tuple[float, ...]
    """Shares of events whose span covers several bins (drawn lighter)."""
    forecast: tuple[float, ...]
    """The part of the value that is forecast, not yet happened."""

    def value(self, index: int) -> float:
        """Everything in a bin."""
        return self.exact[index] + self.spread[index]

    @property
    def peak(self) -> float:
        """The largest bin value (0 when empty)."""
        return max((self.value(i) for i in range(len(self.bins))), default=0.0)

    def bin_of(self, day: Day) -> int | None:
        """The index of the bin holding `day`."""
        index = bisect_right(self.bins, day.ordinal, key=lambda b: b.start.ordinal) - 1
        if 0 <= index < len(self.bins) and day.ordinal <= self.bins[index].end.ordinal:
            return index
        return None


def _distribute(bins: list[Bin], spans: Iterable[tuple[int, int, bool, float]]) -> Density:
    """Each span's amount into the bins: whole into the one bin holding it, or shared by the
    days of it each bin holds. The bins a span covers whole take their share through a
    running rate (added where the span's inner bins begin, taken off where they end), so a
    span across a hundred thousand bins costs what a span across two does."""
    count = len(bins)
    starts = [b.start.ordinal for b in bins]
    ends = [b.end.ordinal for b in bins]
    exact = [0.0] * count
    spread = [0.0] * count
    forecast = [0.0] * count
    rate = [0.0] * (count + 1)
    forecast_rate = [0.0] * (count + 1)
    inside = [0] * (count + 1)
    for earliest, latest, is_forecast, amount in spans:
        if not bins or latest < starts[0] or earliest > ends[-1]:
            continue
        first = bisect_right(starts, earliest) - 1
        last = bisect_right(starts, latest) - 1
        if first == last and first >= 0 and latest <= ends[last]:
            exact[first] += amount
            if is_forecast:
                forecast[first] += amount
            continue
        per_day = amount / (latest - earliest + 1)
        first = max(0, first)
        for index in {first, last}:
            share = per_day * (min(latest, ends[index]) - max(earliest, starts[index]) + 1)
            spread[index] += share
            if is_forecast:
                forecast[index] += share
        if last - first >= 2:
            rate[first + 1] += per_day
            rate[last] -= per_day
            inside[first + 1] += 1
            inside[last] -= 1
            if is_forecast:
                forecast_rate[first + 1] += per_day
                forecast_rate[last] -= per_day
    running = running_forecast = 0.0
    spans_inside = 0
    for index in range(count):
        running += rate[index]
        running_forecast += forecast_rate[index]
        spans_inside += inside[index]
        if not spans_inside:
            # Nothing covers this bin whole: no rounding left over from the sums.
            running = running_forecast = 0.0
            continue
        days = ends[index] - starts[index] + 1
        spread[index] += running * days
        forecast[index] += running_forecast * days
    return Density(tuple(bins), tuple(exact), tuple(spread), tuple(forecast))


def event_density(store: StoreQuestions, bins: list[Bin], query: Query = MATCH_ALL) -> Density:
    """How many events fall in each bin."""
    return _distribute(bins, store.span_counts(query))


def casualty_density(store: StoreQuestions, bins: list[Bin], kind: CasualtyType,
                     query: Query = MATCH_ALL) -> Density:
    """Casualties per bin by the summary's rule: a cumulative figure is spread over the
    period it covers, and incident figures inside that period are not added again (the
    incidents' own figures are summed per bin, at any bin's width)."""
    figures = store.casualty_figures(query)
    chosen, _superseded = choose_cumulative(figures.cumulative_figures(kind))
    windows = [(c.first_day, c.last_day) for c in chosen]
    spans: list[tuple[int, int, bool, float]] = [
        (c.first_day.ordinal, c.last_day.ordinal, False, float(c.record.count))
        for c in chosen
    ]
    spans.extend(store.incident_spans(query, kind, windows))
    return _distribute(bins, spans)
