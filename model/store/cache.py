"""Imported stores cached on disk, so a big file is imported once and reopened instantly.

A cache entry is an SQLite file under `$XDG_CACHE_HOME/dateline` (or `~/.cache/dateline`),
named by a hash of the source's absolute path, size and modification time; it also records
the source's content sha256. It is built under a temporary name and renamed into place only
when complete, so a killed import never leaves a broken entry behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tomli_w

from model.dataset import parse_info_table
from model.dataset_write import info_to_table
from model.importers import ImportReport
from model.importers.common import ImportNote, SkippedRow, short
from model.progress import NEVER_CANCELLED, NULL_PROGRESS, CancelToken, ProgressSink
from model.sources import EventSource, SourceSummary
from model.store.build import StoreBuilder
from model.store.building import Building
from model.store.bulk import import_parts
from model.store.entries import (
    ABOUT,
    BUILDING as BUILDING,
    SCHEMA_VERSION as SCHEMA_VERSION,
    SUFFIX as SUFFIX,
    TEXT,
    TEXT_SUFFIX as TEXT_SUFFIX,
    BuildFile,
    BuildInProgress as BuildInProgress,
    CacheEntry as CacheEntry,
    SourceStamp as SourceStamp,
    builds as builds,
    cache_dir as cache_dir,
    clean_stale as clean_stale,
    clear as clear,
    entries as entries,
    forget,
    read_meta,
)
from model.store.connect import building_connection, new_connection, readonly_uri
from model.store.merge import remove_files
from model.store.plan import PartsDisagree
from model.store.read import EventStore
from model.store.source_rows import CsvRows
from model.validation import DataError, Problem

IMPORT = "import"
DATASET = "dataset"
"""The kinds of entry: a file imported from another format, or a big Dateline dataset or
view file (kept so that it opens at once the next time, as an import does)."""
def _announce(folder: Path, build: BuildFile, source: Path) -> Path:
    """Write a note beside a build naming its source, so `cache list` can show it; named
    like the build's other files (the pid last), so it goes with them."""
    note = folder / build.as_(ABOUT).name
    with contextlib.suppress(OSError):
        note.write_text(json.dumps({"source": str(source.resolve()), "started": time.time()}),
                        encoding="utf-8")
    return note


QUICK_CHECK_BYTES = 16 << 20
"""Entries up to this size are checked page by page (SQLite's quick_check) when opened:
about 7 ms per MB here (33 ms for a 19,200-event entry of 4.8 MB). A bigger one is trusted
until a question finds it damaged (see `damaged_entry`)."""

_DAMAGED: dict[str, list[str]] = {}
"""What was found damaged and removed, by source path, until the opening says so."""
_DAMAGED_LOCK = threading.Lock()


def _discard(entry: Path, source: Path, why: str) -> None:
    """Remove a damaged entry (it will be built again), keeping a word for the user."""
    forget(entry)
    with _DAMAGED_LOCK:
        _DAMAGED.setdefault(str(source), []).append(
            f"{source}: its cache entry {entry.name} was damaged ({why}); removed, and the "
            "file read again")


def damage_notes(source: Path) -> list[str]:
    """What was found damaged in the cache for `source` since last asked (said once)."""
    with _DAMAGED_LOCK:
        return _DAMAGED.pop(str(source), [])


def damaged_entry(store_path: Path, entry: Path, error: Exception) -> DataError:
    """A question found an open entry damaged: it is removed, and the error says so."""
    _discard(entry, store_path, str(error))
    damage_notes(store_path)  # said by the error itself
    return DataError(str(store_path), [Problem(
        "", f"its cache entry {entry.name} is damaged ({error}); it has been removed: open "
            "the file again to read it anew")])


def _default(value: object) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    raise TypeError(type(value).__name__)


def _current_entry(source: Path
                   ) -> tuple[SourceStamp, Path, sqlite3.Connection, dict[str, Any]] | None:
    """The entry for this version of `source` (same path, size and modification time), open
    read-only, with its metadata; None when there is none, or it cannot be read."""
    try:
        stamp = SourceStamp.of(source)
    except OSError:
        return None
    entry = cache_dir() / f"{stamp.key}{SUFFIX}"
    if not entry.is_file():
        return None
    try:
        conn = new_connection(readonly_uri(entry), uri=True)
    except sqlite3.DatabaseError as error:
        _discard(entry, source, str(error))
        return None  # unreadable: it will be rebuilt
    try:
        meta = read_meta(conn)
        if entry.stat().st_size <= QUICK_CHECK_BYTES:
            # SQLite 3.40's quick_check says "NULL value in event_sources.pos" of every row of
            # a WITHOUT ROWID table whose key is not in column order (integrity_check finds
            # them fine): those lines are no sign of damage.
            for (verdict,) in conn.execute("PRAGMA quick_check(1000000000)"):
                if verdict != "ok" and not str(verdict).startswith("NULL value in "):
                    found = " ".join(str(verdict).replace("*** in database main ***", "")
                                     .split())
                    raise sqlite3.DatabaseError(f"quick_check: {short(found, 100)}")
    except (sqlite3.DatabaseError, ValueError, OSError) as error:
        conn.close()
        _discard(entry, source, str(error))
        return None
    if meta.get("schema") != SCHEMA_VERSION or meta.get("stamp") != [
            stamp.path, stamp.size, stamp.mtime_ns] or not _unchanged(meta.get("depends")):
        conn.close()
        return None
    return stamp, entry, conn, meta


