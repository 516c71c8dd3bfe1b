"""CSV files read one record at a time, with line numbers, whatever their encoding.

The file is read line by line as bytes and decoded one line at a time: UTF-8 (with or
without a byte-order mark) is the rule; from the first line that is not valid UTF-8 on, the
rest of the file is read as Latin-1 (Windows-1252), and a note says so. UTF-16 files (with a
byte-order mark, as spreadsheets save "Unicode text") are read as such. The file's sha256 is
computed on the way, so a view exported from an import can tell later whether it changed.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from model.importers.common import ImportContext, ImportNote, Record, SkippedRow
from model.safe_read import open_regular

DELIMITERS = (",", "\t", ";", "|")
PROGRESS_EVERY = 1000
# Notes of several megabytes exist in the wild; the csv module's default cap is 128 KiB.
csv.field_size_limit(16 * 1024 * 1024)

_HEADER_SPACES = re.compile(r"[\s\-]+")


def normalise_header(name: str) -> str:
    """A column name as matched: "Event Date", "EVENT_DATE" and "event-date" are one."""
    name = name.replace("\ufeff", "").strip().strip('"').strip()
    return _HEADER_SPACES.sub("_", name).lower()


LATIN_NOTE = "not valid UTF-8 from this line on; read as Latin-1 (Windows-1252)"


def latin_text(line: bytes) -> str:
    """Bytes that are not UTF-8, read as Windows-1252 (Latin-1 where that has no character)."""
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def sniff_delimiter(line: str) -> str:
    """The separator used by a header or first row: the one found most outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_head(path: Path, size: int = 65536) -> str:
    """The start of a file as text (for detection): BOM removed, bad bytes as Latin-1.
    Only a regular file is read (a FIFO would block): ReadRefused, an OSError, otherwise."""
    with open_regular(path) as stream:
        raw = stream.read(size)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace").lstrip("\ufeff")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(raw) - 3:  # a character cut by the read size
            return raw[: error.start].decode("utf-8")
        return latin_text(raw)


class CsvSource:
    """One CSV file as (line number, fields) records, with notes about its encoding."""

    def __init__(self, path: Path, *, delimiter: str | None = None) -> None:
        self.path = path
        self.size = path.stat().st_size
        self.position = 0
        """Bytes read so far."""
        self.delimiter = delimiter
        self.notes: list[ImportNote] = []
        self.sha256: str | None = None
        self._hash = hashlib.sha256()

    # -- lines ------------------------------------------------------------------------------

    def _lines(self) -> Iterator[str]:
        with open(self.path, "rb") as stream:
            head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                yield from self._utf16_lines(stream)
                return
            latin = False
            number = 0
            for raw in stream:
                number += 1
                self.position += len(raw)
                self._hash.update(raw)
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[3:]
                if latin:
                    yield latin_text(raw)
                    continue
                try:
                    yield raw.decode("utf-8")
                except UnicodeDecodeError:
                    latin = True
                    self.notes.append(ImportNote(number, LATIN_NOTE))
                    yield latin_text(raw)
        self.sha256 = self._hash.hexdigest()

    def _utf16_lines(self, stream: io.BufferedReader) -> Iterator[str]:
        # Hash the bytes as they are read, through a small tee.
        source = self

        class _Tee(io.RawIOBase):
            def readable(self) -> bool:
                return True

            def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
                data = stream.read(len(buffer))
                source._hash.update(data)
                source.position += len(data)
                buffer[: len(data)] = data
                return len(data)

        text = io.TextIOWrapper(io.BufferedReader(_Tee()),  # type: ignore[type-var]
                                encoding="utf-16", newline="")
        yield from text
        self.sha256 = self._hash.hexdigest()

    # -- records ----------------------------------------------------------------------------

    def records(self) -> Iterator[tuple[int, list[str] | None, str]]:
        """(first line, fields, "") per record; (line, None, why) for an unreadable one.

        Blank lines are not records and are passed over, and so is an HXL hashtag row right
        after the header (HDX's copies of ACLED and UCDP data have one), with a note.
        """
        lines = self._lines()
        if self.delimiter is None:
            first = next(lines, None)
            if first is None:
                return
            self.delimiter = sniff_delimiter(first)
            lines = _chain(first, lines)
        reader = csv.reader(lines, delimiter=self.delimiter)
        previous = count = 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                start, previous = previous + 1, reader.line_num
                yield start, None, f"unreadable CSV ({error})"
                continue
            start, previous = previous + 1, reader.line_num
            if not fields or not any(f.strip() for f in fields):
                continue
            count += 1
            if count == 2 and is_hxl(fields):
                self.notes.append(ImportNote(start, "HXL hashtag row passed over"))
                continue
            yield start, fields, ""


