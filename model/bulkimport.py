"""Big ACLED, UCDP GED and GDELT CSV files imported on every core, into a cache entry that
points back at the file.

A million-row export is cut into parts at record boundaries; each part is read by its own
process, straight into the store's indexed form (`acled._RowReader.index`: no Event objects,
no JSON bodies), into a part database of its own, kept in chronological order by an index.
The parts are then merged into the store as they are read side by side (no sorting), names
interned, links and indexes built, while a thread builds the full-text index from the parts'
text into a second database file (SQLite works without the GIL, so both run at once). The
events keep only where their row is in the file (byte offset, line, length); `CsvRows` reads
a row again when it is shown.

When the parts disagree (a record across a boundary, the same id in two parts, a line that
is not UTF-8) the file is read again as one part (`PartsDisagree`); whatever this path
cannot do exactly as the one-process import would (a header it does not expect, UTF-16 or
JSON) goes back to that import (`Unsupported`), so the outcome never depends on which one
ran.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.dataset import DatasetInfo
from model.event import Event
from model.importers import ImportReport, SkippedAndNoted, acled, gdelt, ucdp
from model.importers.acled_actors import EventRows, Finish, event_of
from model.importers.common import (
    IdKeeper,
    ImportCancelled,
    ImportNote,
    Progress,
    SkippedRow,
    check_event,
    report_indexing,
    with_id,
)
from model.importers.csvsource import (
    LATIN_NOTE,
    Columns,
    is_hxl,
    latin_text,
    sniff_delimiter,
)
from model.importers.tabular import CsvFormat
from model.store import (
    CHRONOLOGICAL,
    CHRONOLOGICAL_COLUMNS,
    INDEX_COUNT,
    StoreBuilder,
    building_connection,
    create_indexes,
    create_schema,
    create_text_index,
    encode_event,
    index_event,
    readonly_uri,
)
from model.validation import MAX_TEXT, DataError, Problem

PROGRESS_EVERY = 1000


FORMATS = {kind.name: kind for kind in (acled.FORMAT, ucdp.FORMAT, gdelt.FORMAT)}
"""The formats imported in parts (see model.importers.tabular)."""


class Unsupported(Exception):
    """This file (or what was found in it) needs the one-process import."""


class PartsDisagree(Unsupported):
    """The parts cannot be put together as one reading would (a record across a boundary,
    an id in two parts): read as one part, the file imports."""


# -- reading a file back --------------------------------------------------------------------


class CsvRows:
    """Reads events back from the rows of the CSV file a store was imported from.

    The file is held open from the start, so a file replaced or deleted later (a new
    download saved over it) still reads as imported; a file changed in place is noticed and
    reported, never misread.
    """

    def __init__(self, path: Path, size: int, mtime_ns: int, header: Sequence[str],
                 delimiter: str, latin: Sequence[Sequence[int]], format: str = "acled"
                 ) -> None:
        self.path, self.size, self.mtime_ns = path, size, mtime_ns
        self.header, self.delimiter, self.format = list(header), delimiter, format
        self.latin = [(int(a), int(b)) for a, b in latin]
        """Byte ranges read as Latin-1 on import (from a part's first line not in UTF-8)."""
        kind = FORMATS[format]
        self._reader = kind.reader(Columns(self.header, kind.aliases))
        self._lock = threading.Lock()
        self._stream = open(path, "rb")  # noqa: SIM115 - held for the store's lifetime
        if self._stamp() != (size, mtime_ns):
            self._stream.close()
            raise self._changed("has changed")

    def _stamp(self) -> tuple[int, int]:
        stat = os.fstat(self._stream.fileno())
        return stat.st_size, stat.st_mtime_ns

    def close(self) -> None:
        """Let go of the file."""
        with self._lock:
            self._stream.close()

    def describe(self) -> dict[str, Any]:
        """What `from_description` needs to read the file again (kept in the cache entry)."""
        return {"format": self.format, "header": self.header, "delimiter": self.delimiter,
                "latin": [list(r) for r in self.latin]}

    @classmethod
    def from_description(cls, path: Path, size: int, mtime_ns: int,
                         described: dict[str, Any]) -> CsvRows:
        """The reader `describe` described (OSError or DataError when the file is not the
        one imported)."""
        return cls(path, size, mtime_ns, described["header"], described["delimiter"],
                   described.get("latin", []), described.get("format", "acled"))

    forget: Callable[[], None] | None = None
    """Removes the cache entry that reads through this (set by whoever opened it): a file
    changed in place under the same size and time would match it for ever."""

    def _changed(self, why: str) -> DataError:
        if self.forget is not None:
            self.forget()
        return DataError(str(self.path), [Problem(
            "", f"{why} since it was imported; its cache entry has been removed: open it "
                "again to import it anew")])

    def events(self, refs: Sequence[Sequence[Any]]) -> Iterator[Event]:
        """The events for (byte offset, line, length, id) references, in the same order."""
        out: list[Event] = []
        with self._lock:
            stream = self._stream
            if stream.closed:
                raise ValueError("the store is closed")
            if self._stamp() != (self.size, self.mtime_ns):
                raise self._changed("has changed")
            for offset, line, length, event_id in refs:
                stream.seek(offset)
                raw = stream.read(length)
                if any(a <= offset < b for a, b in self.latin):
                    text = latin_text(raw)
                else:
                    try:
                        text = raw.decode("utf-8")
                    except UnicodeDecodeError:
                        raise self._changed("has changed") from None
                fields = next(csv.reader(io.StringIO(text, newline="\n"),
                                         delimiter=self.delimiter), None)
                event = self._reader.event(fields, line) if fields else None
                if not isinstance(event, Event):
                    raise self._changed(f"line {line} has changed")
                event = with_id(event, event_id)
                out.append(event)
        return iter(out)


# -- planning -------------------------------------------------------------------------------


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
    lines = _Lines(stream, start, 1, PartOutcome(-1))
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


# -- one part, in its own process ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartTask:
    """What a part process needs to know."""

    path: str
    plan: PartPlan
    header: list[str]
    delimiter: str
    database: str
    format: str = "acled"
    hxl_record: int = 1
    """Which record of the first part an HXL hashtag row may be (see Header)."""


@dataclass
class PartOutcome(SkippedAndNoted):
    """What a part process found: counts, what it skipped and noted, where it ended."""

    index: int
    end: int = 0
    latin_from: int | None = None
    error: str | None = None


class _Lines:
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


def read_part(task: PartTask, report: Callable[[int, int], None] | None = None
              ) -> PartOutcome:
    """Read one part into its own database; `report(bytes, records)` hears how far it got."""
    plan = task.plan
    outcome = PartOutcome(plan.index)
    kind = FORMATS[task.format]
    columns = Columns(task.header, kind.aliases)
    reader = kind.reader(columns)
    conn = building_connection(task.database, cache_mib=32)  # two or more run at once
    builder = StoreBuilder(conn, text_rows="text_rows", link_by_aid=True)
    store = _PartStore(kind, reader, columns, builder, outcome)
    finish = kind.gathers(reader) if kind.gathers is not None else None
    gathering = _Gathering(store, finish) if finish is not None else None
    with open(task.path, "rb") as stream:
        lines = _Lines(stream, plan.start, plan.line, outcome)
        rows = csv.reader(lines, delimiter=task.delimiter)
        end = plan.end
        hxl_left = task.hxl_record if plan.index == 0 else 0
        count = 0
        # A plain row of a plain file goes straight into the store: no note, no new id.
        fast = store.index if gathering is None else None
        width, seen, add, fast_added = store.width, store.ids.seen, builder.add_indexed, 0
        # The loop runs a million times: names are local and the common case comes first.
        while lines.offset < end:
            start = lines.offset
            line = lines.line + 1
            lines.carriage_return = False
            try:
                fields = next(rows)
            except StopIteration:
                break
            except csv.Error as error:
                outcome.skip(SkippedRow(line, f"unreadable CSV ({error})"))
                continue
            if not fields or not any(f.strip() for f in fields):
                continue
            if hxl_left:
                hxl_left -= 1
                if not hxl_left and is_hxl(fields):
                    outcome.note(ImportNote(line, "HXL hashtag row passed over"))
                    continue
            count += 1
            if not count % PROGRESS_EVERY and report is not None:
                report(lines.offset - plan.start, count)
            length = lines.offset - start
            checked = length <= MAX_TEXT and not lines.carriage_return
            if fast is not None and len(fields) == width:
                indexed = fast(fields, line, checked=checked)
                if indexed is None:
                    store.read_fully(fields, line, start, length)
                elif indexed[0] in seen:
                    store.add_event(indexed, line, start, length, [])
                else:
                    seen.add(indexed[0])
                    add(indexed, start, line, length)
                    fast_added += 1
            elif gathering is not None:
                gathering.row(fields, line, start, length, checked)
            else:
                store.row(fields, line, start, length, checked)
        if gathering is not None:
            gathering.close()
        outcome.imported = store.imported + fast_added
    builder.finish_unsorted()
    # Each part in chronological order (covering what the full-text index needs), so the
    # merge reads the parts side by side instead of sorting a million rows (twice).
    conn.execute(f"CREATE INDEX chronological ON events ({CHRONOLOGICAL_COLUMNS})")
    conn.close()
    outcome.end = lines.offset
    if report is not None:
        report(plan.end - plan.start, count)
    return outcome


class _PartStore:
    """Stores a part's events: each row as the one-process import reads it, its id made
    unique within the part."""

    def __init__(self, kind: CsvFormat, reader: Any, columns: Columns, builder: StoreBuilder,
                 outcome: PartOutcome) -> None:
        self.kind, self.reader, self.columns, self.outcome = kind, reader, columns, outcome
        self.index = reader.index if kind.fast else None
        self.width = columns.width
        self.ids = IdKeeper()
        self.add = builder.add_indexed
        self.imported = 0

    def row(self, fields: list[str], line: int, start: int, length: int, checked: bool
            ) -> None:
        """Store the event of one row (read straight into the store's form where it can)."""
        index = self.index
        indexed = index(fields, line, checked=checked) if index and len(fields) == \
            self.width else None
        if indexed is None:
            self.read_fully(fields, line, start, length)
        else:
            self.add_event(indexed, line, start, length, [])

    def read_fully(self, fields: list[str], line: int, start: int, length: int) -> None:
        """Store the event of a row the fast path left alone, read as the one-process
        import reads it (or skip it, saying why)."""
        indexed, after = _full_reading(self.kind, self.reader, fields, line, self.columns,
                                       self.outcome)
        if indexed is None:
            for note in after:
                self.outcome.note(note)
            return
        self.add_event(indexed, line, start, length, after)

    def event(self, event: Event, line: int, start: int, length: int) -> None:
        """Store an event made of several rows (kept whole: its rows are not read again)."""
        reason = check_event(event)
        if reason is not None:
            self.outcome.skip(SkippedRow(line, reason))
            return
        self.add_event(index_event(event), line, start, length, [], encode_event(event))

    def add_event(self, indexed: tuple[Any, ...], line: int, start: int, length: int,
                  after: list[ImportNote], body: str | None = None) -> None:
        event_id, seen = indexed[0], self.ids.seen
        if event_id in seen:
            chosen = self.ids.claim(event_id)
            self.outcome.note(ImportNote(line, f"id '{event_id}' is already used by an "
                                               f"earlier record; imported as '{chosen}'"))
            indexed = (chosen, *indexed[1:])
        else:
            seen.add(event_id)
        for note in after:  # after the id's note, as the one-process import says them
            self.outcome.note(note)
        self.add(indexed, start, line, length, body)
        self.imported += 1


class _Gathering:
    """A part's rows in a file of several rows per event (ACLED's one row per actor): each
    event's rows, next to each other, stored as one event (`model.importers.acled_actors`);
    rows of one event apart from each other are left to the one-process import."""

    def __init__(self, store: _PartStore, finish: Finish) -> None:
        self.store, self.finish = store, finish
        self.rows: list[tuple[list[str], int, int, int, bool]] = []
        self.event: str | None = None
        self.done: set[str] = set()

    def row(self, fields: list[str], line: int, start: int, length: int, checked: bool
            ) -> None:
        store = self.store
        problem = store.kind.row_misfit(fields, store.columns)
        if problem:
            store.outcome.skip(SkippedRow(line, problem))
            return
        event = store.reader.event_id(fields, line)
        if self.rows and event == self.event:
            self.rows.append((fields, line, start, length, checked))
            return
        self.close()
        if event in self.done:
            raise Unsupported(f"line {line}: a row of event {event} apart from its others")
        self.event, self.rows = event, [(fields, line, start, length, checked)]

    def close(self) -> None:
        """Store the event whose rows were read last."""
        rows, store = self.rows, self.store
        if not rows:
            return
        assert self.event is not None
        self.done.add(self.event)
        self.rows = []
        if len(rows) == 1:
            store.row(*rows[0])
            return
        gathered: EventRows | None = None
        first = rows[0]
        for fields, line, start, length, _checked in rows:
            event = store.reader.event(fields, line)
            notes = store.kind.notes(store.reader, line)
            if isinstance(event, SkippedRow):
                store.outcome.skip(event)
            elif gathered is None:
                gathered, first = EventRows(event, line), (fields, line, start, length, False)
            elif (refused := gathered.add(event, line)) is not None:
                store.outcome.skip(refused)
            for note in notes:
                store.outcome.note(note)
        if gathered is not None:
            for note in gathered.notes():
                store.outcome.note(note)
            _fields, line, start, length, _ = first
            store.event(event_of(gathered, self.finish), line, start, length)


def _full_reading(kind: CsvFormat, reader: Any, fields: list[str], line: int,
                  columns: Columns, outcome: PartOutcome
                  ) -> tuple[tuple[Any, ...] | None, list[ImportNote]]:
    """A row read as the one-process import reads it (every row a fast path left alone):
    its indexed form or None when it is skipped, and the reader's notes about it."""
    problem = kind.row_misfit(fields, columns)
    if problem:
        outcome.skip(SkippedRow(line, problem))
        return None, []
    event = reader.event(fields, line)
    notes = kind.notes(reader, line)
    if isinstance(event, SkippedRow):
        outcome.skip(event)
        return None, notes
    reason = check_event(event)
    if reason is not None:
        outcome.skip(SkippedRow(line, reason))
        return None, notes
    return index_event(event), notes


# A part runs as `python -m model.bulkimport TASK`: a plain interpreter of its own, so the
# program that asked (the explorer, a script, a test runner) is never imported again in it.
# It prints "bytes records" lines as it goes and its outcome as the last line, in JSON.


def _outcome_json(outcome: PartOutcome) -> str:
    data = dataclasses.asdict(outcome)
    data["skipped"] = [[r.line, r.reason] for r in outcome.skipped]
    data["notes"] = [[n.line, n.message] for n in outcome.notes]
    return json.dumps(data)


def _outcome_from_json(text: str) -> PartOutcome:
    data = json.loads(text)
    data["skipped"] = [SkippedRow(line, why) for line, why in data["skipped"]]
    data["notes"] = [ImportNote(line, message) for line, message in data["notes"]]
    return PartOutcome(**data)


def _task_json(task: PartTask) -> str:
    return json.dumps({"path": task.path, "plan": dataclasses.asdict(task.plan),
                       "header": task.header, "delimiter": task.delimiter,
                       "database": task.database, "format": task.format,
                       "hxl_record": task.hxl_record})


def _task_from_json(text: str) -> PartTask:
    data = json.loads(text)
    return PartTask(data["path"], PartPlan(**data["plan"]), data["header"], data["delimiter"],
                    data["database"], data["format"], data["hxl_record"])


def main(argv: Sequence[str]) -> int:
    """Read one part (the task in JSON as the only argument)."""
    task = _task_from_json(argv[0])

    def report(done: int, records: int) -> None:
        sys.stdout.write(f"{done} {records}\n")
        sys.stdout.flush()

    try:
        outcome = read_part(task, report)
    except Exception as error:  # the parent falls back to the one-process import
        outcome = PartOutcome(task.plan.index, error=f"{type(error).__name__}: {error}")
    sys.stdout.write("outcome " + _outcome_json(outcome) + "\n")
    sys.stdout.flush()
    return 0


class _PartProcess:
    """A running part, its progress and outcome read from its output by a thread."""

    def __init__(self, task: PartTask) -> None:
        self.index = task.plan.index
        self.done = self.records = 0
        self.outcome: PartOutcome | None = None
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "model.bulkimport", _task_json(task)],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                env=env, text=True)
        except OSError as error:
            raise Unsupported(f"cannot start a part process ({error})") from None
        self.errors = ""
        self._threads = [threading.Thread(target=self._read, daemon=True),
                         threading.Thread(target=self._read_errors, daemon=True)]
        for thread in self._threads:
            thread.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("outcome "):
                self.outcome = _outcome_from_json(line[8:])
            else:
                with contextlib.suppress(ValueError):
                    done, records = line.split()
                    self.done, self.records = int(done), int(records)

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        self.errors = self.process.stderr.read()[-2000:]

    def finished(self) -> bool:
        if self.process.poll() is None:
            return False
        for thread in self._threads:
            thread.join()
        return True

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for thread in self._threads:
            thread.join()