def stamps_of(paths: Iterable[Path]) -> list[list[Any]]:
    """What an entry depends on besides its source (a dataset's documents, whose quotes
    were checked against them): each file's path, size and modification time, or None
    for a file that is not there."""
    out: list[list[Any]] = []
    for path in paths:
        try:
            stat = path.stat()
            out.append([str(path.resolve()), stat.st_size, stat.st_mtime_ns])
        except OSError:
            out.append([str(path), None, None])
    return out


def _unchanged(depends: Any) -> bool:
    if not depends:
        return True
    if not isinstance(depends, list):
        return False
    return stamps_of(Path(str(item[0])) for item in depends) == depends


def open_cached(source: Path, kind: str = IMPORT) -> tuple[EventStore, SourceSummary] | None:
    """The cached store for this version of `source`, with the summary its reading gave,
    if there is one of this kind (an import's, or a big dataset file's, `DATASET`)."""
    current = _current_entry(source)
    if current is None:
        return None
    stamp, entry, conn, meta = current
    if meta.get("kind", IMPORT) != kind:
        conn.close()
        return None
    text_file = meta.get("text_file")
    rows = None
    try:
        if text_file:
            text = entry.parent / str(text_file)
            if not text.is_file():
                conn.close()
                return None
            conn.execute("ATTACH DATABASE ? AS fulltext", (readonly_uri(text),))
        if meta.get("source_rows"):
            rows = CsvRows.from_description(source, stamp.size, stamp.mtime_ns,
                                            meta["source_rows"])
            rows.forget = lambda: forget(entry)
    except (sqlite3.DatabaseError, OSError, DataError, KeyError, TypeError, ValueError):
        conn.close()
        return None  # unreadable, or the file changed while opening: it will be rebuilt
    summary = _summary_of(source, meta)
    store = EventStore(conn, summary.info, path=source, sha256=summary.sha256,
                       source_rows=rows, damaged=lambda error: damaged_entry(source, entry, error))
    return store, summary


def recorded_sha256(source: Path) -> str | None:
    """The content sha256 the import of this version of `source` recorded (same path, size
    and modification time, as `open_cached` trusts), without reading the source: None when
    no current entry holds one."""
    current = _current_entry(source)
    if current is None:
        return None
    _stamp, _entry, conn, meta = current
    conn.close()
    digest = meta.get("sha256")
    return digest if isinstance(digest, str) else None


def _entry_paths(source: Path) -> tuple[SourceStamp, Path, BuildFile]:
    """The stamp of `source`, its entry's final path and the build that makes it (its
    files beside the entry)."""
    stamp = SourceStamp.of(source)
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    clean_stale(folder)
    return stamp, folder / f"{stamp.key}{SUFFIX}", BuildFile.new(stamp.key)


def _summary_meta(summary: SourceSummary) -> dict[str, Any]:
    """What a cache entry keeps of the summary its reading gave (see `_summary_of`): for an
    import, every row skipped or noted that its report kept, with its line and reason."""
    meta: dict[str, Any] = {
        "sha256": summary.sha256, "warnings": list(summary.warnings),
        "info": info_to_table(summary.info), "depends": stamps_of(summary.depends),
        "view": tomli_w.dumps({"view": summary.view}) if summary.view is not None else None,
    }
    report = summary.report
    if report is not None:
        meta |= {
            "format": report.format, "imported": report.imported,
            "skipped": report.skipped_count, "notes": report.notes_count,
            "skipped_rows": [[r.line, r.reason] for r in report.skipped],
            "noted_rows": [[n.line, n.message] for n in report.notes],
        }
    return meta


def _summary_of(source: Path, meta: dict[str, Any]) -> SourceSummary:
    """The summary `_summary_meta` kept in an entry."""
    info = parse_info_table(meta.get("info") or {"title": source.name})
    sha256 = meta.get("sha256")
    report = None
    if "format" in meta:
        report = ImportReport(source, str(meta["format"]), info=info, sha256=sha256,
                              imported=int(meta.get("imported", 0)),
                              skipped_count=int(meta.get("skipped", 0)),
                              notes_count=int(meta.get("notes", 0)))
        with contextlib.suppress(TypeError, ValueError):
            report.skipped = [SkippedRow(line, str(why)) for line, why in
                              meta.get("skipped_rows", ())]
            report.notes = [ImportNote(line, str(why))
                            for line, why in meta.get("noted_rows", ())]
    view = tomllib.loads(meta["view"])["view"] if meta.get("view") else None
    depends = tuple(Path(str(item[0])) for item in meta.get("depends") or ())
    return SourceSummary(info, sha256, tuple(meta.get("warnings", ())), report, view, depends)


