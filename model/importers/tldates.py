"""TimelineJS date objects and Dateline date spans, both ways.

A TimelineJS date is an object of parts, `{"year": "1943", "month": "7", "day": ""}`: the
parts present give its precision (year only is a year, year and month a month, all three a
day). Parts may be numbers or strings, zero-padded ("08") or empty (absent). A slide's span
runs from the first day of its start date to the last day of its end date (or of the start
date's own unit when there is no end date); its precision is the start date's.

Years are astronomical, as TimelineJS reads them (JavaScript's `Date` counts a year 0): year
0 is 1 BCE and -6 is 7 BCE. Any year out to ±10^11 is read; a month or day given for a year
outside -9999..9999, where Dateline holds dates to the year only, is dropped and the date
read as its year (`DateParts.coarsened_from` keeps what was given, for the import to say so).
"""

from __future__ import annotations

import calendar
import math
from typing import Any, NamedTuple

from model.dates import DatePrecision, DateSpan
from model.days import DAY_YEARS, Day, check_year


class DateParts(NamedTuple):
    """The parts of a TimelineJS date that Dateline keeps."""

    year: int
    month: int | None = None
    day: int | None = None
    time: str | None = None
    """"HH:MM" or "HH:MM:SS" when the date gave a time of day."""
    coarsened_from: str | None = None
    """The date as given ("12000-06-09", "-20000-03") when it had a month or day that
    Dateline does not hold for its year (outside -9999..9999) and was read as the year."""

    @property
    def precision(self) -> DatePrecision:
        """Year, month or day, from the parts present."""
        if self.month is None:
            return DatePrecision.YEAR
        return DatePrecision.MONTH if self.day is None else DatePrecision.DAY

    @property
    def first(self) -> Day:
        """The first day the date covers."""
        return Day(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> Day:
        """The last day the date covers."""
        if self.month is None:
            return Day.last_of(self.year)
        if self.day is None:
            return Day(self.year, self.month, _month_days(self.year, self.month))
        return Day(self.year, self.month, self.day)

    def as_year(self) -> DateParts:
        """The date read as its year alone, remembering the month and day it gave."""
        if self.month is None:
            return self
        given = f"{self.year}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")
        return DateParts(self.year, coarsened_from=given)


def _month_days(year: int, month: int) -> int:
    # The calendar repeats every 400 years: Python's calendar answers for any year.
    return calendar.monthrange(year % 400 + 400, month)[1]