def is_hxl(fields: list[str]) -> bool:
    """True for a row of HXL hashtags ("#event+code", "#date+occurred", ...)."""
    cells = [f.strip() for f in fields if f.strip()]
    return bool(cells) and all(c.startswith("#") and len(c) > 1 for c in cells)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


class Columns:
    """The header of a CSV file: where each (normalised) column name is."""

    def __init__(self, names: list[str], aliases: dict[str, str] | None = None) -> None:
        self.names = [normalise_header(n) for n in names]
        aliases = aliases or {}
        self.index: dict[str, int] = {}
        for i, name in enumerate(self.names):
            key = aliases.get(name, name)
            self.index.setdefault(key, i)
        self.width = len(names)

    def __contains__(self, name: str) -> bool:
        return name in self.index

    def get(self, name: str) -> int | None:
        """The position of a column, or None when the file has no such column."""
        return self.index.get(name)

    def describe(self, limit: int = 12) -> str:
        """The first column names, for a message."""
        shown = [n or "(unnamed)" for n in self.names[:limit]]
        more = f", ... ({self.width} columns)" if self.width > limit else ""
        return ", ".join(shown) + more


def cell(fields: list[str], index: int | None) -> str:
    """The trimmed text of a field, '' when the column is absent or the row is short."""
    if index is None or index >= len(fields):
        return ""
    value = fields[index]
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def width_problem(fields: list[str], width: int) -> str | None:
    """Why a row's field count does not fit the header (trailing empty fields are fine)."""
    if len(fields) == width:
        return None
    if len(fields) > width and not any(f.strip() for f in fields[width:]):
        return None
    return f"has {len(fields)} fields; the header has {width}"


Row = tuple[int, "list[str] | None", str]
"""(line, fields or None when unreadable, why it is unreadable)."""


def read_header(rows: Iterator[Row], aliases: dict[str, str]
                ) -> tuple[Columns | None, list[SkippedRow]]:
    """The first readable row as the header, and the unreadable rows before it."""
    skipped: list[SkippedRow] = []
    for line, fields, why in rows:
        if fields is None:
            skipped.append(SkippedRow(line, why))
            continue
        return Columns(fields, aliases), skipped
    return None, skipped


class RowSource(Protocol):
    """What the row loop reads beside the rows: a CSV file or a JSON export."""

    notes: list[ImportNote]
    position: int
    size: int
    sha256: str | None


def walk_rows(ctx: ImportContext, source: RowSource, rows: Iterable[Row],
              convert: Callable[[int, list[str]], Iterable[Record]]) -> Iterator[Record]:
    """The row loop every tabular reader shares: cancel checks, unreadable rows reported,
    the source's own notes passed on in order, progress every 1000 rows, the sha256 at the
    end. `convert(line, fields)` gives one readable row's records."""
    seen_notes = 0
    for count, (line, fields, why) in enumerate(rows, start=1):
        ctx.line = line
        ctx.check_cancel()
        if fields is None:
            yield SkippedRow(line, why)
        else:
            yield from convert(line, fields)
        if len(source.notes) > seen_notes:
            yield from source.notes[seen_notes:]
            seen_notes = len(source.notes)
        if count % 1000 == 0:
            ctx.report_progress(source.position, source.size)
    ctx.report_progress(source.position, source.size)
    ctx.sha256 = source.sha256