# -- merging --------------------------------------------------------------------------------

_NAME_TABLES = (("places", "place_id"), ("actors", "actor_id"), ("source_names", "name_id"),
                ("tags", "tag_id"), ("categories", "category_id"))
_LINKS = (("event_actors", "actor_id", "actors", "role"),
          ("event_sources", "name_id", "source_names", None),
          ("event_tags", "tag_id", "tags", None))


def remove_files(paths: Iterable[str | Path]) -> None:
    """Delete these files where they exist (an open connection reads on from its own)."""
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _unheard(_what: str) -> None:
    """A step or a readiness nobody listens to."""


def merge_parts(conn: sqlite3.Connection, parts: Sequence[str],
                step: Callable[[str], None] = _unheard) -> None:
    """Fill an empty store (schema created, transaction open) with the events of part
    databases, in order, and the names they use: enough to show a timeline. `merge_links`
    does the rest; `step` hears what is done next (see MERGE_STEPS)."""
    step("names")
    for i, part in enumerate(parts):
        conn.execute(f"ATTACH DATABASE ? AS p{i}", (readonly_uri(part),))
    # Names: one id per distinct name over all parts, and a map from each part's ids (one
    # table per part, keyed by the part's id: a rowid lookup per row, the cheapest there is).
    for table, key in _NAME_TABLES:
        ids: dict[str, int] = {}
        rows: list[tuple[int, str, str]] = []
        for i in range(len(parts)):
            mapping = []
            for local, name, norm in conn.execute(f"SELECT {key}, name, norm FROM p{i}.{table}"):
                found = ids.get(name)
                if found is None:
                    found = ids[name] = len(ids) + 1
                    rows.append((found, name, norm))
                mapping.append((local, found))
            conn.execute(f"CREATE TEMP TABLE map_{table}_{i} (local INTEGER PRIMARY KEY, "
                         "global INTEGER NOT NULL)")
            conn.executemany(f"INSERT INTO temp.map_{table}_{i} VALUES (?, ?)", mapping)
        conn.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)", rows)
    # The parts, each read in order through its index, merged as they are read (a compound
    # SELECT ordered by its columns: EXPLAIN QUERY PLAN says MERGE (UNION ALL), no sorting).
    # Rows inserted in order take the next rowids: with a first row at -1 (removed after),
    # positions count from 0.
    arrived = " UNION ALL ".join(
        "SELECT a.aid, a.id, a.earliest, a.latest, a.precision, a.forecast, a.kind, "
        f"a.certainty, m.global, a.line, a.length, a.body, c.global, a.zeros FROM p{i}.events a "
        f"LEFT JOIN temp.map_places_{i} m ON m.local = a.place_id "
        f"LEFT JOIN temp.map_categories_{i} c ON c.local = a.category_id"
        for i in range(len(parts)))
    step("events in order")
    conn.execute("INSERT INTO events (pos, aid, id, earliest, latest, precision, forecast, "
                 "kind, certainty) VALUES (-1, -1, '', 0, 0, 0, 0, '', '')")
    conn.execute(
        "INSERT INTO events (aid, id, earliest, latest, precision, forecast, kind, certainty, "
        f"place_id, line, length, body, category_id, zeros) {arrived} {CHRONOLOGICAL}")
    conn.execute("DELETE FROM events WHERE pos = -1")
    # An id in two parts is found here, before anything is shown (PartsDisagree).
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id)")
    conn.execute("CREATE TABLE IF NOT EXISTS span_stats AS SELECT "
                 "coalesce(max(latest - earliest), 0) AS max_span FROM events")


