"""Dates as people type them, kept at the precision they typed ("2016-06", "9 June 2016",
"500 bce", "13.8e9 bce"), and relative to a day ("yesterday", "3 days ago", "last week",
"+2d", "next thursday"): the one reading of a typed date, for going to a date (`t`) and for
a query's date terms.

Years run across all of history, as `model.days` holds them: astronomical years signed as
ISO 8601 writes them ("-0005-03-15", "-13800000000", "+12000"; year 0 is 1 BCE), or counted
with an era ("6 bce", "75 ad", "ad 75", "15 mar 44 bc"). A count written in full is that
year; one written with a decimal point, an exponent or a word ("13.8e9 bce", "4.54e9 bce",
"65 million bce", "13.8 billion years ago") is a figure to the digits given, and stands for
every year that rounds to it. A day or a month is read for years -9999..9999 only
(`DAY_YEARS`); a year alone out to ±10^11 (`YEAR_LIMIT`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from fractions import Fraction

from dateutil import parser as dateutil_parser

from model.dates import WORDS_FROM, DatePrecision, DateSpan, format_day, year_words
from model.days import DAY_YEARS, YEAR_LIMIT, Day

_YEAR = re.compile(r"\s*([0-9]{4})\s*\Z")
_SIGNED_YEAR = re.compile(r"\s*([+-])([0-9]{1,12})\s*\Z")
_ISO_DIGITS = 4
"""ISO 8601 writes a year in four digits at least, signed when it has more or is negative."""
_LONG_YEAR = re.compile(r"\s*([0-9]{5,})\s*\Z")
_ISO_MONTH_DAY = re.compile(r"\s*([+-]?)([0-9]{1,12})-([0-9]{1,2})(?:-([0-9]{1,2}))?\s*\Z")
_RELATIVE = re.compile(r"\s*([+-])\s*([0-9]{1,5})\s*([dwmy])\s*\Z", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_AMOUNT = r"([0-9]{1,5}|an?)\s+(day|week|month|year)s?"
_AGO = re.compile(_AMOUNT + r"\s+ago", re.IGNORECASE)
_IN = re.compile(r"in\s+" + _AMOUNT, re.IGNORECASE)
_PERIOD = re.compile(r"(this|last|previous|next)\s+(week|month|year)", re.IGNORECASE)
_NEAR_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_LOOKS_RELATIVE = re.compile(r"\b(ago|last|next|this|previous|in)\b|^[+-]", re.IGNORECASE)

# -- years with an era -----------------------------------------------------------------------



def _number(name: str) -> str:
    """A count of years, in full ("12,000", "13800000000") or as a figure ("13.8e9",
    "65 million"), its groups named `name_whole` and so on."""
    return (rf"(?P<{name}_whole>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)"
            rf"(?:\.(?P<{name}_fraction>[0-9]+))?"
            rf"(?:e\+?(?P<{name}_exponent>[0-9]{{1,3}})|\s*(?P<{name}_word>million|billion))?")


# "6 bce", "75 ad", "ad 75" (AD may stand before the year, as style guides write it), and
# "65 million years ago" (the words `year_words` writes from a million years back).
_ERA_YEAR = (rf"(?:{_number('era')}\s*(?P<era>b\.?c\.?e\.?|b\.?c\.?|c\.?e\.?|a\.?d\.?)"
             rf"|(?P<ad>a\.?d\.?)\s*{_number('ad')}"
             rf"|{_number('ago')}\s+years?\s+ago)")
_ERA_YEAR_ALONE = re.compile(rf"\s*{_ERA_YEAR}\s*\Z", re.IGNORECASE)
_ERA_DAY = re.compile(  # "15 mar 44 bc", "march 15, 44 bc", "march 44 bc"
    r"\s*(?:(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]{3,9})\.?"
    r"|(?P<month_first>[a-z]{3,9})\.?(?:\s+(?P<day_after>[0-9]{1,2})(?:st|nd|rd|th)?)?)"
    rf"(?:\s*,\s*|\s+){_ERA_YEAR}\s*\Z",
    re.IGNORECASE)
_UNROUNDED_SCIENTIFIC = re.compile(
    r"\s*[+-]?[0-9][0-9,]*(?:\.[0-9]+)?(?:e\+?[0-9]+|\s*(?:million|billion))\s*\Z",
    re.IGNORECASE)
_HAS_ERA = re.compile(
    r"\b(?:bce?|ce|ad|b\.c\.(?:e\.)?|a\.d\.|c\.e\.)(?:\s|\Z)|[0-9](?:bce?|ce|ad)\b",
    re.IGNORECASE)

MONTHS: dict[str, int] = {}
"""Month names as typed, full or in three letters (and "sept"), lower case: 1..12."""
for _index, _name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1
):
    MONTHS[_name] = _index
    MONTHS[_name[:3]] = _index
MONTHS["sept"] = 9

RELATIVE_FORMS = ("today", "yesterday", "tomorrow", "3 days ago", "in 2 weeks", "last week",
                  "this month", "next year", "last thursday", "+2d", "-1w")
"""What a relative date looks like, for help and messages (each is read by
`parse_relative_date`; tests hold them so)."""
_HINT = "yesterday, 3 days ago, last week, next thursday, +2d"
_ERA_HINT = "500 bce, 15 mar 44 bc, ad 75, 13.8e9 bce"
_DAYS_HELD = (f"days and months are held for years {DAY_YEARS[0]}..{DAY_YEARS[-1]} "
              f"({year_words(DAY_YEARS[0])} to {year_words(DAY_YEARS[-1])})")
_LIMIT = f"\u00b1{YEAR_LIMIT:,} years (100 billion) either side of year 0, the furthest " \
    "Dateline holds"


class UserDateError(ValueError):
    """A date the user typed that cannot be read; the message says why."""


def year_typed(year: int) -> str:
    """A year as a query writes it, read back as exactly that year: "2016", "0075",
    "6bce" (year -5), "12000ce"."""
    if 1 <= year <= 9999:
        return f"{year:04d}"
    return f"{1 - year}bce" if year <= 0 else f"{year}ce"


def rounded_year_typed(year: int, figures: int = 3) -> str:
    """A year far from year 0 as a figure to `figures` digits with its era, read back as the
    years that round to it (`year` among them): "13.8e9bce", "4.6e9bce", "1e6ce"."""
    count = 1 - year if year <= 0 else year
    era = "bce" if year <= 0 else "ce"
    digits = len(str(count))
    if digits <= figures:
        return f"{count}{era}"
    unit = 10 ** (digits - figures)
    rounded = (count + unit // 2) // unit * unit  # half up, as reading rounds
    exponent = (len(str(rounded)) - 1) // 3 * 3  # e9, e6: billions, millions
    whole, part = divmod(rounded, 10**exponent)
    places = f"{part:0{exponent}d}".rstrip("0") if exponent else ""
    text = f"{whole}.{places}" if places else str(whole)
    return f"{text}e{exponent}{era}" if exponent else f"{text}{era}"


def _components_given(text: str) -> tuple[dt.date, bool, bool, bool]:
    # Parsing twice with defaults that differ in every part shows which parts the text gave.
    first = dateutil_parser.parse(text, default=dt.datetime(2000, 1, 1), dayfirst=False)
    second = dateutil_parser.parse(text, default=dt.datetime(2004, 2, 2), dayfirst=False)
    return first.date(), first.year == second.year, first.month == second.month, \
        first.day == second.day


def parse_user_date(text: str, *, default_year: int | None = None) -> DateSpan:
    """A span at the precision typed: "2016" a year, "Jun 2016" a month, "9 jun 2016" a day;
    "-0005-03-15", "-0005-03", "-3500", "+12000", "0000" in ISO 8601's signed years; "6 bce",
    "75 ad", "ad 75", "march 500 bce", "15 Mar 6 BCE" with an era; "13.8e9 bce" the years that
    round to it.

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
    span = _historical(raw)
    if span is not None:
        return span
    try:
        day, has_year, has_month, has_day = _components_given(raw)
    except (ValueError, OverflowError) as error:
        if _HAS_ERA.search(raw):
            raise UserDateError(f"'{raw}' is not a date I can read (with an era: "
                                f"{_ERA_HINT})") from error
        raise UserDateError(f"'{raw}' is not a date I can read") from error
    year = day.year
    if not has_year:
        if default_year is None:
            raise UserDateError(f"'{raw}' has no year; add one (e.g. '{raw} 2016')")
        if default_year not in DAY_YEARS:
            raise UserDateError(f"'{raw}' has no year, and {year_words(default_year)} is "
                                f"known to the year only: {_DAYS_HELD}; add a year")
        year = default_year
    if not has_month:
        if has_day:
            raise UserDateError(f"'{raw}' has a day but no month")
        return DateSpan.year(year)
    if not has_day:
        return DateSpan.month(year, day.month)
    try:
        return DateSpan.day(Day(year, day.month, day.day))
    except ValueError as error:
        raise UserDateError(f"'{raw}' does not exist in {year_words(year)}") from error


