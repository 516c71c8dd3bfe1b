"""Dates written as text in event exports, parsed directly and memoised by string.

Imports read the same few hundred distinct dates over and over (a million ACLED rows cover a
few thousand days), so every layout is parsed by hand, without dateutil, and the result for
each string is cached.

Layouts read:

- ISO ``2016-07-02``, optionally followed by a time (``2016-07-02 00:00:00.000``,
  ``2016-07-02T00:00:00Z``); also ``2016/07/02`` and ``2016.07.02``
- compact ``20160702`` (GDELT's SQLDATE)
- day, month name, year: ``09 June 2016``, ``9 Jun 2016``, ``01-January-2015``,
  ``9-May-20`` (a spreadsheet's rewrite, two-digit year), ``9th June 2016``
- month name, day, year: ``June 9, 2016``, ``June 9 2016``
- numeric day and month: ``9/5/2020`` or ``5/9/2020``; read day first unless only the
  other order is a valid date (``5/31/2020`` is 31 May)
- a spreadsheet serial day number (``42553``, days since 1899-12-30) from 1955 to 2064
- ISO 8601's expanded form for years outside 1..9999, as Dateline writes them:
  ``-0005-03-15``, ``0000-01-01`` (1 BCE), ``+12000-01-01``

Two-digit years are read with the POSIX pivot (69-99 are 1969-1999, 00-68 are 2000-2068),
unless a `year_hint` (ACLED's `year` column) ends in the same two digits.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from model.days import Day

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1
):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9

_SPLIT = re.compile(r"[\s\-/.,]+")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)\Z", re.IGNORECASE)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXPANDED = re.compile(r"[+-][0-9]{4,11}-[0-9]{2}-[0-9]{2}", re.ASCII)
# Serial numbers for 1955-01-01 .. 2064-12-31: wide enough for event data, narrow enough
# that a five-digit id is not taken for a date.
_EXCEL_FIRST, _EXCEL_LAST = 20090, 60265


def parse_date(text: str, year_hint: int | None = None) -> Day | None:
    """The day `text` names, or None when it is not a date in a known layout."""
    # The ISO fast path skips the cache: slicing is cheaper than hashing into it.
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return Day(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            return None
    return _parse_cached(text, year_hint)


@lru_cache(maxsize=65536)
def _parse_cached(text: str, year_hint: int | None) -> Day | None:
    try:
        return _parse(text, year_hint)
    except (ValueError, OverflowError):  # digits int() will not read ("²"), or too many
        return None


def _parse(text: str, year_hint: int | None) -> Day | None:
    text = text.strip()
    if not text:
        return None
    if _EXPANDED.fullmatch(text):
        return Day.fromisoformat(text)
    if text.isdigit():
        return _compact(text)
    if len(text) > 10 and text[4] in "-/" and text[:4].isdigit() and text[10] in " T":
        # An ISO date with a time of day: the day is what counts.
        text = text[:10]
    parts = [p for p in _SPLIT.split(text) if p]
    if len(parts) != 3:
        return None
    a, b, c = (_strip_ordinal(p) for p in parts)
    if a.isdigit() and b.isdigit() and c.isdigit():
        return _numeric(a, b, c, year_hint)
    month = MONTHS.get(b.lower())
    if month is not None and a.isdigit() and c.isdigit():
        return _make(_year(c, year_hint), month, int(a))
    month = MONTHS.get(a.lower())
    if month is not None and b.isdigit() and c.isdigit():
        return _make(_year(c, year_hint), month, int(b))
    month = MONTHS.get(b.lower())
    if month is not None and len(a) == 4 and a.isdigit() and c.isdigit():
        return _make(int(a), month, int(c))
    return None


def _strip_ordinal(part: str) -> str:
    match = _ORDINAL.match(part)
    return match.group(1) if match else part


def _compact(text: str) -> Day | None:
    if len(text) == 8:
        return _make(int(text[:4]), int(text[4:6]), int(text[6:]))
    if len(text) == 5:
        serial = int(text)
        if _EXCEL_FIRST <= serial <= _EXCEL_LAST:
            return Day.of(_EXCEL_EPOCH + dt.timedelta(days=serial))
    return None


def _numeric(a: str, b: str, c: str, year_hint: int | None) -> Day | None:
    if len(a) == 4:
        return _make(int(a), int(b), int(c))
    if len(c) not in (2, 4):
        return None
    year = _year(c, year_hint)
    first, second = int(a), int(b)
    day_first = _make(year, second, first)
    if day_first is not None:
        return day_first
    return _make(year, first, second)


def _year(text: str, hint: int | None) -> int:
    value = int(text)
    if len(text) > 2:
        return value
    if hint is not None and hint % 100 == value:
        return hint
    return 2000 + value if value < 69 else 1900 + value


def _make(year: int, month: int, day: int) -> Day | None:
    if not 1 <= year <= 9999:  # other years only in the expanded form, which says so
        return None
    try:
        return Day(year, month, day)
    except (ValueError, OverflowError):  # OverflowError: a number too big for a C int
        return None


def cache_clear() -> None:
    """Forget every memoised date (for tests and long-running processes)."""
    _parse_cached.cache_clear()