def merge_links(conn: sqlite3.Connection, parts: Sequence[str],
                step: Callable[[str], None] = _unheard,
                ready: Callable[[str], None] = _unheard) -> None:
    """The rest of `merge_parts` (same connection, parts still attached): links and
    casualties, each statement its own transaction when the connection has none open, so a
    store already being read sees each table whole; `ready` hears "links" and
    "casualties" as they are."""
    step("positions")
    conn.execute("CREATE UNIQUE INDEX events_aid ON events (aid)")
    # A part's side tables name events by byte offset, which finds their position; links go
    # in in the order of their keys.
    for link, key, names, extra in _LINKS:
        step(f"links to {names.replace('source_names', 'sources')}")
        linked = " UNION ALL ".join(
            f"SELECT e.pos AS pos, m.global AS k{', x.' + extra if extra else ''} "
            f"FROM p{i}.{link} x JOIN events e ON e.aid = x.pos "
            f"JOIN temp.map_{names}_{i} m ON m.local = x.{key}"
            for i in range(len(parts)))
        conn.execute(f"INSERT INTO {link} SELECT * FROM ({linked}) ORDER BY k, pos")
    ready("links")
    step("casualties")
    casualties = " UNION ALL ".join(
        "SELECT e.pos, x.type, x.count, x.qualifier, x.scope, x.since "
        f"FROM p{i}.casualties x JOIN events e ON e.aid = x.pos" for i in range(len(parts)))
    conn.execute(f"INSERT INTO casualties {casualties}")
    ready("casualties")
    for table, _key in _NAME_TABLES:
        for i in range(len(parts)):
            conn.execute(f"DROP TABLE temp.map_{table}_{i}")


