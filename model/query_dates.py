"""A query's date terms (`date:`, `within:`, `after:`, `before:`): read with the one reading
of typed dates (`model.userdates`, which going to a date with `t` uses too), relative dates
counted from `today`, and written back as the days they stand for (`written`): a query
holding "yesterday" means one set of days, whenever it is run again."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import Enum

from model.dates import DateSpan
from model.query_tokens import QueryError, QueryParseError
from model.userdates import UserDateError, read_free_date


class DateMode(str, Enum):
    """How an event's span must relate to the asked span."""

    OVERLAP = "date"
    AFTER = "after"
    BEFORE = "before"
    WITHIN = "within"


@dataclass(frozen=True, slots=True)
class DateTerm:
    """date:/after:/before:/within: a span."""

    mode: DateMode
    earliest: dt.date
    latest: dt.date


@dataclass(frozen=True, slots=True)
class ReadDate:
    """A date term as read, and whether a relative date (counted from today) is in it."""

    term: DateTerm
    relative: bool


def read_date_term(text: str, name: str, value: str, vstart: int, vend: int, *,
                   today: dt.date) -> ReadDate:
    """The date term `name:value` of the query `text` (its value from `vstart` to `vend`);
    QueryParseError with the caret under the date that cannot be read."""
    mode = DateMode(name)
    if ".." not in value:
        span, relative = _one_date(text, value, vstart, today)
        return ReadDate(DateTerm(mode, span.earliest, span.latest), relative)
    if mode is not DateMode.OVERLAP and mode is not DateMode.WITHIN:
        _fail(text, f"'{name}:' takes one date, not a range", vstart, vend)
    left, _, right = value.partition("..")
    first, relative_first = _one_date(text, left, vstart, today) if left.strip() else (
        None, False)
    last, relative_last = _one_date(text, right, vstart + len(left) + 2, today) \
        if right.strip() else (None, False)
    if first is None and last is None:
        _fail(text, "a range needs at least one end", vstart, vend)
    earliest = first.earliest if first else dt.date.min
    latest = last.latest if last else dt.date.max
    if latest < earliest:
        _fail(text, "this range ends before it starts", vstart, vend)
    return ReadDate(DateTerm(mode, earliest, latest), relative_first or relative_last)


def _one_date(text: str, typed: str, start: int, today: dt.date) -> tuple[DateSpan, bool]:
    try:
        return read_free_date(typed, around=today)
    except UserDateError as error:
        _fail(text, str(error), start, start + max(1, len(typed)))
        raise  # unreachable: _fail raises


def _fail(text: str, message: str, start: int, end: int) -> None:
    raise QueryParseError(QueryError(message, start, end, text))


def written(term: DateTerm) -> str:
    """The term's value written with the days it stands for, in the fewest words that read
    back as the same days: `2026-11-24`, `2026-11`, `2026`, `2026-11-16..2026-11-22`.
    `after:` compares with the last day only and `before:` with the first, so a week
    there is written as that one day."""
    first, last = term.earliest, term.latest
    whole = _whole(first, last)
    if whole is not None:
        return whole
    if term.mode is DateMode.AFTER:
        return _day(last)
    if term.mode is DateMode.BEFORE:
        return _day(first)
    return (f"{'' if first == dt.date.min else _day(first)}.."
            f"{'' if last == dt.date.max else _day(last)}")


def _whole(first: dt.date, last: dt.date) -> str | None:
    """A day, a calendar month or a calendar year, as typed; None for any other span."""
    if first == last:
        return _day(first)
    if first.day != 1 or first.year != last.year:
        return None
    if first.month == last.month and last.day == calendar.monthrange(last.year, last.month)[1]:
        return f"{first.year:04d}-{first.month:02d}"
    if first.month == 1 and (last.month, last.day) == (12, 31):
        return f"{first.year:04d}"
    return None


def _day(day: dt.date) -> str:
    return day.isoformat()
