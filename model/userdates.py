"""Dates as people type them, kept at the precision they typed ("2016-06", "9 June 2016"),
and relative to a day ("yesterday", "3 days ago", "last week", "+2d", "next thursday"): the
one reading of a typed date, for going to a date (`t`) and for a query's date terms."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateutil_parser
from dateutil.relativedelta import relativedelta

from model.dates import DatePrecision, DateSpan

_YEAR = re.compile(r"\s*([0-9]{4})\s*\Z")
_YEAR_MONTH = re.compile(r"\s*([0-9]{4})-([0-9]{1,2})\s*\Z")
_RELATIVE = re.compile(r"\s*([+-])\s*([0-9]{1,5})\s*([dwmy])\s*\Z", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_AMOUNT = r"([0-9]{1,5}|an?)\s+(day|week|month|year)s?"
_AGO = re.compile(_AMOUNT + r"\s+ago", re.IGNORECASE)
_IN = re.compile(r"in\s+" + _AMOUNT, re.IGNORECASE)
_PERIOD = re.compile(r"(this|last|previous|next)\s+(week|month|year)", re.IGNORECASE)
_NEAR_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_LOOKS_RELATIVE = re.compile(r"\b(ago|last|next|this|previous|in)\b|^[+-]", re.IGNORECASE)

RELATIVE_FORMS = ("today", "yesterday", "tomorrow", "3 days ago", "in 2 weeks", "last week",
                  "this month", "next year", "last thursday", "+2d", "-1w")
"""What a relative date looks like, for help and messages (each is read by
`parse_relative_date`; tests hold them so)."""
_HINT = "yesterday, 3 days ago, last week, next thursday, +2d"


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
    if any(ch.isdigit() and not "0" <= ch <= "9" for ch in raw):
        raise UserDateError("only the digits 0-9 are read in a date")
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


def parse_relative_date(text: str, *, around: dt.date) -> DateSpan | None:
    """The span a date relative to `around` names, or None when `text` is not one.

    A day: "today", "yesterday", "tomorrow", "3 days ago", "a week ago", "in 2 months",
    "+2d", "-1w", "+1m", "-1y", "next thursday", "last friday" (never `around` itself). A
    calendar week (Monday to Sunday), month or year: "this week", "last month", "next year".
    """
    raw = " ".join(text.split()).lower()
    try:
        return _relative(raw, around)
    except (OverflowError, ValueError) as error:
        raise UserDateError(f"'{text.strip()}' goes outside the calendar") from error


def _relative(raw: str, around: dt.date) -> DateSpan | None:
    if raw in _NEAR_DAYS:
        return DateSpan.day(around + dt.timedelta(days=_NEAR_DAYS[raw]))
    if match := _RELATIVE.fullmatch(raw):
        sign = 1 if match.group(1) == "+" else -1
        unit = {"d": "day", "w": "week", "m": "month", "y": "year"}[match.group(3)]
        return DateSpan.day(_moved(around, sign * int(match.group(2)), unit))
    if (match := _AGO.fullmatch(raw)) or (match := _IN.fullmatch(raw)):
        sign = -1 if match.re is _AGO else 1
        amount = 1 if match.group(1) in ("a", "an") else int(match.group(1))
        return DateSpan.day(_moved(around, sign * amount, match.group(2)))
    if match := _PERIOD.fullmatch(raw):
        step = {"this": 0, "next": 1}.get(match.group(1), -1)
        return _period(around, step, match.group(2))
    for word, direction in (("next ", 1), ("last ", -1), ("previous ", -1)):
        if raw.startswith(word) and raw[len(word):] in _WEEKDAYS:
            target = _WEEKDAYS.index(raw[len(word):])
            step = (target - around.weekday()) % 7 if direction > 0 else \
                (around.weekday() - target) % 7
            return DateSpan.day(around + dt.timedelta(days=direction * (step or 7)))
    return None


def _moved(around: dt.date, amount: int, unit: str) -> dt.date:
    delta = {"day": relativedelta(days=amount), "week": relativedelta(weeks=amount),
             "month": relativedelta(months=amount), "year": relativedelta(years=amount)}[unit]
    moved: dt.date = around + delta
    return moved


def _period(around: dt.date, step: int, unit: str) -> DateSpan:
    if unit == "week":
        monday = around - dt.timedelta(days=around.weekday()) + dt.timedelta(weeks=step)
        return DateSpan(monday, monday + dt.timedelta(days=6), DatePrecision.WEEK)
    if unit == "month":
        first: dt.date = around.replace(day=1) + relativedelta(months=step)
        return DateSpan.month(first.year, first.month)
    return DateSpan.year(around.year + step)


def parse_free_date(text: str, *, around: dt.date, default_year: int | None = None
                    ) -> DateSpan:
    """Any date a person types: relative to `around` (`parse_relative_date`), or absolute at
    the precision typed (`parse_user_date`, which `default_year` is for). A text that looks
    relative but is not one of the forms is refused with examples of them."""
    return read_free_date(text, around=around, default_year=default_year)[0]


def read_free_date(text: str, *, around: dt.date, default_year: int | None = None
                   ) -> tuple[DateSpan, bool]:
    """`parse_free_date`, and whether the date was relative (counted from `around`)."""
    span = parse_relative_date(text, around=around)
    if span is not None:
        return span, True
    try:
        return parse_user_date(text, default_year=default_year), False
    except UserDateError as error:
        if "not a date I can read" in str(error) and _LOOKS_RELATIVE.search(text.strip()):
            raise UserDateError(f"{error} (relative dates are like {_HINT})") from error
        raise


def parse_jump_date(text: str, *, around: dt.date, default_year: int) -> dt.date:
    """A day to go to: absolute ("9 jun"), relative to `around` ("+2d", "-1w", "yesterday",
    "next thursday", "last week"); "today" and "reference" are `around` itself.

    For a week, month or year the first day is returned.
    """
    if text.strip().lower() == "reference":
        return around
    return parse_free_date(text, around=around, default_year=default_year).earliest