def build_text_index(conn: sqlite3.Connection, parts: Sequence[str]) -> None:
    """The full-text index of the parts' text, in the (new) database of `conn`.

    It is keyed by position, so it works the order out for itself (as `merge_parts` does,
    from the same rows) rather than wait for the merge, and feeds the index in that order.
    """
    try:
        for i, part in enumerate(parts):
            conn.execute(f"ATTACH DATABASE ? AS p{i}", (readonly_uri(part),))
        conn.execute("CREATE TEMP TABLE chronological (pos INTEGER PRIMARY KEY, aid INTEGER, "
                     "earliest INTEGER, precision INTEGER, id TEXT)")
        arrived = " UNION ALL ".join(f"SELECT aid, earliest, precision, id FROM p{i}.events"
                                     for i in range(len(parts)))
        conn.execute("INSERT INTO temp.chronological (pos, aid) VALUES (-1, -1)")
        # Merged from the parts' indexes, as in merge_parts.
        conn.execute("INSERT INTO temp.chronological (aid, earliest, precision, id) "
                     f"{arrived} {CHRONOLOGICAL}")
        conn.execute("DELETE FROM temp.chronological WHERE pos = -1")
        conn.execute("BEGIN")
        create_text_index(conn)
        # Byte offsets are unique over all parts: each position finds its text in one part.
        columns = ", ".join(
            "coalesce(" + ", ".join(f"t{i}.{column}" for i in range(len(parts))) + ", NULL)"
            for column in ("title", "notes", "quotes", "place", "actors"))
        joins = " ".join(f"LEFT JOIN p{i}.text_rows t{i} ON t{i}.aid = o.aid"
                         for i in range(len(parts)))
        conn.execute("INSERT INTO event_text (rowid, title, notes, quotes, place, actors) "
                     f"SELECT o.pos, {columns} FROM temp.chronological o {joins} ORDER BY o.pos")
        conn.execute("COMMIT")
    finally:
        conn.close()