def _write_meta(conn: sqlite3.Connection, stamp: SourceStamp, events: int,
                meta: dict[str, Any]) -> None:
    meta = meta | {"schema": SCHEMA_VERSION, "stamp": [stamp.path, stamp.size, stamp.mtime_ns],
                   "created": time.time(), "events": events}
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.executemany("INSERT INTO meta VALUES (?, ?)",
                     [(k, json.dumps(v, default=_default)) for k, v in meta.items()])


def _reopened(source: Path, final: Path, kind: str = IMPORT
              ) -> tuple[EventStore, SourceSummary]:
    opened = open_cached(source, kind)
    if opened is None:
        raise OSError(f"the cache entry {final} could not be reopened")
    return opened


def build_cached(source: EventSource, *, kind: str = IMPORT,
                 cancel: CancelToken = NEVER_CANCELLED) -> tuple[EventStore, SourceSummary]:
    """Put the events of `source` into a new cache entry for its file and open it; the
    entry keeps the summary the reading gave, once every event has been read."""
    path = source.path
    stamp, final, build = _entry_paths(path)
    temp = final.with_name(build.name)
    note = _announce(final.parent, build, path)
    try:
        conn = building_connection(str(temp))
        builder = StoreBuilder(conn)
        builder.add(source.events(), cancel=cancel)
        # Said as the reading says it: a cancel seen here first is the same cancel.
        cancel.raise_if_cancelled(f"opening of {path}")
        _write_meta(conn, stamp, builder.count, _summary_meta(source.summary()) | {"kind": kind})
        builder.finish()
        conn.close()
        os.replace(temp, final)
    except BaseException:
        remove_files([temp])
        raise
    finally:
        remove_files([note])
    return _reopened(path, final, kind)


def build_cached_parallel(source: Path, format: str, *,
                          progress: ProgressSink = NULL_PROGRESS,
                          cancel: CancelToken = NEVER_CANCELLED
                          ) -> tuple[EventStore, SourceSummary]:
    """Import an ACLED, UCDP GED or GDELT CSV file on every core into a new cache entry (in
    one part when its parts disagree); raises plan.Unsupported when the file needs
    `build_cached`.

    The store is returned as soon as its events are in order, read from the entry being
    built; a thread builds the rest (links, casualties, indexes, full text: `store.building`
    says how far it got, and a question that needs what is missing waits for it), then
    puts the entry in place."""
    stamp, final, build = _entry_paths(source)
    temp, temp_text = final.with_name(build.name), final.with_name(build.as_(TEXT).name)
    final_text = final.with_name(f"{stamp.key}{TEXT_SUFFIX}")
    note = _announce(final.parent, build, source)
    try:
        try:
            try:
                done = import_parts(source, str(temp), str(temp_text), format=format,
                                    progress=progress, cancel=cancel, early=True)
            except PartsDisagree:
                remove_files([temp, temp_text])
                done = import_parts(source, str(temp), str(temp_text), format=format,
                                    parts=1, progress=progress, cancel=cancel, early=True)
            if cancel.cancelled:
                done.rest.run()  # stops at once, saying so
            building = Building(source, [temp, temp_text, note])
            done.rest.keep_going(building)
            conn = new_connection(readonly_uri(temp), uri=True)
        except sqlite3.DatabaseError as error:  # a full disk, most likely: say so plainly
            raise OSError(str(error)) from None
    except BaseException:
        remove_files([temp, temp_text, note])
        raise
    done.rows.forget = lambda: forget(final)
    summary = SourceSummary.of_import(done.report)
    meta = _summary_meta(summary) | {"source_rows": done.rows.describe(),
                                     "text_file": final_text.name}
    store = EventStore(conn, summary.info, path=source, sha256=summary.sha256,
                       source_rows=done.rows, building=building)

    def ready(part: str) -> None:
        if part == "text":
            store.attach_text_index(str(temp_text))
        building.ready(part)

    def finish() -> None:
        failure = None
        try:
            done.rest.run(ready)
            writer = new_connection(str(temp))
            writer.execute("PRAGMA busy_timeout = 600000")
            _write_meta(writer, stamp, done.events, meta)
            writer.close()
            # The index first: a store in place always finds its index beside it.
            os.replace(temp_text, final_text)
            os.replace(temp, final)
            remove_files([note])
        except BaseException as error:  # said to whoever waits, never lost
            # The store reads on from the files it has open.
            remove_files([temp, temp_text, note])
            failure = str(error) or type(error).__name__
        if failure is None:
            building.finished()
        else:
            building.failed(failure)

    threading.Thread(target=finish, name="dateline-finish-import", daemon=True).start()
    return store, summary


