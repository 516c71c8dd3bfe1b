"""One part of a big file, read in a process of its own straight into the store's indexed
form (`acled._RowReader.index`: no Event objects, no JSON bodies), into a part database
kept in chronological order by an index.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from model.codec import encode_event, index_event
from model.event import Event
from model.importers.acled_actors import EventRows, Finish, event_of
from model.importers.common import (
    IdKeeper,
    ImportNote,
    SkippedRow,
    check_event,
)
from model.importers.csvsource import (
    Columns,
    is_hxl,
)
from model.importers.tabular import CsvFormat
from model.store.build import StoreBuilder
from model.store.connect import building_connection
from model.store.plan import FORMATS, PartLines, PartOutcome, PartPlan, Unsupported
from model.store.schema import CHRONOLOGICAL_COLUMNS
from model.validation import MAX_TEXT

PROGRESS_EVERY = 1000


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
        lines = PartLines(stream, plan.start, plan.line, outcome)
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


class PartProcess:
    """A running part, its progress and outcome read from its output by a thread."""

    def __init__(self, task: PartTask) -> None:
        self.index = task.plan.index
        self.done = self.records = 0
        self.outcome: PartOutcome | None = None
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "model.store.parts", _task_json(task)],
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