def _number(value: Any) -> int | None | str:
    """A date part as an int, None when absent or empty, or why it is not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value in (math.inf, -math.inf):
            return f"'{value}' is too big for a date"
        return int(value) if value.is_integer() else f"'{value}' is not a whole number"
    text = str(value).strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return f"'{text[:40]}' is not a number"
        if number in (math.inf, -math.inf):
            return f"'{text[:40]}' is too big for a date"
        return int(number) if number.is_integer() else f"'{text[:40]}' is not a whole number"


def read_parts(obj: Any) -> DateParts | None | str:
    """The parts of a date object; None when it has no year; a reason when it is unusable."""
    if obj is None:
        return None
    if not isinstance(obj, dict):
        return f"is not a date object ({type(obj).__name__})"
    year = _number(obj.get("year"))
    if year is None:
        return None if not any(_number(obj.get(k)) for k in ("month", "day")) \
            else "has a month or day but no year"
    if isinstance(year, str):
        return f"year {year}"
    try:
        check_year(year)
    except ValueError as refused:
        return str(refused)
    month = _number(obj.get("month"))
    if isinstance(month, str):
        return f"month {month}"
    if month is not None and not 1 <= month <= 12:
        return f"month {month} is not a month"
    day = _number(obj.get("day")) if month is not None else None
    if isinstance(day, str):
        return f"day {day}"
    if day is not None:
        try:
            Day(year, month or 1, day)
        except (ValueError, OverflowError):  # OverflowError: a day too big for a C int
            return f"{year}-{month:02d}-{day:02d} is not a date"
    parts = DateParts(year, month, day, _time(obj) if day is not None else None)
    return parts if year in DAY_YEARS else parts.as_year()


def _time(obj: dict[str, Any]) -> str | None:
    parts = [_number(obj.get(k)) for k in ("hour", "minute", "second")]
    if parts[0] is None or any(isinstance(p, str) for p in parts):
        return None
    hour, minute, second = (p if isinstance(p, int) else 0 for p in parts)
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        return None
    return f"{hour:02d}:{minute:02d}:{second:02d}" if parts[2] is not None \
        else f"{hour:02d}:{minute:02d}"


def held(start: DateParts, end: DateParts | None) -> DateParts:
    """The start date as Dateline can hold it with this end: its year alone when the end
    lies beyond the years held to the day (a span finer than a year must end inside them)."""
    if end is not None and end.year not in DAY_YEARS:
        return start.as_year()
    return start


def span_of(start: DateParts, end: DateParts | None) -> DateSpan | str:
    """The span from a start date to an end date; a reason when the end comes first.
    A start with a month or day and an end beyond -9999..9999 is read as its year (`held`)."""
    start = held(start, end)
    latest = end.last if end is not None else start.last
    if latest < start.first:
        return f"end_date {latest.isoformat()} is before start_date {start.first.isoformat()}"
    return DateSpan(start.first, latest, start.precision)


def parts_of(day: Day, precision: DatePrecision, time: str | None = None) -> dict[str, str]:
    """A TimelineJS date object for a day at a precision (week is written as days)."""
    parts = {"year": str(day.year)}
    if precision is not DatePrecision.YEAR:
        parts["month"] = str(day.month)
    if precision in (DatePrecision.DAY, DatePrecision.WEEK):
        parts["day"] = str(day.day)
        if time:
            hour, minute, *second = time.split(":")
            parts["hour"], parts["minute"] = str(int(hour)), str(int(minute))
            if second:
                parts["second"] = str(int(second[0]))
    return parts


def dates_of(span: DateSpan, end_precision: DatePrecision | None = None,
             start_time: str | None = None, end_time: str | None = None
             ) -> tuple[dict[str, str], dict[str, str] | None]:
    """TimelineJS start_date and end_date (None when the start's own unit is the span).

    A span whose ends do not fall on its precision's boundaries (UCDP's "known year" with
    the days 18 Feb to 18 Apr) is written with its days, which keeps where it lies; beyond
    the years held to the day (-9999..9999) an end is written as its year. Years are
    written as TimelineJS reads them, astronomical and of any size: "-6", "0",
    "-13800000000".
    """
    if not (span.earliest.day_precise and span.latest.day_precise):
        # A year span reaching beyond the years held to the day, its ends out there on their
        # years' edges (DateSpan holds that). Its start is written as a year (widened to
        # it: a start with a day and an end out there is read back as its year); an end out
        # there is a year, one inside them keeps its day.
        if not span.latest.day_precise:
            end_precision = None
        elif not _ends_unit(span.latest, end_precision or DatePrecision.YEAR):
            end_precision = DatePrecision.DAY
        if not _starts_unit(span.earliest, DatePrecision.YEAR):
            span = DateSpan(Day.first_of(span.earliest.year), span.latest, DatePrecision.YEAR,
                            span.inferred, span.forecast)
    if not aligned(span, end_precision):
        return (parts_of(span.earliest, DatePrecision.DAY, start_time),
                parts_of(span.latest, DatePrecision.DAY, end_time))
    start = parts_of(span.earliest, span.precision, start_time)
    precision = end_precision or span.precision
    own_end = DateParts(span.earliest.year,
                        None if span.precision is DatePrecision.YEAR else span.earliest.month,
                        span.earliest.day if span.precision is DatePrecision.DAY else None)
    if end_precision is None and span.precision is not DatePrecision.WEEK \
            and span.latest == own_end.last and not end_time:
        return start, None
    return start, parts_of(span.latest, precision, end_time)


def _starts_unit(day: Day, precision: DatePrecision) -> bool:
    if precision is DatePrecision.YEAR:
        return (day.month, day.day) == (1, 1)
    return day.day == 1 if precision is DatePrecision.MONTH else True


def _ends_unit(day: Day, precision: DatePrecision) -> bool:
    if precision is DatePrecision.YEAR:
        return (day.month, day.day) == (12, 31)
    if precision is DatePrecision.MONTH:
        return day.day == _month_days(day.year, day.month)
    return True


def aligned(span: DateSpan, end_precision: DatePrecision | None = None) -> bool:
    """True when the span starts on its unit's first day and ends on a unit's last day."""
    return (_starts_unit(span.earliest, span.precision)
            and _ends_unit(span.latest, end_precision or span.precision))
