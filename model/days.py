"""Days across all of history: the proleptic Gregorian calendar with astronomical years.

Year 0 is 1 BCE and year -5 is 6 BCE. A `Day` is a signed count of days (its `ordinal`,
1 for 1 January of year 1 as Python's dates count, 0 for the day before, negative before
that), so chronological order is integer order everywhere: in memory, in the store and
in queries. Days are held to the day for years -9999..9999 (`DAY_YEARS`); beyond them, out
to ±10^11 years (`YEAR_LIMIT`), a date is known to the year only, and a `Day` there is the
first or last day of a year, the edges of a year-precision span.

The calendar repeats every 400 years (146,097 days, a whole number of weeks), so a day
outside Python's years 1..9999 is found by moving it into them by whole cycles: every
date calculation is Python's own, shifted.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, overload

CYCLE_YEARS = 400
CYCLE_DAYS = 146_097
DAY_YEARS = range(-9999, 10_000)
"""The years a date is held to the day in; beyond them, to the year."""
YEAR_LIMIT = 10**11
"""The furthest year from year 0 Dateline holds, either way (past the age of the universe)."""

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_MONTHS = tuple(name[:3] for name in _MONTH_NAMES)
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_PY_LAST = dt.date.max.toordinal()


def _cycles(year: int) -> int:
    """How many 400-year cycles move `year` into 1..400 (floor division: negative before)."""
    return (year - 1) // CYCLE_YEARS if not 1 <= year <= 9999 else 0


def check_year(year: int) -> None:
    """Refuse a year Dateline cannot hold, naming the limit."""
    if not -YEAR_LIMIT <= year <= YEAR_LIMIT:
        raise ValueError(f"year {year} is outside \u00b1{YEAR_LIMIT:,} (100 billion years "
                         "either way), the furthest Dateline holds")


class Day(tuple[int, int, int, int]):
    """One day: `Day(2016, 6, 9)`, `Day(-5, 3, 15)` (15 March 6 BCE), `Day.fromordinal(n)`.

    Immutable and ordered by its ordinal (a tuple of ordinal, year, month and day, so that
    comparing and hashing run at C speed); it answers what `datetime.date` answers (year,
    month, day, weekday, isoformat, arithmetic with `timedelta`) for any year.
    """

    __slots__ = ()

    def __new__(cls, year: int, month: int = 1, day: int = 1) -> Day:
        if 1 <= year <= 9999:
            ordinal = dt.date(year, month, day).toordinal()
        else:
            check_year(year)
            k = _cycles(year)
            ordinal = dt.date(year - k * CYCLE_YEARS, month, day).toordinal() + k * CYCLE_DAYS
        return tuple.__new__(cls, (ordinal, year, month, day))

    @classmethod
    def fromordinal(cls, ordinal: int) -> Day:
        """The day `ordinal` days after 31 December of year 0 (negative: before it)."""
        if 1 <= ordinal <= _PY_LAST:
            d = dt.date.fromordinal(ordinal)
            return tuple.__new__(cls, (ordinal, d.year, d.month, d.day))
        k = (ordinal - 1) // CYCLE_DAYS
        d = dt.date.fromordinal(ordinal - k * CYCLE_DAYS)
        year = d.year + k * CYCLE_YEARS
        check_year(year)
        return tuple.__new__(cls, (ordinal, year, d.month, d.day))

    @classmethod
    def of(cls, date: dt.date) -> Day:
        """The same day as a Python date."""
        return tuple.__new__(cls, (date.toordinal(), date.year, date.month, date.day))

    @classmethod
    def first_of(cls, year: int) -> Day:
        """1 January of a year."""
        return cls(year, 1, 1)

    @classmethod
    def last_of(cls, year: int) -> Day:
        """31 December of a year."""
        return cls(year, 12, 31)

    @classmethod
    def fromisoformat(cls, text: str, *, last: bool = False) -> Day:
        """A day from ISO 8601, in its expanded form too: "2016-06-09", "0000-01-01",
        "-0005-03-15", "+12000-01-01", or a year alone ("-13800000000", "1911"), which is
        the year's first day, or its last when `last`. Raises ValueError naming the text."""
        match = _ISO.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"'{text[:40]}' is not a date like 2016-06-09 or -0005-03-15")
        sign, digits, month, day = match.groups()
        if month and (len(digits) < 4 or (len(digits) > 4 and not sign)):
            raise ValueError(f"'{text[:40]}': a year of other than four digits needs a sign "
                             "(ISO 8601 expanded form, e.g. +12000-01-01)")
        year = -int(digits) if sign == "-" else int(digits)
        check_year(year)
        if month is None:
            return cls.last_of(year) if last else cls.first_of(year)
        try:
            return cls(year, int(month), int(day))
        except ValueError:
            raise ValueError(f"'{text[:40]}' is not a day of the calendar") from None

    # -- what a date answers -----------------------------------------------------------

    @property
    def ordinal(self) -> int:
        """Days after 31 December of year 0 (1 is 1 January of year 1, as Python counts)."""
        return self[0]

    @property
    def year(self) -> int:
        """The astronomical year: 0 is 1 BCE, -5 is 6 BCE."""
        return self[1]

    @property
    def month(self) -> int:
        """1..12."""
        return self[2]

    @property
    def day(self) -> int:
        """Day of the month, 1..31."""
        return self[3]

    def toordinal(self) -> int:
        """The ordinal, as `datetime.date.toordinal` gives it (for the same days)."""
        return self[0]

    def weekday(self) -> int:
        """Monday 0 .. Sunday 6."""
        return (self[0] + 6) % 7

    @property
    def month_name(self) -> str:
        """"Jun"."""
        return _MONTHS[self[2] - 1]

    @property
    def month_full_name(self) -> str:
        """"June"."""
        return _MONTH_NAMES[self[2] - 1]

    @property
    def weekday_name(self) -> str:
        """"Thu"."""
        return _WEEKDAYS[self.weekday()]

    @property
    def day_precise(self) -> bool:
        """True when the year is one Dateline holds to the day (-9999..9999)."""
        return self[1] in DAY_YEARS

    def to_date(self) -> dt.date | None:
        """The same day as a Python date, when its year is 1..9999."""
        return dt.date.fromordinal(self[0]) if 1 <= self[0] <= _PY_LAST else None

    def isoformat(self) -> str:
        """ISO 8601; years outside 0..9999 in the expanded form: "-0005-03-15"."""
        return f"{year_iso(self[1])}-{self[2]:02d}-{self[3]:02d}"

    def replace(self, *, year: int | None = None, month: int | None = None,
                day: int | None = None) -> Day:
        """The same day with some parts changed."""
        return Day(self[1] if year is None else year, self[2] if month is None else month,
                   self[3] if day is None else day)

    # -- arithmetic ------------------------------------------------------------------

    def __add__(self, other: object) -> Day:
        if isinstance(other, dt.timedelta):
            return Day.fromordinal(self[0] + other.days)
        return NotImplemented

    __radd__ = __add__

    @overload
    def __sub__(self, other: Day) -> dt.timedelta: ...

    @overload
    def __sub__(self, other: dt.timedelta) -> Day: ...

    def __sub__(self, other: object) -> Any:
        if isinstance(other, Day):
            return dt.timedelta(days=self[0] - other[0])
        if isinstance(other, dt.timedelta):
            return Day.fromordinal(self[0] - other.days)
        return NotImplemented

    def __mul__(self, other: object) -> Day:
        return NotImplemented

    def __reduce__(self) -> tuple[Any, ...]:
        return (Day.fromordinal, (self[0],))

    def __repr__(self) -> str:
        return f"Day({self[1]}, {self[2]}, {self[3]})"


_ISO = re.compile(r"([+-]?)([0-9]{1,12})(?:-([0-9]{2})-([0-9]{2}))?", re.ASCII)


def year_iso(year: int) -> str:
    """A year as ISO 8601 writes it: "2016", "0000", "-0005", "+12000", "-13800000000"."""
    if 0 <= year <= 9999:
        return f"{year:04d}"
    return f"{'-' if year < 0 else '+'}{abs(year):04d}"


MIN_DAY = Day.first_of(-YEAR_LIMIT)
MAX_DAY = Day.last_of(YEAR_LIMIT)
"""The first and last days Dateline holds (the open ends of a range)."""