# -- the whole import -----------------------------------------------------------------------

MERGE_STEPS = {
    "names": 0.05, "events in order": 1.0, "positions": 0.25, "links to actors": 2.2,
    "links to sources": 1.25, "links to tags": 0.05, "casualties": 0.2,
    "indexes": 0.3 * INDEX_COUNT, "full-text index": 0.5,
}
"""What follows the reading, and each step's usual share of its time (seconds at a million
ACLED rows: the full-text index is built alongside, and mostly waited for at the end)."""


class _MergeProgress:
    """Turns the steps of the merge into a fraction of it for a progress that listens."""

    def __init__(self, progress: object) -> None:
        self.progress = progress
        """Anything with `indexing(fraction, what)` (or not: then nobody hears)."""
        self.done = 0.0
        self.current: str | None = None
        self.total = sum(MERGE_STEPS.values())

    def __call__(self, what: str) -> None:
        if self.current is not None:
            share = MERGE_STEPS[self.current]
            self.done += share / INDEX_COUNT if self.current == "indexes" else share
        self.current = what
        report_indexing(self.progress, self.done / self.total, what)


def _stop_text_index(texter: threading.Thread | None, text_conn: sqlite3.Connection | None
                     ) -> None:
    """Stop the full-text index being built, if it still is (something failed: it would be
    built for nothing)."""
    if texter is not None and text_conn is not None and texter.is_alive():
        _interrupt(text_conn)
        texter.join()


