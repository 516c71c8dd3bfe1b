"""Dates as honest spans: earliest and latest day, with the precision the source gave."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import Enum

from model.days import DAY_YEARS, Day, check_year


class DatePrecision(str, Enum):
    """How finely a source pins an event in time."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"

    @property
    def rank(self) -> int:
        """Finer precision sorts first among events starting the same day."""
        return _PRECISION_RANK[self]


_PRECISION_RANK = {
    DatePrecision.DAY: 0,
    DatePrecision.WEEK: 1,
    DatePrecision.MONTH: 2,
    DatePrecision.YEAR: 3,
}

EN_DASH = "\u2013"


@dataclass(frozen=True, slots=True)
class DateSpan:
    """The days an event may have happened on, and how sure the date is."""

    earliest: Day
    """First day the event may have happened on."""
    latest: Day
    """Last day the event may have happened on (equal to `earliest` for a known day)."""
    precision: DatePrecision = DatePrecision.DAY
    """The finest unit the source actually gave."""
    inferred: bool = False
    """Derived rather than printed, e.g. "on Thursday" resolved from an inferred report date."""
    forecast: bool = False
    """A predicted date, not one on which anything has happened yet."""

    def __post_init__(self) -> None:
        if self.latest < self.earliest:
            raise ValueError(
                f"latest day {self.latest.isoformat()} is before earliest day "
                f"{self.earliest.isoformat()}"
            )
        first, last = self.earliest, self.latest
        if not (first.year in DAY_YEARS and last.year in DAY_YEARS) and (
                self.precision is not DatePrecision.YEAR
                or (first.year not in DAY_YEARS and (first.month, first.day) != (1, 1))
                or (last.year not in DAY_YEARS and (last.month, last.day) != (12, 31))):
            raise ValueError(
                f"{first.isoformat()}..{last.isoformat()} is known to the year only: days "
                f"and months are held for years {DAY_YEARS[0]}..{DAY_YEARS[-1]}")

    # -- construction -----------------------------------------------------------------

    @classmethod
    def day(cls, day: Day, *, inferred: bool = False, forecast: bool = False) -> DateSpan:
        """A single known day."""
        return cls(day, day, DatePrecision.DAY, inferred, forecast)

    @classmethod
    def month(cls, year: int, month: int, **flags: bool) -> DateSpan:
        """A whole calendar month."""
        if year not in DAY_YEARS:
            raise ValueError(f"year {year} is outside {DAY_YEARS[0]}..{DAY_YEARS[-1]}, where "
                             "months are held; give the year alone")
        # The calendar repeats every 400 years: Python's dates answer for any year.
        last = calendar.monthrange(year % 400 + 400, month)[1]
        return cls(Day(year, month, 1), Day(year, month, last), DatePrecision.MONTH, **flags)

    @classmethod
    def year(cls, year: int, **flags: bool) -> DateSpan:
        """A whole calendar year."""
        check_year(year)
        return cls(Day.first_of(year), Day.last_of(year), DatePrecision.YEAR, **flags)

    @classmethod
    def week_around(cls, middle: Day, **flags: bool) -> DateSpan:
        """The seven days centred on `middle` (ACLED gives a mid-week date for week precision)."""
        start = middle - dt.timedelta(days=3)
        try:
            return cls(start, start + dt.timedelta(days=6), DatePrecision.WEEK, **flags)
        except ValueError:
            raise ValueError(f"the week around {middle.isoformat()} runs outside the years "
                             f"held to the day ({DAY_YEARS[0]}..{DAY_YEARS[-1]})") from None

    # -- ordering ---------------------------------------------------------------------

    @property
    def sort_key(self) -> tuple[int, int]:
        """Earliest day first, then finer precision first."""
        return (self.earliest.ordinal, self.precision.rank)

    @property
    def days(self) -> int:
        """How many days the span covers."""
        return self.latest.ordinal - self.earliest.ordinal + 1

    def overlaps(self, other: DateSpan) -> bool:
        """True when the two spans share at least one day."""
        return self.earliest <= other.latest and other.earliest <= self.latest

    def contains(self, other: DateSpan) -> bool:
        """True when `other` lies wholly inside this span."""
        return self.earliest <= other.earliest and other.latest <= self.latest

    # -- display ----------------------------------------------------------------------

    def display(self) -> str:
        """Long human form that shows the precision honestly, e.g. "Thu 9 Jun 2016"."""
        text = self._plain()
        if self.forecast:
            text = f"{text} (forecast)"
        if self.inferred:
            text = f"{text} (inferred)"
        return text

    def described(self) -> str:
        """The date and how well it is known, in one phrase: "Thu 9 Jun 2016 — known to
        the day", "Jun 2016 — known to the month, not the day", "9–10 Jun 2016 — on
        one of these 2 days, not known which; inferred, not printed in the source". The one
        wording of a date's precision and flags, for every reader (the explorer's detail, the
        command line's `show`)."""
        said = [self._how_known()]
        if self.forecast:
            said.append("a forecast, not yet happened")
        if self.inferred:
            said.append("inferred, not printed in the source")
        return f"{self._plain()}{self._exact_years()} \u2014 {'; '.join(said)}"

    def _exact_years(self) -> str:
        """The years in full where the words round them: " (13,799,630,001 BCE)"."""
        first, last = self.earliest.year, self.latest.year
        if -WORDS_FROM < first and last < WORDS_FROM:
            return ""
        def full(year: int) -> str:
            return f"{1 - year:,} BCE" if year <= 0 else f"{year:,} CE"
        return f" ({full(first)})" if first == last else f" ({full(first)}{EN_DASH}{full(last)})"

    def _how_known(self) -> str:
        first, last = self.earliest, self.latest
        if self.precision is DatePrecision.DAY:
            if self.days == 1:
                return "known to the day"
            return f"on one of these {self.days} days, not known which"
        if self.precision is DatePrecision.WEEK:
            weeks = -(-self.days // 7)
            if weeks == 1:
                return "known to the week, not the day"
            return f"some day in these {weeks} weeks, not known which"
        if self.precision is DatePrecision.MONTH:
            months = (last.year - first.year) * 12 + last.month - first.month + 1
            if months == 1:
                return "known to the month, not the day"
            return f"some day in these {months} months, not known which"
        years = last.year - first.year + 1
        if years == 1:
            return "known to the year, not the month or day"
        return f"some day in these {years:,} years, not known which"

    def short(self) -> str:
        """Compact form for a timeline row: "9 Jun 2016", "12–13 Jun", "~Jun 2016"."""
        if self.precision is DatePrecision.DAY:
            return _day_range(self.earliest, self.latest, weekday=False)
        if self.precision is DatePrecision.WEEK:
            # The week's first day keeps the column narrow where a range would not fit.
            return f"~wk {format_day(self.earliest)}"
        first, last = self.earliest.year, self.latest.year
        if self.precision is DatePrecision.YEAR and (first <= -WORDS_FROM or last >= WORDS_FROM):
            if first == last:
                return "~" + short_years(first)
            a, b = short_years(first), short_years(last)
            return f"~{a.removesuffix(' yrs ago')}{EN_DASH}{b}" if a.endswith(" yrs ago") \
                and b.endswith(" yrs ago") else f"~{a}{EN_DASH}{b}"
        return "~" + self._plain()

    def _plain(self) -> str:
        first, last = self.earliest, self.latest
        if self.precision is DatePrecision.DAY:
            return _day_range(first, last, weekday=True)
        if self.precision is DatePrecision.WEEK:
            return f"week of {_day_range(first, last, weekday=False)}"
        if self.precision is DatePrecision.MONTH:
            if (first.year, first.month) == (last.year, last.month):
                return f"{first.month_name} {year_words(first.year)}"
            if first.year == last.year:
                return f"{first.month_name}{EN_DASH}{last.month_name} {year_words(first.year)}"
            return (f"{first.month_name} {year_words(first.year)}{EN_DASH}"
                    f"{last.month_name} {year_words(last.year)}")
        return year_range(first.year, last.year)


def year_range(first: int, last: int) -> str:
    """Years as a range in words: "2016", "2015–2016", "500–400 BCE", "75–400 CE"."""
    if first == last:
        return year_words(first)
    return _joined(year_words(first), year_words(last))


def _joined(a: str, b: str) -> str:
    """Two dates as a range, the era said once when both share it: "500–400 BCE"."""
    for era in (" BCE", " years ago", " CE"):
        if a.endswith(era) and b.endswith(era):
            return f"{a[:-len(era)]}{EN_DASH}{b}"
    return f"{a}{EN_DASH}{b}"


WORDS_FROM = 10**6
"""From a million years either side of year 0 a year is said in words."""


def year_words(year: int) -> str:
    """A year as a reader says it: "2016", "75 CE", "6 BCE" (year -5: astronomical years
    count a year 0), "12,000 BCE", "13.8 billion years ago", "1 million CE"."""
    if year <= -WORDS_FROM:
        return f"{magnitude(-year)} years ago"
    if year >= WORDS_FROM:
        return f"{magnitude(year)} CE"
    if year <= 0:
        return f"{1 - year:,} BCE" if year <= -9999 else f"{1 - year} BCE"
    if year < 1000:
        return f"{year} CE"
    return f"{year:,}" if year >= 10_000 else str(year)


def short_years(year: int) -> str:
    """A year beyond a million years either side in a row's few columns: "13.8bn yrs ago",
    "539m yrs ago", "1.5m CE"; nearer years as `year_words` says them."""
    if -WORDS_FROM < year < WORDS_FROM:
        return year_words(year)
    count, word = magnitude(abs(year)).split(" ")
    unit = {"billion": "bn", "million": "m"}[word]
    return f"{count}{unit} yrs ago" if year < 0 else f"{count}{unit} CE"


def magnitude(years: int) -> str:
    """A count of years to three figures in words: "13.8 billion", "65 million"."""
    rounded = float(f"{years:.3g}")  # 999,950,000 is "1 billion", not "1,000 million"
    for size, word in ((10**9, "billion"), (10**6, "million")):
        if rounded >= size:
            return f"{rounded / size:,g} {word}"
    return f"{years:,}"


def _day_range(first: Day, last: Day, *, weekday: bool) -> str:
    def one(day: Day) -> str:
        text = format_day(day)
        return f"{day.weekday_name} {text}" if weekday else text

    if first == last:
        return one(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{EN_DASH}{last.day} {first.month_name} {year_words(first.year)}"
    if first.year == last.year:
        return (f"{first.day} {first.month_name}{EN_DASH}{last.day} {last.month_name} "
                f"{year_words(first.year)}")
    return _joined(one(first), one(last))


def format_day(day: Day | dt.date) -> str:
    """One day in the form used throughout: "12 May 2016", "3 Mar 500 BCE"."""
    if isinstance(day, dt.date):
        day = Day.of(day)
    return f"{day.day} {day.month_name} {year_words(day.year)}"