def _historical(raw: str) -> DateSpan | None:
    """The forms dateutil does not read (a year 0 or before, a year of more than four
    digits, an era, a figure of years); None for any other text."""
    if match := _YEAR.match(raw):
        return DateSpan.year(int(match.group(1)))
    if match := _SIGNED_YEAR.match(raw):
        sign, digits = match.groups()
        _check_signed(raw, sign, digits)
        return _year_span(raw, -int(digits) if sign == "-" else int(digits))
    if match := _LONG_YEAR.match(raw):
        year = int(match.group(1))
        raise UserDateError(f"'{raw}': a year of more than four digits needs an era or a "
                            f"sign ({year}ce or +{year}; {year}bce, which ISO 8601 signs "
                            f"-{year - 1})")
    if match := _ISO_MONTH_DAY.match(raw):
        return _iso_month_or_day(raw, match)
    if match := _ERA_YEAR_ALONE.match(raw):
        first, last = _era_years(raw, match)
        return DateSpan(Day.first_of(first), Day.last_of(last), DatePrecision.YEAR)
    if match := _ERA_DAY.match(raw):
        return _era_month_or_day(raw, match)
    if _UNROUNDED_SCIENTIFIC.match(raw):
        figure = "".join(raw.lstrip("+-").split())
        raise UserDateError(f"'{raw}': a figure of years needs an era: {figure}bce or "
                            f"{figure}ce (ISO 8601's signed years are whole: -13800000000)")
    return None