def _interrupt(conn: sqlite3.Connection) -> None:
    """Stop what a connection is running, if anything (it may have just finished and closed)."""
    with contextlib.suppress(sqlite3.ProgrammingError):
        conn.interrupt()


class _CancelWatcher:
    """Interrupts the merge's statements (seconds each at a million rows) when cancelled."""

    def __init__(self, cancel: threading.Event | None, *conns: sqlite3.Connection) -> None:
        self.cancel, self.conns = cancel, conns
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        if cancel is not None:
            self.thread.start()

    def _watch(self) -> None:
        assert self.cancel is not None
        while not self.stopped.wait(0.1):
            if self.cancel.is_set():
                for conn in self.conns:
                    _interrupt(conn)
                return

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()


@dataclass
class BulkImport:
    """The outcome: the report, how to read the rows back, and what is left to build."""

    report: ImportReport
    rows: CsvRows
    events: int
    rest: RestOfImport


class RestOfImport:
    """What an import builds once the events are in the store in order: links to names,
    casualties, the other indexes, and (in another thread already) the full-text index."""

    def __init__(self, path: Path, conn: sqlite3.Connection, parts: list[str],
                 watcher: _CancelWatcher, steps: _MergeProgress, texter: threading.Thread,
                 text_conn: sqlite3.Connection, text_error: list[BaseException],
                 cancel: threading.Event | None) -> None:
        self.path, self.conn, self.parts, self.watcher = path, conn, parts, watcher
        self.steps, self.texter, self.text_conn = steps, texter, text_conn
        self.text_error, self.cancel = text_error, cancel

    def keep_going(self, progress: object) -> None:
        """The import is over for whoever asked for it: cancelling it no longer stops this
        (the store is in use), and `progress` hears how far it has got."""
        self.watcher.stop()
        self.cancel = None
        self.steps.progress = progress

    def run(self, ready: Callable[[str], None] = _unheard) -> None:
        """Build it all; `ready` hears "links", "casualties" and "text" as each can be
        used. Raises ImportCancelled when cancelled (the files are then incomplete)."""
        conn, cancel, steps = self.conn, self.cancel, self.steps
        try:
            try:
                merge_links(conn, self.parts, steps, ready)
                create_indexes(conn, steps)
                for i in range(len(self.parts)):
                    conn.execute(f"DETACH DATABASE p{i}")
            except sqlite3.OperationalError:
                if cancel is not None and cancel.is_set():
                    raise ImportCancelled(f"import of {self.path} cancelled") from None
                raise
            finally:
                self.watcher.stop()
                conn.close()
            steps("full-text index")
            while self.texter.is_alive():
                self.texter.join(0.1)
                if cancel is not None and cancel.is_set():
                    _interrupt(self.text_conn)
                    self.texter.join()
            # Cancelled late, the merge may have finished while the index was interrupted:
            # the person asked to stop, and that is what happened.
            if cancel is not None and cancel.is_set():
                raise ImportCancelled(f"import of {self.path} cancelled")
            if self.text_error:
                raise self.text_error[0]
            ready("text")
        finally:
            _stop_text_index(self.texter, self.text_conn)
            remove_files(self.parts)


