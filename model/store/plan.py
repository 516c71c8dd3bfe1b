"""Cutting a big CSV file into parts at record boundaries, and reading a part's lines.

What this path cannot do exactly as the one-process import would (a header it does not
expect, UTF-16 or JSON) goes back to that import (`Unsupported`); when the parts disagree
(a record across a boundary, the same id in two parts, a line that is not UTF-8) the file
is read again as one part (`PartsDisagree`), so the outcome never depends on which ran.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from model.importers import SkippedAndNoted, acled, gdelt, ucdp
from model.importers.common import (
    ImportNote,
)
from model.importers.csvsource import (
    LATIN_NOTE,
    Columns,
    latin_text,
    sniff_delimiter,
)

FORMATS = {kind.name: kind for kind in (acled.FORMAT, ucdp.FORMAT, gdelt.FORMAT)}
"""The formats imported in parts (see model.importers.tabular)."""


class Unsupported(Exception):
    """This file (or what was found in it) needs the one-process import."""


class PartsDisagree(Unsupported):
    """The parts cannot be put together as one reading would (a record across a boundary,
    an id in two parts): read as one part, the file imports."""


@dataclass(frozen=True, slots=True)
class Header:
    """The header line of a CSV file: its fields, delimiter and where the rows start."""

    fields: list[str]
    delimiter: str
    end: int
    """Byte offset of the first line after the header (of the first row, without one)."""
    first_line: int = 2
    """The line the rows start on."""
    hxl_record: int = 1
    """Which record of the rows an HXL hashtag row may be (the file's second record)."""


def read_header(path: Path, format: str = "acled") -> Header:
    """The header of a CSV file of this format this path can import, or Unsupported."""
    with open(path, "rb") as stream:
        first = stream.readline()
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Unsupported("UTF-16")
    body = first[3:] if first.startswith(codecs.BOM_UTF8) else first
    if body.lstrip().startswith((b"{", b"[")):
        raise Unsupported("JSON")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Unsupported("header not in UTF-8") from None
    delimiter = sniff_delimiter(text)
    fields = next(csv.reader([text], delimiter=delimiter), [])
    kind = FORMATS[format]
    if text.count('"') % 2:
        raise Unsupported(f"not a one-line {format} header")
    if format == "gdelt" and gdelt.headerless(fields):
        # No header: the columns come from the width of the first row, a row itself.
        return Header(list(gdelt.LAYOUTS[len(fields)]), delimiter, len(first) - len(body),
                      first_line=1, hxl_record=2)
    if kind.required not in Columns(fields, kind.aliases):
        raise Unsupported(f"not a one-line {format} header")
    return Header(fields, delimiter, len(first))


@dataclass(frozen=True, slots=True)
class PartPlan:
    """One part of a file: the bytes from `start` to `end`, starting on line `line`."""

    index: int
    start: int
    end: int
    line: int


def plan_parts(path: Path, header: Header, parts: int,
               event_of: Callable[[list[str]], str | None] | None = None) -> list[PartPlan]:
    """Cut the rows into about equal parts, each starting at the start of a line outside
    any quoted field (an even number of quote characters before it); with `event_of` (the
    event a row belongs to, in a file of several rows per event), not between two rows of
    one event."""
    size = path.stat().st_size
    starts = [header.end]
    lines = [header.first_line]
    with open(path, "rb") as stream:
        stream.seek(header.end)
        position, quotes, newlines = header.end, 0, 0
        for k in range(1, parts):
            target = header.end + (size - header.end) * k // parts
            while position < target:
                chunk = stream.read(min(1 << 20, target - position))
                if not chunk:
                    break
                quotes += chunk.count(b'"')
                newlines += chunk.count(b"\n")
                position += len(chunk)
            found = None
            while found is None:
                chunk = stream.read(1 << 16)
                if not chunk:
                    break
                base = 0
                while (end := chunk.find(b"\n", base)) >= 0:
                    quotes += chunk.count(b'"', base, end)
                    newlines += 1
                    base = end + 1
                    if quotes % 2 == 0:
                        found = position + base
                        break
                if found is None:
                    quotes += chunk.count(b'"', base)
                    position += len(chunk)
            if found is not None and event_of is not None and found < size:
                found, more, quoted = _past_event(stream, found, header.delimiter, event_of)
                newlines += more
                quotes += quoted
            if found is None or found >= size:
                break
            stream.seek(found)
            position = found
            starts.append(found)
            lines.append(header.first_line + newlines)
    ends = [*starts[1:], size]
    return [PartPlan(i, s, e, n)
            for i, (s, e, n) in enumerate(zip(starts, ends, lines, strict=True))]


def _past_event(stream: io.BufferedReader, start: int, delimiter: str,
                event_of: Callable[[list[str]], str | None], *, limit: int = 1000
                ) -> tuple[int, int, int]:
    """Where the first record after the event of the record at `start` begins, with the
    lines and quote characters passed on the way; `start` itself when that event takes more
    than `limit` records (its parts are then found to disagree, and read as one)."""
    lines = PartLines(stream, start, 1, PartOutcome(-1))
    rows = csv.reader(lines, delimiter=delimiter)
    first = event_of(next(rows, []))
    if first is not None:
        for _ in range(limit):
            offset, passed = lines.offset, lines.line
            fields = next(rows, None)
            if fields is None or event_of(fields) != first:
                stream.seek(start)
                return offset, passed, stream.read(offset - start).count(b'"')
    return start, 0, 0


@dataclass
class PartOutcome(SkippedAndNoted):
    """What a part process found: counts, what it skipped and noted, where it ended."""

    index: int
    end: int = 0
    latin_from: int | None = None
    error: str | None = None


class PartLines:
    """The lines of a byte range as text, counting bytes and lines as they are read."""

    def __init__(self, stream: io.BufferedReader, start: int, line: int,
                 outcome: PartOutcome) -> None:
        self.stream, self.offset, self.line = stream, start, line - 1
        self.outcome = outcome
        self.carriage_return = False
        """Set when a line read holds a carriage return before its end (the reader resets it
        per record: such a record takes the full reading, which unifies line endings)."""
        stream.seek(start)

    def __iter__(self) -> Iterator[str]:
        latin = False
        for raw in self.stream:
            self.offset += len(raw)
            self.line += 1
            if raw.find(b"\r", 0, len(raw) - 2) >= 0:
                self.carriage_return = True
            if not latin:
                try:
                    yield raw.decode("utf-8")
                    continue
                except UnicodeDecodeError:
                    latin = True
                    self.outcome.latin_from = self.offset - len(raw)
                    self.outcome.note(ImportNote(self.line, LATIN_NOTE))
            yield latin_text(raw)
