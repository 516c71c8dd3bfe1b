"""Events (or casualties) per bin of time, with imprecise dates spread over their span.

An event known only to a week or a month is spread over the bins its span covers, never piled
on its first day. Everything is computed from the store's grouped counts, so the cost depends
on the number of distinct date spans, not on the number of events.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from model.casualties import choose_cumulative
from model.event import CasualtyType
from model.query import MATCH_ALL, Query
from model.store.protocol import StoreQuestions


class BinUnit(str, Enum):
    """How wide one bin is."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"

    def finer(self) -> BinUnit:
        """The next smaller unit (a day stays a day)."""
        order = list(BinUnit)
        return order[max(0, order.index(self) - 1)]

    def coarser(self) -> BinUnit:
        """The next larger unit (a year stays a year)."""
        order = list(BinUnit)
        return order[min(len(order) - 1, order.index(self) + 1)]


@dataclass(frozen=True, slots=True)
class Bin:
    """One bin: its first and last day."""

    start: dt.date
    end: dt.date
    unit: BinUnit

    def label(self, *, year: bool = False) -> str:
        """Short label: "9 Jun", "w/c 6 Jun", "Jun 2016", "2016"; with `year`, days and
        weeks say theirs too ("w/c 24 Dec 2018")."""
        suffix = f" {self.start.year}" if year else ""
        if self.unit is BinUnit.DAY:
            return f"{self.start.day} {self.start:%b}{suffix}"
        if self.unit is BinUnit.WEEK:
            return f"w/c {self.start.day} {self.start:%b}{suffix}"
        if self.unit is BinUnit.MONTH:
            return f"{self.start:%b %Y}"
        return f"{self.start.year}"

    def query_term(self) -> str:
        """The filter term that selects this bin's dates."""
        if self.unit is BinUnit.DAY:
            return f"date:{self.start.isoformat()}"
        if self.unit is BinUnit.WEEK:
            return f"date:{self.start.isoformat()}..{self.end.isoformat()}"
        if self.unit is BinUnit.MONTH:
            return f"date:{self.start:%Y-%m}"
        return f"date:{self.start.year}"


def _start_of(day: dt.date, unit: BinUnit) -> dt.date:
    if unit is BinUnit.DAY:
        return day
    if unit is BinUnit.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if unit is BinUnit.MONTH:
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _end_of(start: dt.date, unit: BinUnit) -> dt.date:
    if unit is BinUnit.DAY:
        return start
    if unit is BinUnit.WEEK:
        return start + dt.timedelta(days=6)
    if unit is BinUnit.MONTH:
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start.replace(month=12, day=31)


def make_bins(first: dt.date, last: dt.date, unit: BinUnit, *, limit: int = 100_000) -> list[Bin]:
    """Consecutive bins of `unit` covering first..last (at most `limit`)."""
    bins: list[Bin] = []
    start = _start_of(first, unit)
    while start <= last and len(bins) < limit:
        end = _end_of(start, unit)
        bins.append(Bin(start, end, unit))
        if end >= dt.date.max:
            break
        start = end + dt.timedelta(days=1)
    return bins


def choose_unit(first: dt.date, last: dt.date, width: int) -> BinUnit:
    """The finest unit whose bins fit in `width` columns."""
    days = (last - first).days + 1
    for unit, per_bin in ((BinUnit.DAY, 1), (BinUnit.WEEK, 7), (BinUnit.MONTH, 30.44)):
        if days / per_bin + 1 <= max(1, width):
            return unit
    return BinUnit.YEAR


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

    def bin_of(self, day: dt.date) -> int | None:
        """The index of the bin holding `day`."""
        starts = [b.start for b in self.bins]
        index = bisect_right(starts, day) - 1
        if 0 <= index < len(self.bins) and day <= self.bins[index].end:
            return index
        return None


def _distribute(bins: list[Bin], spans: Iterable[tuple[int, int, bool, float]]) -> Density:
    starts = [b.start.toordinal() for b in bins]
    ends = [b.end.toordinal() for b in bins]
    exact = [0.0] * len(bins)
    spread = [0.0] * len(bins)
    forecast = [0.0] * len(bins)
    for earliest, latest, is_forecast, amount in spans:
        first = max(0, bisect_right(starts, earliest) - 1)
        last = max(0, bisect_right(starts, latest) - 1)
        if not bins or latest < starts[0] or earliest > ends[-1]:
            continue
        if first == last:
            exact[first] += amount
            if is_forecast:
                forecast[first] += amount
            continue
        total_days = latest - earliest + 1
        for index in range(first, last + 1):
            overlap = min(latest, ends[index]) - max(earliest, starts[index]) + 1
            if overlap > 0:
                share = amount * overlap / total_days
                spread[index] += share
                if is_forecast:
                    forecast[index] += share
    return Density(tuple(bins), tuple(exact), tuple(spread), tuple(forecast))


def event_density(store: StoreQuestions, bins: list[Bin], query: Query = MATCH_ALL) -> Density:
    """How many events fall in each bin."""
    return _distribute(bins, store.span_counts(query))


def casualty_density(store: StoreQuestions, bins: list[Bin], kind: CasualtyType,
                     query: Query = MATCH_ALL) -> Density:
    """Casualties per bin by the summary's rule: a cumulative figure is spread over the
    period it covers, and incident figures inside that period are not added again."""
    figures = store.casualty_figures(query)
    chosen, _superseded = choose_cumulative(figures.cumulative_figures(kind))
    windows = [(c.first_day, c.last_day) for c in chosen]
    spans: list[tuple[int, int, bool, float]] = [
        (c.first_day.toordinal(), c.last_day.toordinal(), False, float(c.record.count))
        for c in chosen
    ]
    spans.extend(store.incident_spans(query, kind, windows))
    return _distribute(bins, spans)