def _sha256(path: Path, into: list[str]) -> None:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)  # hashlib lets other threads run on big buffers
    into.append(digest.hexdigest())


def part_count() -> int:
    """How many parts a file is read in: one per core, at most four (the merge after them
    is one process's work, and parts beyond the cores only compete)."""
    return max(1, min(os.cpu_count() or 1, 4))


def import_parts(path: Path, store: str, text: str, *, format: str = "acled",
                 parts: int | None = None, progress: Progress | None = None,
                 cancel: threading.Event | None = None, early: bool = False) -> BulkImport:
    """Import an ACLED, UCDP GED or GDELT CSV file into the store database `store` (created
    here) and its full-text index into `text`; raises Unsupported for what the one-process
    import must do, PartsDisagree when its parts must be read as one, ImportCancelled when
    cancelled.

    With `early`, it returns as soon as the events are in the store in order (a timeline
    can be shown): `rest.run()` then builds the links, casualties, indexes and full text,
    while the store may be read through another connection."""
    if format not in FORMATS:
        raise Unsupported(f"no parallel import for {format}")
    header = read_header(path, format)
    stat = path.stat()
    count = parts or part_count()
    kind = FORMATS[format]
    event_of_row = None
    if kind.gathers is not None:
        reader = kind.reader(Columns(header.fields, kind.aliases))
        if kind.gathers(reader) is not None:
            event_of_row = reader.event_key
    plans = plan_parts(path, header, count, event_of_row)
    folder = Path(store).parent
    part_files = [str(folder / f"{Path(store).name}.part{p.index}.{os.getpid()}.building")
                  for p in plans]
    digest: list[str] = []
    hasher = threading.Thread(target=_sha256, args=(path, digest), daemon=True)
    hasher.start()
    processes: list[_PartProcess] = []
    texter: threading.Thread | None = None
    text_conn: sqlite3.Connection | None = None
    conn: sqlite3.Connection | None = None
    watcher: _CancelWatcher | None = None
    try:
        for plan in plans:
            processes.append(_PartProcess(PartTask(
                str(path), plan, header.fields, header.delimiter, part_files[plan.index],
                format, header.hxl_record)))
        while not all(p.finished() for p in processes):
            if cancel is not None and cancel.is_set():
                raise ImportCancelled(f"import of {path} cancelled")
            time.sleep(0.05)
            if progress is not None:
                if hasattr(progress, "rows"):
                    progress.rows = sum(p.records for p in processes)
                progress(header.end + sum(p.done for p in processes), stat.st_size)
        if progress is not None:
            progress(stat.st_size, stat.st_size)  # read: merging and indexing follow
        outcomes = {p.index: p.outcome for p in processes if p.outcome is not None}
        if len(outcomes) < len(plans):
            raise Unsupported("a part process ended without a result: " + " ".join(
                p.errors.strip().splitlines()[-1] for p in processes if p.errors.strip()))
        failed = [o.error for o in outcomes.values() if o.error]
        if failed:
            raise Unsupported(failed[0])
        ordered = [outcomes[i] for i in range(len(plans))]
        for plan, outcome in zip(plans, ordered, strict=True):
            if outcome.end != plan.end:
                raise PartsDisagree("a part boundary fell inside a record")
        if len(plans) > 1 and any(o.latin_from is not None for o in ordered):
            # One reading goes on in Latin-1 from the first line that is not UTF-8, to the
            # end of the file; parts cannot know where an earlier part switched.
            raise PartsDisagree("a line is not UTF-8")
        text_error: list[BaseException] = []

        text_conn = building_connection(text, cache_mib=16)  # FTS5 buffers in its own memory

        def text_index() -> None:
            try:
                build_text_index(text_conn, part_files)
            except BaseException as error:
                text_error.append(error)

        texter = threading.Thread(target=text_index, daemon=True)
        # Committed pages are written as each statement ends: a cache this size holds the
        # biggest one (links to actors, about 40 MB at a million events) without spilling,
        # which would shut out a store reading the file meanwhile until the commit.
        conn = building_connection(store, cache_mib=128)
        conn.execute("PRAGMA busy_timeout = 600000")  # readers hold it back, never fail it
        watcher = _CancelWatcher(cancel, conn, text_conn)
        steps = _MergeProgress(progress)
        try:
            conn.execute("BEGIN")
            create_schema(conn)
            try:
                merge_parts(conn, part_files, steps)
            except sqlite3.IntegrityError:
                raise PartsDisagree("the same id in two parts") from None
            conn.execute("COMMIT")
            # Positions count from 0 without a gap: the last one says how many there are.
            n = conn.execute("SELECT coalesce(max(pos) + 1, 0) FROM events").fetchone()[0]
        except sqlite3.OperationalError:
            if cancel is not None and cancel.is_set():
                raise ImportCancelled(f"import of {path} cancelled") from None
            raise
        hasher.join()
        # The full-text index begins once the events are in place (it would compete with
        # them for a core, and the timeline waits for them, not for it).
        texter.start()
        rest = RestOfImport(path, conn, part_files, watcher, steps, texter, text_conn,
                            text_error, cancel)
    except BaseException:
        _stop_text_index(texter, text_conn)
        if text_conn is not None:
            text_conn.close()  # (closing twice does nothing)
        if conn is not None:
            conn.close()
        if watcher is not None:
            watcher.stop()
        remove_files(part_files)
        raise
    finally:
        for process in processes:
            process.stop()
    title, description = FORMATS[format].describe(path)
    report = ImportReport(path, format, info=DatasetInfo(title=title, description=description),
                          sha256=digest[0] if digest else None)
    for outcome in ordered:
        report.add(outcome)
    latin = [(o.latin_from, plan.end) for o, plan in zip(ordered, plans, strict=True)
             if o.latin_from is not None]
    rows = CsvRows(path, stat.st_size, stat.st_mtime_ns, header.fields, header.delimiter, latin,
                   format)
    done = BulkImport(report, rows, n, rest)
    if not early:
        rest.run()
    return done


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
