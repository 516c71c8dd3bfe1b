"""A JSON document read whole, remembering the line each item of its top-level lists is on.

JSON has no row structure to stream, so the document is parsed in one go (files above the
dataset size cap are refused first). The top-level object is walked key by key with
`json.JSONDecoder.raw_decode`, which gives the offset of every item of a top-level list: a
skipped TimelineJS slide is reported with its line like a CSV row. JSON exports of tables
(ACLED's and UCDP's APIs) are read through `JsonRecords`, row by row like a CSV file.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.dataset import read_bytes
from model.importers.common import ImportNote
from model.importers.csvsource import CsvSource, read_head
from model.validation import DataError, Problem

_SPACE = re.compile(r"[ \t\n\r]*")


@dataclass
class JsonDocument:
    """The parsed value, with item lines of top-level lists and notes about the reading."""

    value: Any
    lines: dict[str, list[int]] = field(default_factory=dict)
    """For each top-level key holding a list: the line each item starts on."""
    notes: list[ImportNote] = field(default_factory=list)
    sha256: str = ""

    def line(self, key: str, index: int) -> int | None:
        """The line item `index` of list `key` starts on, when known."""
        found = self.lines.get(key)
        return found[index] if found is not None and index < len(found) else None


def read_json(path: Path) -> JsonDocument:
    """Read and parse a JSON file: UTF-8 with or without BOM, else Latin-1 with a note."""
    name = str(path)
    raw = read_bytes(path)
    notes: list[ImportNote] = []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            notes.append(ImportNote(line, "not valid UTF-8; the file was read as Latin-1 "
                                          "(Windows-1252)"))
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
    text = text.lstrip("\ufeff")
    document = JsonDocument(None, notes=notes, sha256=hashlib.sha256(raw).hexdigest())
    try:
        document.value, document.lines = _walk(text)
    except (ValueError, IndexError, RecursionError):
        # Not an object we can walk: let the json module parse it, or say exactly where not.
        try:
            document.value = json.loads(text, parse_int=_integer)
        except json.JSONDecodeError as error:
            raise DataError(name, [Problem(
                f"line {error.lineno}", f"not valid JSON: {error.msg} (column {error.colno})")]
            ) from None
        except RecursionError:
            raise DataError(name, [Problem("", "not valid JSON: nested too deeply")]) from None
    return document


def _integer(digits: str) -> int | str:
    # Python refuses to read more than 4,300 digits as an int (ValueError): such a number
    # stays text, for the field that reads it to refuse it row by row.
    return int(digits) if len(digits) <= 4000 else digits


def _walk(text: str) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """Parse a top-level object, noting the line of every item of its list values."""
    decoder = json.JSONDecoder(parse_int=_integer)
    counter = _LineCounter(text)
    i = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    if text[i] != "{":
        raise ValueError("not an object")
    value: dict[str, Any] = {}
    lines: dict[str, list[int]] = {}
    i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
    if text[i] == "}":
        i += 1
    else:
        while True:
            key, i = decoder.raw_decode(text, i)
            if not isinstance(key, str):
                raise ValueError("key is not a string")
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
            if text[i] != ":":
                raise ValueError("expected ':'")
            i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
            if text[i] == "[":
                items: list[Any] = []
                starts: list[int] = []
                i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
                if text[i] == "]":
                    i += 1
                else:
                    while True:
                        starts.append(counter.line(i))
                        item, i = decoder.raw_decode(text, i)
                        items.append(item)
                        i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
                        if text[i] == "]":
                            i += 1
                            break
                        if text[i] != ",":
                            raise ValueError("expected ',' or ']'")
                        i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
                value[key], lines[key] = items, starts
            else:
                value[key], i = decoder.raw_decode(text, i)
                lines.pop(key, None)
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
            if text[i] == "}":
                i += 1
                break
            if text[i] != ",":
                raise ValueError("expected ',' or '}'")
            i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
    if text[_SPACE.match(text, i).end():].strip():  # type: ignore[union-attr]
        raise ValueError("extra data")
    return value, lines


class _LineCounter:
    """Line numbers of increasing offsets, counted incrementally."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.number = 1

    def line(self, offset: int) -> int:
        self.number += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.number


RECORD_LISTS = ("data", "Result", "results", "records")
"""Where JSON exports keep their rows: ACLED's API ("data"), UCDP's API ("Result")."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class JsonRecords:
    """A JSON export's rows (a list of objects) read like CSV records: a header of every
    key, then one record per object, with the line each object starts on."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = 0
        self.position = 0
        """Objects read so far (`size` is how many there are)."""
        self.notes: list[ImportNote] = []
        self.sha256: str | None = None

    def records(self) -> Iterator[tuple[int, list[str] | None, str]]:
        """The header (line 1), then (line, fields, "") or (line, None, why) per object."""
        document = read_json(self.path)
        self.notes.extend(document.notes)
        self.sha256 = document.sha256
        value, key = document.value, ""
        if isinstance(value, dict):
            key = next((k for k in RECORD_LISTS if isinstance(value.get(k), list)), "")
            items = value.get(key) if key else None
        else:
            items = value
        if not isinstance(items, list):
            raise DataError(str(self.path), [Problem(
                "", f"is JSON without a list of rows (looked for {', '.join(RECORD_LISTS)})")])
        keys: dict[str, None] = {}
        for item in items:
            if isinstance(item, dict):
                keys.update(dict.fromkeys(str(k) for k in item))
        names = list(keys)
        self.size = len(items)
        yield 1, names, ""
        for index, item in enumerate(items):
            self.position = index + 1
            line = document.line(key, index) if key else None
            where = line if line is not None else index + 1
            if not isinstance(item, dict):
                yield where, None, f"{key or 'item'}[{index}] is not an object"
                continue
            yield where, [_cell(item.get(name)) for name in names], ""


def open_records(path: Path) -> CsvSource | JsonRecords:
    """The rows of a CSV file, or of a JSON export of the same columns."""
    head = read_head(path, 4096).lstrip()
    return JsonRecords(path) if head.startswith(("{", "[")) else CsvSource(path)