def _check_signed(raw: str, sign: str, digits: str) -> None:
    # "-1" and "+2" are more likely a relative date missing its unit than 2 BCE and 2 CE.
    if sign and len(digits) < _ISO_DIGITS:
        year = -int(digits) if sign == "-" else int(digits)
        raise UserDateError(f"'{raw}': a signed year has four digits or more, as ISO 8601 "
                            f"writes it ({sign}{digits.zfill(_ISO_DIGITS)} is "
                            f"{year_words(year)}); a relative date is like -1w or +2d")


def _year_span(raw: str, year: int) -> DateSpan:
    if not -YEAR_LIMIT <= year <= YEAR_LIMIT:
        raise UserDateError(f"'{raw}' is beyond {_LIMIT}")
    return DateSpan.year(year)


def _iso_month_or_day(raw: str, match: re.Match[str]) -> DateSpan | None:
    sign, digits, month_text, day_text = match.groups()
    shape = "YYYY-MM-DD" if day_text else "YYYY-MM"
    if not sign and len(digits) < 4:
        return None  # "9-6-16": dateutil's to read
    if not sign and len(digits) > 4:
        raise UserDateError(f"'{raw}': a year of other than four digits needs a sign "
                            f"(ISO 8601's expanded form: -0005-03-15, +{digits}-01)")
    _check_signed(raw, sign, digits)
    year = -int(digits) if sign == "-" else int(digits)
    month = int(month_text)
    if not 1 <= month <= 12:
        raise UserDateError(f"'{raw}' is not a month (use {shape})" if not day_text else
                            f"'{raw}' is not a day of the calendar (use {shape})")
    _check_day_year(raw, year)
    if day_text is None:
        return DateSpan.month(year, month)
    try:
        return DateSpan.day(Day(year, month, int(day_text)))
    except ValueError as error:
        raise UserDateError(f"'{raw}' is not a day of the calendar") from error


