"""A query's date terms (`date:`, `within:`, `after:`, `before:`): read with the one reading
of typed dates (`model.userdates`, which going to a date with `t` uses too), relative dates
counted from `today`, and written back as the days they stand for (`written`): a query
holding "yesterday" means one set of days, whenever it is run again."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from model.days import MAX_DAY, MIN_DAY, Day, year_iso
from model.dates import DateSpan
from model.query_tokens import QueryError, QueryParseError
from model.userdates import UserDateError, read_free_date, year_typed


_RANGE = re.compile(r"\.\.(?!\.)")


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
    earliest: Day
    latest: Day


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
    # A range's ".." is the last two of a run of dots: in "44 b.c...40 b.c." the first
    # stands for the era's full stop.
    cut = _RANGE.search(value)
    if cut is None:
        span, relative = _one_date(text, value, vstart, today)
        return ReadDate(DateTerm(mode, span.earliest, span.latest), relative)
    if mode is not DateMode.OVERLAP and mode is not DateMode.WITHIN:
        _fail(text, f"'{name}:' takes one date, not a range", vstart, vend)
    left, right = value[:cut.start()], value[cut.end():]
    first, relative_first = _one_date(text, left, vstart, today) if left.strip() else (
        None, False)
    last, relative_last = _one_date(text, right, vstart + len(left) + 2, today) \
        if right.strip() else (None, False)
    if first is None and last is None:
        _fail(text, "a range needs at least one end", vstart, vend)
    earliest = first.earliest if first else MIN_DAY
    latest = last.latest if last else MAX_DAY
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
    back as the same days: `2026-11-24`, `2026-11`, `2026`, `2026-11-16..2026-11-22`; before
    year 1 and after 9999, years with an era (`500bce`, `13799999999bce`, `12000ce`) and days
    and months in ISO 8601's expanded form (`-0499-03-15`, `-0499-03`). `after:` compares
    with the last day only and `before:` with the first, so a week there is written as that
    one day. The text is one bare value of the query language (no space, bracket or quote),
    so it stands in the query where the relative date stood."""
    first, last = term.earliest, term.latest
    whole = _whole(first, last)
    if whole is not None:
        return whole
    if term.mode is DateMode.AFTER:
        return _end(last, latest=True)
    if term.mode is DateMode.BEFORE:
        return _end(first, latest=False)
    # Both ends open would read as no date at all: the first is then written out.
    start = "" if first == MIN_DAY and last != MAX_DAY else _end(first, latest=False)
    return f"{start}..{'' if last == MAX_DAY else _end(last, latest=True)}"


def _whole(first: Day, last: Day) -> str | None:
    """A day, a calendar month or a calendar year, as typed; None for any other span."""
    if first == last:
        return _day(first)
    if first.day != 1 or first.year != last.year:
        return None
    if first.month == last.month and last.day == calendar.monthrange(
            last.year % 400 + 400, last.month)[1]:  # the calendar repeats every 400 years
        return f"{year_iso(first.year)}-{first.month:02d}"
    if first.month == 1 and (last.month, last.day) == (12, 31):
        return year_typed(first.year)
    return None


def _end(day: Day, *, latest: bool) -> str:
    """One end of a range: the day, or, outside years 1..9999, the year when the day is its
    first (a range's start) or last (its end)."""
    edge = (day.month, day.day) == ((12, 31) if latest else (1, 1))
    return year_typed(day.year) if edge and not 1 <= day.year <= 9999 else _day(day)


def _day(day: Day) -> str:
    return day.isoformat()
