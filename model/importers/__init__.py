"""Importers: ACLED, UCDP GED, TimelineJS and GDELT files read as Dateline events.

Each format is a generator (`read(context)`) yielding an `Event` per record it can read and a
`SkippedRow` for every record it cannot, one at a time, in file order. `ImportRun` drives
one: it detects the format, applies the dataset format's rules to every event, makes ids
unique, counts what was imported and skipped, reports progress and stops when cancelled.

    run = ImportRun("acled.csv")
    store = EventStore.from_events(run.events(), DatasetInfo(title=""))
    store.info = run.report.info       # complete once the events are consumed
    print(run.report.summary())        # imported 300 events from acled.csv (0 rows skipped)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from model.dataset import DatasetInfo
from model.event import Event
from model.importers import acled, gdelt, timelinejs, ucdp
from model.importers.common import (
    IdKeeper,
    ImportContext,
    ImportNote,
    Reader,
    Record,
    SkippedRow,
    check_event,
    with_id,
)
from model.importers.detect import FORMATS, LABELS, LOOKED_FOR, TOML, detect_format
from model.progress import (
    NEVER_CANCELLED,
    NULL_PROGRESS,
    CancelToken,
    ImportCancelled,
    ProgressSink,
)
from model.sources import SourceSummary
from model.text import counted
from model.validation import DataError, Problem

__all__ = [
    "FORMATS", "LABELS", "ImportCancelled", "ImportNote", "ImportReport", "ImportRun",
    "SkippedRow", "detect_format",
]

READERS: dict[str, Reader] = {
    "acled": acled.read, "ucdp": ucdp.read, "timelinejs": timelinejs.read, "gdelt": gdelt.read,
}
KEEP_AT_MOST = 100_000
"""Skipped rows and notes kept for the report; beyond this they are only counted."""


@dataclass(kw_only=True)
class SkippedAndNoted:
    """Skipped rows and notes: every one counted, the first KEEP_AT_MOST of each kept."""

    imported: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    skipped_count: int = 0
    notes: list[ImportNote] = field(default_factory=list)
    notes_count: int = 0

    def skip(self, row: SkippedRow) -> None:
        """Count a skipped row (and keep it, while there is room)."""
        self.skipped_count += 1
        if len(self.skipped) < KEEP_AT_MOST:
            self.skipped.append(row)

    def note(self, note: ImportNote) -> None:
        """Count a note (and keep it, while there is room)."""
        self.notes_count += 1
        if len(self.notes) < KEEP_AT_MOST:
            self.notes.append(note)

    def add(self, other: SkippedAndNoted) -> None:
        """Take in what a later part of the same file imported, skipped and noted."""
        self.imported += other.imported
        self.skipped_count += other.skipped_count
        self.notes_count += other.notes_count
        self.skipped.extend(other.skipped[:KEEP_AT_MOST - len(self.skipped)])
        self.notes.extend(other.notes[:KEEP_AT_MOST - len(self.notes)])


@dataclass
class ImportReport(SkippedAndNoted):
    """What an import did: how many events, which rows were skipped and why."""

    path: Path
    format: str
    info: DatasetInfo | None = None
    """The dataset's title, description and eras (complete once the import has finished)."""
    sha256: str | None = None

    def summary(self) -> str:
        """"imported 300 events from acled.csv (2 rows skipped)"."""
        return (f"imported {counted(self.imported, 'event')} from {self.path} "
                f"({counted(self.skipped_count, 'row')} skipped)")

    def entries(self) -> list[SkippedRow | ImportNote]:
        """Every kept skipped row and note, in file order."""
        records: list[SkippedRow | ImportNote] = [*self.skipped, *self.notes]
        records.sort(key=lambda r: r.line if r.line is not None else 0)
        return records

    @property
    def not_kept(self) -> int:
        """Skipped rows and notes counted but not kept (beyond KEEP_AT_MOST)."""
        return self.skipped_count + self.notes_count - len(self.skipped) - len(self.notes)

    def lines(self) -> list[str]:
        """Every kept skipped row and note, in file order: "line 17: ... (skipped)"."""
        out = [f"{r} (skipped)" if isinstance(r, SkippedRow) else str(r)
               for r in self.entries()]
        if self.not_kept:
            out.append(f"... and {counted(self.not_kept)} more not kept")
        return out

    def warnings(self, limit: int = 20) -> tuple[str, ...]:
        """A short account for a person opening the file: the first lines and a count."""
        if not self.skipped_count and not self.notes_count:
            return ()
        lines = self.lines()
        out = [self.summary()]
        out.extend(f"{self.path}: {line}" for line in lines[:limit])
        if len(lines) > limit:
            out.append(f"{self.path}: ... {counted(len(lines) - limit)} more (dateline import "
                       "lists them all)")
        return tuple(out)


class ImportRun:
    """One import of one file: iterate `records()` or `events()` once."""

    def __init__(self, path: Path | str, format: str = "auto", *, strict: bool = False,
                 progress: ProgressSink = NULL_PROGRESS,
                 cancel: CancelToken = NEVER_CANCELLED) -> None:
        self.path = Path(path)
        chosen = format.lower()
        if not self.path.exists():
            raise DataError(str(self.path), [Problem("", "no such file")])
        if chosen == "auto":
            chosen = detect_format(self.path)
            if chosen == TOML:
                raise DataError(str(self.path), [Problem(
                    "", f"is not a file to import: {LOOKED_FOR}")])
        elif chosen not in READERS:
            raise DataError(str(self.path), [Problem(
                "", f"'{format}' is not an import format ({', '.join(FORMATS)}, auto)")])
        self.format = chosen
        self.strict = strict
        self.context = ImportContext(self.path, chosen, progress=progress, cancel=cancel)
        self.report = ImportReport(self.path, chosen)

    @property
    def label(self) -> str:
        """The format's name for people ("ACLED export")."""
        return LABELS[self.format]

    def records(self) -> Iterator[Record]:
        """Events, skipped rows and notes, in file order."""
        if not self.path.is_file():
            why = "no such file" if not self.path.exists() else "is not a file"
            raise DataError(str(self.path), [Problem("", why)])
        report, context = self.report, self.context
        ids = IdKeeper()
        try:
            context.check_cancel()
            for record in READERS[self.format](context):
                if isinstance(record, Event):
                    reason = check_event(record)
                    if reason is not None:
                        record = SkippedRow(context.line, reason)
                    else:
                        wanted = record.id
                        chosen = ids.claim(wanted)
                        if chosen != wanted:
                            record = with_id(record, chosen)
                            yield self._note(ImportNote(
                                context.line, f"id '{wanted}' is already used by an earlier "
                                              f"record; imported as '{chosen}'"))
                        report.imported += 1
                        yield record
                        continue
                if isinstance(record, SkippedRow):
                    if self.strict:
                        where = f"line {record.line}" if record.line is not None else ""
                        raise DataError(str(self.path), [Problem(where, record.reason)])
                    report.skip(record)
                    yield record
                else:
                    yield self._note(record)
        except OSError as error:
            raise DataError(str(self.path), [Problem(
                "", f"cannot be read ({error.strerror or error})")]) from None
        report.info = context.info()
        report.sha256 = context.sha256

    def _note(self, note: ImportNote) -> ImportNote:
        self.report.note(note)
        return note

    def events(self) -> Iterator[Event]:
        """Only the events (the report keeps the rest)."""
        for record in self.records():
            if isinstance(record, Event):
                yield record

    def summary(self) -> SourceSummary:
        """The import's report and what it says, once its events have been read."""
        return SourceSummary.of_import(self.report)