def _check_day_year(raw: str, year: int) -> None:
    if not -YEAR_LIMIT <= year <= YEAR_LIMIT:
        raise UserDateError(f"'{raw}' is beyond {_LIMIT}")
    if year not in DAY_YEARS:
        raise UserDateError(f"'{raw}': {_DAYS_HELD}; give the year alone "
                            f"({year_typed(year)})")


def _era_years(raw: str, match: re.Match[str]) -> tuple[int, int]:
    """The first and last astronomical year an era year names (the same year unless it is
    written as a figure)."""
    groups = match.groupdict()
    name = "ad" if groups["ad"] else "ago" if groups["ago_whole"] else "era"
    era = (groups["era"] or "").replace(".", "").lower() if name == "era" else name
    whole, fraction, exponent, word = (groups[f"{name}_{part}"] for part in
                                        ("whole", "fraction", "exponent", "word"))
    low, high = _counts(raw, whole.replace(",", ""), fraction, exponent, word)
    if era == "ago" and (high < WORDS_FROM or not (word or exponent)):
        raise UserDateError(f"'{raw}': years ago are counted from year 0 as a figure of a "
                            "million years or more ('65 million years ago', '13.8e9 years "
                            "ago'); '3 years ago' is counted from today, and any other year "
                            "with an era ('12000 bce')")
    if low == 0 and high == 0:
        raise UserDateError(f"'{raw}': there is no year 0 {era.upper()}; 1 BCE is the year "
                            "before 1 CE (0000 in ISO 8601)")
    low = max(low, 1)
    if era == "ago":
        first, last = -high, -low  # as `year_words` says it: 13.8 billion years ago is -13.8e9
    elif era.startswith("b"):
        first, last = 1 - high, 1 - low
    else:
        first, last = low, high
    if last < -YEAR_LIMIT or first > YEAR_LIMIT:
        raise UserDateError(f"'{raw}' is beyond {_LIMIT}")
    # A figure reaching past the limit keeps the years held (no event lies beyond them).
    return max(first, -YEAR_LIMIT), min(last, YEAR_LIMIT)


def _counts(raw: str, whole: str, fraction: str | None, exponent: str | None,
            word: str | None) -> tuple[int, int]:
    """The counts of years a number names: itself, when written in full; every count that
    rounds to it at the digits given, when written with a decimal point, an exponent or a
    word (13.8e9: 13,750,000,000 up to but not including 13,850,000,000)."""
    if fraction is None and exponent is None and word is None:
        return int(whole), int(whole)
    scale = 10 ** (int(exponent) if exponent else 9 if word == "billion" else
                   6 if word == "million" else 0)
    places = len(fraction or "")
    value = Fraction(int(whole + (fraction or "")) * scale, 10**places)
    unit = Fraction(scale, 10**places)
    low, high = math.ceil(value - unit / 2), math.ceil(value + unit / 2) - 1
    if high < low:
        raise UserDateError(f"'{raw}' names no whole year (it is a figure to a fraction of "
                            "a year)")
    return low, high


def _era_month_or_day(raw: str, match: re.Match[str]) -> DateSpan | None:
    groups = match.groupdict()
    month = MONTHS.get((groups["month"] or groups["month_first"] or "").lower())
    if month is None:
        return None
    day_text = groups["day"] or groups["day_after"]
    first, last = _era_years(raw, match)
    figure = any(groups[f"{name}_{part}"] for name in ("era", "ad", "ago")
                 for part in ("fraction", "exponent", "word"))
    if first != last or figure:
        raise UserDateError(f"'{raw}': a day or a month needs its year in full "
                            "(15 mar 44 bc, not a figure such as 4.4e1 bc)")
    _check_day_year(raw, first)
    if day_text is None:
        return DateSpan.month(first, month)
    try:
        return DateSpan.day(Day(first, month, int(day_text)))
    except ValueError as error:
        raise UserDateError(f"'{raw}' does not exist in {year_words(first)}") from error


