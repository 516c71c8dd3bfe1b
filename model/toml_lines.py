"""Where in a TOML file a field path is: the line of `events[4].date.precision`.

`tomllib` says no lines, so a file's problems are placed afterwards by reading its table
headers (`[[events]]`, `[events.date]`, `[[events.casualties]]`) and keys line by line, the
way TOML numbers arrays of tables; in an array written over several lines, each inline table
(`{ type = "killed", ... }`) is an item at its own line. A field inside an inline table, or in
any other value that spans lines, is placed at the line of what holds it. The whole reading
and the reading in parts place every problem alike, since both place them from the file.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from model.validation import Problem

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE}|{_QUOTED})(?:\s*\.\s*(?:{_BARE}|{_QUOTED}))*"
HEADER = re.compile(rf"\s*(\[\[?)\s*({_KEY})\s*\]\]?\s*(?:#.*)?$")
KEY_LINE = re.compile(rf"\s*({_KEY})\s*=")
_PART = re.compile(rf"{_BARE}|{_QUOTED}")
_STEP = re.compile(r"\.?([^.\[]+)(?:\[(\d+)\])?")
_STRINGS = re.compile(_QUOTED)


def _parts(dotted: str) -> list[str]:
    out = []
    for part in _PART.findall(dotted):
        if part[:1] in "\"'":
            part = part[1:-1]
        out.append(part)
    return out


def _prefixes(path: str) -> list[str]:
    """"events[4].date.precision" -> events, events[4], events[4].date, and itself."""
    out, so_far = [], ""
    for match in _STEP.finditer(path):
        name, index = match.groups()
        so_far = f"{so_far}.{name}" if so_far else name
        out.append(so_far)
        if index is not None:
            so_far = f"{so_far}[{index}]"
            out.append(so_far)
    return out


def field_lines(lines: Iterable[str], wanted: Iterable[str]) -> dict[str, int]:
    """The line (from 1) of each wanted field path, and of every table on the way to it,
    that the file names."""
    keep: set[str] = set()
    for path in wanted:
        keep.update(_prefixes(path))
    found: dict[str, int] = {}
    arrays: dict[str, int] = {}
    """Each array of tables met (its path with its parents' indices) and its last index."""
    table = ""
    closing: str | None = None
    """The delimiter of the multi-line string being read, if any."""
    array: _Array | None = None
    """The array written over several lines being read, if any."""
    for number, line in enumerate(lines, start=1):
        if closing is not None:
            if closing in line:
                closing = None
            continue
        if array is not None:
            array = array.read(line, number, keep, found)
            closing = _opened_string(line)
            continue
        header = HEADER.match(line) if line.lstrip().startswith("[") else None
        if header is not None:
            table = ""
            parts = _parts(header.group(2))
            for i, part in enumerate(parts):
                table = f"{table}.{part}" if table else part
                last = i == len(parts) - 1
                if last and header.group(1) == "[[":
                    arrays[table] = arrays.get(table, -1) + 1
                if table in arrays:
                    table = f"{table}[{arrays[table]}]"
            if table in keep:
                found.setdefault(table, number)
            continue
        if table and table not in keep:
            closing = _opened_string(line)
            continue
        key = KEY_LINE.match(line)
        if key is not None:
            path = ".".join([table, *_parts(key.group(1))] if table
                            else _parts(key.group(1)))
            if path in keep:
                found.setdefault(path, number)
                value = line[key.end():]
                if value.lstrip().startswith("["):
                    array = _Array(path).read(value, number, keep, found)
        closing = _opened_string(line)
    return found


class _Array:
    """An array value being read line by line: the inline tables at its top level are its
    items, each placed at the line it starts on."""

    def __init__(self, path: str) -> None:
        self.path, self.depth, self.items = path, 0, 0

    def read(self, text: str, number: int, keep: set[str], found: dict[str, int]
             ) -> _Array | None:
        """Take in one line's text; None once the array is closed."""
        for ch in _STRINGS.sub("", text).split("#", 1)[0]:
            if ch in "[{":
                if ch == "{" and self.depth == 1:
                    item = f"{self.path}[{self.items}]"
                    if item in keep:
                        found.setdefault(item, number)
                    self.items += 1
                self.depth += 1
            elif ch in "]}":
                self.depth -= 1
                if self.depth <= 0:
                    return None
        return self


def _opened_string(line: str) -> str | None:
    """The delimiter of a multi-line string the line opens and does not close."""
    for delimiter in ('"""', "'''"):
        if line.count(delimiter) % 2:
            return delimiter
    return None


def place(problems: Sequence[Problem], lines: Iterable[str]) -> list[Problem]:
    """The problems, each with the line its field path is at (when the file names it)."""
    found = field_lines(lines, (p.path for p in problems if p.path))
    placed = []
    for problem in problems:
        line = next((found[p] for p in reversed(_prefixes(problem.path)) if p in found), None)
        placed.append(dataclasses.replace(problem, line=line) if line else problem)
    return placed


def with_lines(path: Path, problems: Sequence[Problem]) -> list[Problem]:
    """The problems of a TOML file, each with its line (read from the file again, once)."""
    if not any(p.path for p in problems):
        return list(problems)
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as stream:
            first = stream.readline().removeprefix(codecs.BOM_UTF8.decode("utf-8"))
            return place(problems, _lines(first, stream))
    except OSError:
        return list(problems)


def _lines(first: str, rest: Iterable[str]) -> Iterable[str]:
    yield first
    yield from rest
