"""Dates as people type them, kept at the precision they typed ("2016-06", "9 June 2016")."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateutil_parser
from dateutil.relativedelta import relativedelta

from model.dates import DateSpan

_YEAR = re.compile(r"\s*(\d{4})\s*\Z")
_YEAR_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})\s*\Z")
_RELATIVE = re.compile(r"\s*([+-])\s*(\d{1,5})\s*([dwmy])\s*\Z", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class UserDateError(ValueError):
    """A date the user typed that cannot be read; the message says why."""


def _components_given(text: str) -> tuple[dt.date, bool, bool, bool]:
    # Parsing twice with defaults that differ in every part shows which parts the text gave.
    first = dateutil_parser.parse(text, default=dt.datetime(2000, 1, 1), dayfirst=False)
    second = dateutil_parser.parse(text, default=dt.datetime(2004, 2, 2), dayfirst=False)
    return first.date(), first.year == second.year, first.month == second.month, \
        first.day == second.day


def parse_user_date(text: str, *, default_year: int | None = None) -> DateSpan:
    """A span at the precision typed: "2016" a year, "Jun 2016" a month, "9 jun 2016" a day.

    Without a year, `default_year` is used when given; otherwise the text is refused as
    ambiguous.
    """
    raw = text.strip()
    if not raw:
        raise UserDateError("a date is needed here")
    if len(raw) > 64:
        raise UserDateError("that is too long to be a date")
    if match := _YEAR.match(raw):
        year = int(match.group(1))
        if year < 1:
            raise UserDateError(f"year {year} is outside 1..9999")
        return DateSpan.year(year)
    if match := _YEAR_MONTH.match(raw):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12 or year < 1:
            raise UserDateError(f"'{raw}' is not a month (use YYYY-MM)")
        return DateSpan.month(year, month)
    try:
        day, has_year, has_month, has_day = _components_given(raw)
    except (ValueError, OverflowError) as error:
        raise UserDateError(f"'{raw}' is not a date I can read") from error
    if not has_year:
        if default_year is None:
            raise UserDateError(f"'{raw}' has no year; add one (e.g. '{raw} 2016')")
        try:
            day = day.replace(year=default_year)
        except ValueError as error:
            raise UserDateError(f"'{raw}' does not exist in {default_year}") from error
    if not has_month:
        if has_day:
            raise UserDateError(f"'{raw}' has a day but no month")
        return DateSpan.year(day.year)
    if not has_day:
        return DateSpan.month(day.year, day.month)
    return DateSpan.day(day)


def parse_jump_date(text: str, *, around: dt.date, default_year: int) -> dt.date:
    """A day to go to: absolute ("9 jun"), relative to `around` ("+2d", "-1w", "next thursday").

    For a month or year the first day is returned.
    """
    raw = text.strip().lower()
    if match := _RELATIVE.match(raw):
        sign = 1 if match.group(1) == "+" else -1
        amount = sign * int(match.group(2))
        unit = match.group(3)
        delta = {"d": relativedelta(days=amount), "w": relativedelta(weeks=amount),
                 "m": relativedelta(months=amount), "y": relativedelta(years=amount)}[unit]
        try:
            moved: dt.date = around + delta
            return moved
        except (OverflowError, ValueError) as error:
            raise UserDateError(f"'{text}' goes outside the calendar") from error
    for word, direction in (("next ", 1), ("last ", -1), ("previous ", -1)):
        if raw.startswith(word) and raw[len(word):] in _WEEKDAYS:
            target = _WEEKDAYS.index(raw[len(word):])
            step = (target - around.weekday()) % 7 if direction > 0 else \
                (around.weekday() - target) % 7
            return around + dt.timedelta(days=direction * (step or 7))
    if raw in ("today", "reference"):
        return around
    return parse_user_date(text, default_year=default_year).earliest