# -- relative dates ------------------------------------------------------------------------


def parse_relative_date(text: str, *, around: dt.date | Day) -> DateSpan | None:
    """The span a date relative to `around` names, or None when `text` is not one.

    A day: "today", "yesterday", "tomorrow", "3 days ago", "a week ago", "in 2 months",
    "+2d", "-1w", "+1m", "-1y", "next thursday", "last friday" (never `around` itself). A
    calendar week (Monday to Sunday), month or year: "this week", "last month", "next year".
    Counted on any day held to the day (years -9999..9999), BCE ones too; from a day known
    to the year only, the years ("next year") are counted and days refused.
    """
    base = around if isinstance(around, Day) else Day.of(around)
    raw = " ".join(text.split()).lower()
    try:
        return _relative(raw, base)
    except (OverflowError, ValueError) as error:
        if not base.day_precise:
            raise UserDateError(f"'{text.strip()}' counts from {year_words(base.year)}, a "
                                f"date known to the year only: {_DAYS_HELD} (years, as in "
                                "'next year', are counted from it)") from error
        raise UserDateError(f"'{text.strip()}' goes outside the calendar held to the day, "
                            f"counted from {format_day(base)}: {_DAYS_HELD}") from error


def _relative(raw: str, around: Day) -> DateSpan | None:
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


def _moved(around: Day, amount: int, unit: str) -> Day:
    """`around` moved by whole days, weeks, months or years; a month or year later keeps
    the day of the month, or the month's last day when it has fewer (as relativedelta)."""
    if unit in ("day", "week"):
        return around + dt.timedelta(days=amount * (7 if unit == "week" else 1))
    months = around.year * 12 + around.month - 1 + amount * (12 if unit == "year" else 1)
    year, month = divmod(months, 12)
    return Day(year, month + 1, min(around.day, _month_days(year, month + 1)))


def _month_days(year: int, month: int) -> int:
    # The calendar repeats every 400 years: a year moved into Python's answers for any.
    return calendar.monthrange(year % 400 + 400, month)[1]


def _period(around: Day, step: int, unit: str) -> DateSpan:
    if unit == "week":
        monday = around - dt.timedelta(days=around.weekday()) + dt.timedelta(weeks=step)
        return DateSpan(monday, monday + dt.timedelta(days=6), DatePrecision.WEEK)
    if unit == "month":
        first = _moved(around.replace(day=1), step, "month")
        return DateSpan.month(first.year, first.month)
    return DateSpan.year(around.year + step)


def parse_free_date(text: str, *, around: dt.date | Day, default_year: int | None = None
                    ) -> DateSpan:
    """Any date a person types: relative to `around` (`parse_relative_date`), or absolute at
    the precision typed (`parse_user_date`, which `default_year` is for). A text that looks
    relative but is not one of the forms is refused with examples of them."""
    return read_free_date(text, around=around, default_year=default_year)[0]


def read_free_date(text: str, *, around: dt.date | Day, default_year: int | None = None
                   ) -> tuple[DateSpan, bool]:
    """`parse_free_date`, and whether the date was relative (counted from `around`)."""
    span = parse_relative_date(text, around=around)
    if span is not None:
        return span, True
    try:
        return parse_user_date(text, default_year=default_year), False
    except UserDateError as error:
        if str(error).endswith("not a date I can read") and \
                _LOOKS_RELATIVE.search(text.strip()):
            raise UserDateError(f"{error} (relative dates are like {_HINT})") from error
        raise


def parse_jump_date(text: str, *, around: Day, default_year: int) -> Day:
    """A day to go to: absolute ("9 jun", "500 bce"), relative to `around` ("+2d", "-1w",
    "yesterday", "next thursday", "last week"); "today" and "reference" are `around` itself.

    For a week, month or year the first day is returned. Relative dates count from any day
    held to the day, BCE ones too (`parse_relative_date`).
    """
    if text.strip().lower() in ("reference", "today"):
        return around
    return parse_free_date(text, around=around, default_year=default_year).earliest
