"""Big ACLED, UCDP GED and GDELT CSV files imported on every core, into a store that points
back at the file.

A million-row export is cut into parts (`model.store.plan`), each read by its own process
(`model.store.parts`), then merged (`model.store.merge`) while a thread builds the full-text
index (SQLite works without the GIL, so both run at once). The events keep only where their
row is in the file; `model.store.source_rows` reads a row again when it is shown.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from model.dataset import DatasetInfo
from model.importers import ImportReport
from model.progress import NEVER_CANCELLED, NULL_PROGRESS, CancelToken, ProgressSink
from model.importers.csvsource import (
    Columns,
)
from model.store.connect import building_connection
from model.store.merge import (
    MergeProgress,
    build_text_index,
    merge_links,
    merge_parts,
    remove_files,
    unheard,
)
from model.store.parts import PartProcess, PartTask
from model.store.plan import FORMATS, PartsDisagree, Unsupported, plan_parts, read_header
from model.store.schema import create_indexes, create_schema
from model.store.source_rows import CsvRows


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

    def __init__(self, cancel: CancelToken, *conns: sqlite3.Connection) -> None:
        self.cancel, self.conns = cancel, conns
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        if cancel.can_cancel:
            self.thread.start()

    def _watch(self) -> None:
        while not self.stopped.wait(0.1):
            if self.cancel.cancelled:
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
                 watcher: _CancelWatcher, steps: MergeProgress, texter: threading.Thread,
                 text_conn: sqlite3.Connection, text_error: list[BaseException],
                 cancel: CancelToken) -> None:
        self.path, self.conn, self.parts, self.watcher = path, conn, parts, watcher
        self.steps, self.texter, self.text_conn = steps, texter, text_conn
        self.text_error, self.cancel = text_error, cancel

    def keep_going(self, progress: ProgressSink) -> None:
        """The import is over for whoever asked for it: cancelling it no longer stops this
        (the store is in use), and `progress` hears how far it has got."""
        self.watcher.stop()
        self.cancel = NEVER_CANCELLED
        self.steps.progress = progress

    def run(self, ready: Callable[[str], None] = unheard) -> None:
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
                cancel.raise_if_cancelled(f"import of {self.path}")
                raise
            finally:
                self.watcher.stop()
                conn.close()
            steps("full-text index")
            while self.texter.is_alive():
                self.texter.join(0.1)
                if cancel.cancelled:
                    _interrupt(self.text_conn)
                    self.texter.join()
            # Cancelled late, the merge may have finished while the index was interrupted:
            # the person asked to stop, and that is what happened.
            cancel.raise_if_cancelled(f"import of {self.path}")
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
                 parts: int | None = None, progress: ProgressSink = NULL_PROGRESS,
                 cancel: CancelToken = NEVER_CANCELLED, early: bool = False) -> BulkImport:
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
    processes: list[PartProcess] = []
    texter: threading.Thread | None = None
    text_conn: sqlite3.Connection | None = None
    conn: sqlite3.Connection | None = None
    watcher: _CancelWatcher | None = None
    try:
        for plan in plans:
            processes.append(PartProcess(PartTask(
                str(path), plan, header.fields, header.delimiter, part_files[plan.index],
                format, header.hxl_record)))
        while not all(p.finished() for p in processes):
            cancel.raise_if_cancelled(f"import of {path}")
            time.sleep(0.05)
            progress.read(header.end + sum(p.done for p in processes), stat.st_size,
                          sum(p.records for p in processes))
        # Read: merging and indexing follow.
        progress.read(stat.st_size, stat.st_size, sum(p.records for p in processes))
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
        steps = MergeProgress(progress)
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
            cancel.raise_if_cancelled(f"import of {path}")
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
