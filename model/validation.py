"""Reading untrusted tables field by field, collecting every problem with its field path."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from model.days import Day
from model.text import counted, safe_text

E = TypeVar("E", bound=Enum)

# Generous caps that no real dataset reaches; they keep hostile files from exhausting memory.
MAX_TEXT = 100_000
MAX_ITEMS = 10_000
MAX_TABLES = MAX_ITEMS * 100
"""The most tables an array of tables may hold (a million events)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file, at one field path."""

    path: str
    """Where, e.g. "events[4].date.precision" (empty for the whole file)."""
    message: str
    line: int | None = None
    """The line of the file the path is at, when it is known (`model.toml_lines`)."""

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.path}: {self.message}" if self.path else self.message


class DataError(Exception):
    """A file that cannot be used as it is; carries every problem found."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One line per problem, each naming the file, safe to show in a terminal.

        Field names and values come from the file: an escape sequence in a key must show as
        text wherever the line is shown (the explorer's notifications too), never run.
        """
        return [safe_text(f"{self.source}: {problem}") for problem in self.problems]


def nearest(word: str, choices: Iterable[str], *, n: int = 3) -> list[str]:
    """The choices closest to a near-miss word, closest first, case aside: those it is the
    start of, or that are the start of it (three characters at least), then the most alike."""
    folded: dict[str, str] = {}
    for choice in choices:
        folded.setdefault(choice.lower(), choice)
    key = word.lower()
    starts = sorted((f for f in folded if min(len(f), len(key)) >= 3
                     and (f.startswith(key) or key.startswith(f))),
                    key=lambda f: (abs(len(f) - len(key)), f))
    alike = difflib.get_close_matches(key, list(folded), n=n, cutoff=0.6)
    found = list(dict.fromkeys(starts + alike))[:n]
    return [folded[f] for f in found]


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a near-miss word, if one is close enough."""
    matches = nearest(word, choices, n=1)
    return matches[0] if matches else None


def describe(value: Any) -> str:
    """A short, safe rendering of a bad value for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class TableReader:
    """Reads one TOML table, recording problems instead of raising on the first."""

    def __init__(self, table: Any, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.ok = isinstance(table, Mapping)
        if not self.ok:
            self.problem("", f"expected a table, got {describe(table)}")
            table = {}
        self.table: Mapping[str, Any] = table
        self._seen: set[str] = set()

    def at(self, key: str) -> str:
        """The field path of a key in this table."""
        return f"{self.path}.{key}" if self.path else key

    def problem(self, key: str, message: str) -> None:
        """Record a problem at `key` ("" for the table itself)."""
        self.problems.append(Problem(self.at(key) if key else self.path, message))

    def has(self, key: str) -> bool:
        """True when the key is present."""
        return key in self.table

    def raw(self, key: str) -> Any:
        """The value as it is, marking the key as known."""
        self._seen.add(key)
        return self.table.get(key)

    def text(self, key: str, *, required: bool = False, allow_empty: bool = True) -> str | None:
        """A string field."""
        value = self.raw(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return None
        if not isinstance(value, str):
            self.problem(key, f"expected text, got {describe(value)}")
            return None
        if len(value) > MAX_TEXT:
            self.problem(key, f"is {counted(len(value))} characters long; at most "
                              f"{counted(MAX_TEXT)} are allowed")
            return None
        if not allow_empty and not value.strip():
            self.problem(key, "must not be empty")
            return None
        return value

    def integer(self, key: str, *, required: bool = False, minimum: int | None = None,
                maximum: int | None = None) -> int | None:
        """An integer field, optionally bounded."""
        value = self.raw(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"expected a whole number, got {describe(value)}")
            return None
        if minimum is not None and value < minimum:
            self.problem(key, f"{value} is less than {minimum}")
            return None
        if maximum is not None and value > maximum:
            self.problem(key, f"{value} is more than {maximum}")
            return None
        return value

    def number(self, key: str, *, minimum: float, maximum: float) -> float | None:
        """A float or integer field within bounds."""
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(key, f"expected a number, got {describe(value)}")
            return None
        if not minimum <= value <= maximum:
            self.problem(key, f"{value} is outside {minimum}..{maximum}")
            return None
        return float(value)

    def boolean(self, key: str, default: bool = False) -> bool:
        """A true/false field."""
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(key, f"expected true or false, got {describe(value)}")
            return default
        return value

    def date(self, key: str, *, required: bool = False, last: bool = False) -> Day | None:
        """A TOML date, or a string in ISO 8601's expanded form for a year outside
        1..9999 ("-0005-03-15"; a year alone, "-13800000000", is its first day, or its last
        when `last`)."""
        value = self.raw(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return None
        if isinstance(value, dt.datetime):
            return Day.of(value.date())
        if isinstance(value, dt.date):
            return Day.of(value)
        if isinstance(value, str):
            try:
                return Day.fromisoformat(value, last=last)
            except ValueError as error:
                self.problem(key, str(error))
                return None
        self.problem(key, f"{describe(value)} is not a date like 2016-06-09 or "
                          "\"-0005-03-15\"")
        return None

    def calendar_date(self, key: str) -> dt.date | None:
        """A date of the years 1..9999 (when a file was published, a report's day)."""
        day = self.date(key)
        if day is None:
            return None
        if (date := day.to_date()) is None:
            self.problem(key, f"{day.isoformat()} is outside the years 1..9999 this field holds")
        return date

    def choice(self, key: str, enum: type[E], *, required: bool = False,
               default: E | None = None) -> E | None:
        """One of an enumeration's values, with a suggestion for near misses."""
        value = self.raw(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return default
        names = [member.value for member in enum]
        if isinstance(value, str) and value in names:
            return enum(value)
        message = f"{describe(value)} is not one of {', '.join(names)}"
        hint = suggest(value, names) if isinstance(value, str) else None
        if hint:
            message += f" (did you mean '{hint}'?)"
        self.problem(key, message)
        return default

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of strings."""
        value = self.raw(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(key, f"expected a list of text, got {describe(value)}")
            return ()
        if len(value) > MAX_ITEMS:
            self.problem(key, f"has {counted(len(value))} items; at most {counted(MAX_ITEMS)} "
                              "are allowed")
            return ()
        out: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.problems.append(
                    Problem(f"{self.at(key)}[{index}]", f"expected text, got {describe(item)}")
                )
            elif len(item) > MAX_TEXT:
                self.problems.append(
                    Problem(f"{self.at(key)}[{index}]",
                            f"is {counted(len(item))} characters long")
                )
            else:
                out.append(item)
        return tuple(out)

    def tables(self, key: str, *, required: bool = False) -> list[TableReader]:
        """An array of tables, each as a reader of its own."""
        return [TableReader(item, f"{self.at(key)}[{i}]", self.problems)
                for i, item in enumerate(self.table_items(key, required=required))]

    def table_items(self, key: str, *, required: bool = False) -> list[Any]:
        """The items of an array of tables as they are, for a reader made per item."""
        value = self.raw(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return []
        if not isinstance(value, list):
            self.problem(key, f"expected an array of tables, got {describe(value)}")
            return []
        if len(value) > MAX_TABLES:
            self.problem(key, f"has {counted(len(value))} items; at most "
                              f"{counted(MAX_TABLES)} are allowed")
            return []
        return value

    def sub(self, key: str, *, required: bool = False) -> TableReader | None:
        """A nested table."""
        value = self.raw(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return None
        return TableReader(value, self.at(key), self.problems)

    def finish(self) -> None:
        """Report every key that was never read: a typo must never be silently dropped."""
        if not self.ok:
            return
        for key in self.table:
            if key not in self._seen:
                known = sorted(self._seen)
                message = "unknown key"
                hint = suggest(str(key), known)
                if hint:
                    message += f" (did you mean '{hint}'?)"
                self.problems.append(Problem(self.at(str(key)), message))
