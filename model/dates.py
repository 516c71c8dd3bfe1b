"""Dates as honest spans: earliest and latest day, with the precision the source gave."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import Enum


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

    earliest: dt.date
    """First day the event may have happened on."""
    latest: dt.date
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

    # -- construction -----------------------------------------------------------------

    @classmethod
    def day(cls, day: dt.date, *, inferred: bool = False, forecast: bool = False) -> DateSpan:
        """A single known day."""
        return cls(day, day, DatePrecision.DAY, inferred, forecast)

    @classmethod
    def month(cls, year: int, month: int, **flags: bool) -> DateSpan:
        """A whole calendar month."""
        _check_year(year)
        last = calendar.monthrange(year, month)[1]
        return cls(dt.date(year, month, 1), dt.date(year, month, last), DatePrecision.MONTH,
                   **flags)

    @classmethod
    def year(cls, year: int, **flags: bool) -> DateSpan:
        """A whole calendar year."""
        _check_year(year)
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), DatePrecision.YEAR, **flags)

    @classmethod
    def week_around(cls, middle: dt.date, **flags: bool) -> DateSpan:
        """The seven days centred on `middle` (ACLED gives a mid-week date for week precision)."""
        try:
            start = middle - dt.timedelta(days=3)
            return cls(start, start + dt.timedelta(days=6), DatePrecision.WEEK, **flags)
        except OverflowError:
            raise ValueError(f"the week around {middle.isoformat()} runs outside the calendar "
                             f"({dt.MINYEAR}..{dt.MAXYEAR})") from None

    # -- ordering ---------------------------------------------------------------------

    @property
    def sort_key(self) -> tuple[int, int]:
        """Earliest day first, then finer precision first."""
        return (self.earliest.toordinal(), self.precision.rank)

    @property
    def days(self) -> int:
        """How many days the span covers."""
        return (self.latest - self.earliest).days + 1

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
        return f"{self._plain()} \u2014 {'; '.join(said)}"

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
        return f"some day in these {years} years, not known which"

    def short(self) -> str:
        """Compact form for a timeline row: "9 Jun 2016", "12–13 Jun", "~Jun 2016"."""
        if self.precision is DatePrecision.DAY:
            return _day_range(self.earliest, self.latest, weekday=False)
        if self.precision is DatePrecision.WEEK:
            # The week's first day keeps the column narrow where a range would not fit.
            return f"~wk {format_day(self.earliest)}"
        return "~" + self._plain()

    def _plain(self) -> str:
        first, last = self.earliest, self.latest
        if self.precision is DatePrecision.DAY:
            return _day_range(first, last, weekday=True)
        if self.precision is DatePrecision.WEEK:
            return f"week of {_day_range(first, last, weekday=False)}"
        if self.precision is DatePrecision.MONTH:
            if (first.year, first.month) == (last.year, last.month):
                return f"{first:%b %Y}"
            if first.year == last.year:
                return f"{first:%b}{EN_DASH}{last:%b %Y}"
            return f"{first:%b %Y}{EN_DASH}{last:%b %Y}"
        if first.year == last.year:
            return f"{first.year}"
        return f"{first.year}{EN_DASH}{last.year}"


def _check_year(year: int) -> None:
    # dt.date raises OverflowError, not ValueError, for a year past a C int.
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValueError(f"year {year} is outside the calendar ({dt.MINYEAR}..{dt.MAXYEAR})")


def _day_range(first: dt.date, last: dt.date, *, weekday: bool) -> str:
    def one(day: dt.date) -> str:
        text = f"{day.day} {day:%b} {day.year}"
        return f"{day:%a} {text}" if weekday else text

    if first == last:
        return one(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{EN_DASH}{last.day} {first:%b} {first.year}"
    if first.year == last.year:
        return f"{first.day} {first:%b}{EN_DASH}{last.day} {last:%b} {first.year}"
    return f"{one(first)}{EN_DASH}{one(last)}"


def format_day(day: dt.date) -> str:
    """One day in the form used throughout: "12 May 2016"."""
    return f"{day.day} {day:%b} {day.year}"
