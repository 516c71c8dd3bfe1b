"""Opening whatever path a person names: a dataset, a view file, or a file to import."""

from __future__ import annotations

import sqlite3
import tomllib
from collections.abc import Container, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from model.dataset import DatasetInfo, document_path, info_to_table, load_file
from model.dataset_stream import DatasetStream, NotStreamable
from model.importers import ImportReport, ImportRun, detect_format
from model.importers.detect import TOML
from model.progress import NEVER_CANCELLED, NULL_PROGRESS, CancelToken, ProgressSink
from model.query import MATCH_ALL, Query, QueryError, parse
from model.safe_read import ReadRefused, sha256_of
from model.store import EventStore, cache
from model.store.protocol import StoreQuestions
from model.store.plan import FORMATS as PARALLEL_FORMATS
from model.store.plan import Unsupported
from model.text import counted, safe_text
from model.toml_lines import with_lines
from model.validation import DataError, Problem
from model.views import ViewSettings, parse_view_table

BUNDLED_DATASET = "sirte-2016.toml"


def bundled_dataset_path() -> Path:
    """The Sirte dataset shipped with Dateline."""
    return Path(str(resources.files("data") / BUNDLED_DATASET))


@dataclass(frozen=True, slots=True)
class OpenedFile:
    """A store ready to explore, the view settings it was saved with, and anything to tell."""

    store: StoreQuestions
    view: ViewSettings | None = None
    query: Query = MATCH_ALL
    """The view's query, parsed (everything for a plain dataset)."""
    warnings: tuple[str, ...] = ()
    report: ImportReport | None = None
    """For an imported file (ACLED, UCDP, TimelineJS, GDELT): what was imported and skipped."""

    def __post_init__(self) -> None:
        # Warnings quote paths and values from the file: show their control characters
        # (an escape sequence in a document path) instead of letting a terminal run them.
        object.__setattr__(self, "warnings",
                           tuple(safe_text(w, keep_newlines=True) for w in self.warnings))


def _sha256(path: Path) -> str:
    """The content hash of a view's source, to tell whether it changed since the export. A
    big source imported before has it recorded in its cache entry (hashing 500 MB takes a
    second); otherwise it is read a block at a time, never whole (a view of a million-event
    file would hold the file in memory). Only a regular file is read (ReadRefused)."""
    recorded = cache.recorded_sha256(path)
    if recorded is not None:
        return recorded
    return sha256_of(path)


def open_path(path: Path | str, *, reapply: bool = False, import_format: str = "auto",
              progress: ProgressSink = NULL_PROGRESS,
              cancel: CancelToken = NEVER_CANCELLED) -> OpenedFile:
    """Open a dataset, a view file or a file to import; raises DataError naming the file
    and every problem.

    What the file is comes from its content (`import_format` names an import format to skip
    detection). A view opens on its saved events. With `reapply`, its query is applied to
    the current source dataset instead (when that file can still be found). An import is
    read row by row into the store; `progress` hears how far it got and `cancel` stops it
    (raising ImportCancelled). Its skipped rows come back as short warnings.
    """
    path = Path(path)
    chosen = detect_format(path) if import_format == "auto" else import_format
    if chosen != TOML:
        return import_path(path, chosen, progress=progress, cancel=cancel)
    loaded = read_dataset_file(path, progress=progress, cancel=cancel)
    if loaded.view_table is None:
        return OpenedFile(loaded.store, warnings=loaded.warnings)
    problems: list[Problem] = []
    view = parse_view_table(loaded.view_table, loaded.event_ids, problems)
    parsed = parse(view.query)
    if isinstance(parsed, QueryError):
        problems.append(Problem("view.query", parsed.message))
    if problems or not isinstance(parsed, Query):
        raise DataError(str(path), with_lines(path, problems))
    query = parsed
    warnings: list[str] = list(loaded.warnings)
    source_path = (path.parent / view.source.path) if view.source and view.source.path else None
    if source_path is not None and view.source is not None:
        why = ""
        try:
            current: str | None = _sha256(source_path)
        except ReadRefused as refused:
            current, why = None, refused.reason
        if current is None:
            if reapply:
                why = {"no such file": "is not there",
                       "permission denied": "cannot be read (permission denied)"}.get(why, why)
                warnings.append(f"{path}: source dataset {source_path} {why}; "
                                "showing the saved events")
        elif current != view.source.sha256:
            if reapply:
                return _reapply(path, source_path, view, query, warnings)
            warnings.append(
                f"{path}: source dataset {source_path} has changed since the export "
                f"(sha256 differs); showing the {counted(loaded.store.total)} saved events "
                "(reapply the query to use the current data)"
            )
        elif reapply:
            return _reapply(path, source_path, view, query, warnings)
    return OpenedFile(loaded.store, view, query, tuple(warnings))


@dataclass(frozen=True, slots=True)
class DatasetFile:
    """A dataset or view file read into a store."""

    store: StoreQuestions
    view_table: Mapping[str, Any] | None
    event_ids: Container[str]
    warnings: tuple[str, ...]


class _StoredIds:
    """The ids of a store's events, asked one at a time (a view's marks and cursor)."""

    def __init__(self, store: StoreQuestions) -> None:
        self.store = store

    def __contains__(self, event_id: object) -> bool:
        return isinstance(event_id, str) and self.store.position_of(event_id) is not None


def read_dataset_file(path: Path, *, progress: ProgressSink = NULL_PROGRESS,
                      cancel: CancelToken = NEVER_CANCELLED) -> DatasetFile:
    """Read a dataset or view file; raises DataError naming the file and every problem.

    A big one (CACHE_FROM_BYTES or more) is read a part at a time into a cache entry, never
    whole into memory, and opens from that entry while it and the documents its quotes
    were checked against are unchanged; a small one, or one laid out so that it cannot be
    read in parts, is read whole into a store in memory. `progress` and `cancel` are those
    of `open_path`.
    """
    try:
        big = path.stat().st_size >= CACHE_FROM_BYTES
    except OSError:
        big = False
    unwritable = ""
    if big:
        found = cache.open_cached(path, cache.DATASET)
        if found is None:
            try:
                found = _cache_dataset(path, progress, cancel)
            except NotStreamable:
                found = None
            except (OSError, sqlite3.DatabaseError) as error:
                found, unwritable = None, _unwritable(path, "cache", error)
        if found is not None:
            store, meta = found
            view = tomllib.loads(meta["view"])["view"] if meta.get("view") else None
            return DatasetFile(store, view, _StoredIds(store), (*cache.damage_notes(path),
                                                               *meta.get("warnings", ())))
    loaded = load_file(path)
    dataset = loaded.dataset
    store = EventStore.from_events(dataset.events, dataset.info, path=path, sha256=loaded.sha256)
    said = (unwritable,) if unwritable else ()
    return DatasetFile(store, loaded.view_table, {e.id for e in dataset.events},
                       (*cache.damage_notes(path), *said, *loaded.warnings))


def _unwritable(path: Path, what: str, error: OSError | sqlite3.DatabaseError) -> str:
    """A cache entry for `path` could not be written (a full disk, a read-only home)."""
    why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return (f"{path}: cannot write the {what} in {cache.cache_dir()} ({why}); read into "
            "memory this time, not kept for the next")


def _cache_dataset(path: Path, progress: ProgressSink, cancel: CancelToken
                   ) -> tuple[EventStore, dict[str, Any]]:
    stream = DatasetStream(path, progress=progress, cancel=cancel)
    documents = [p for doc in stream.info.documents
                 if (p := document_path(doc, path.parent)) is not None]

    def meta() -> dict[str, Any]:
        view = stream.view_table
        return {"sha256": stream.sha256, "warnings": list(stream.warnings),
                "info": info_to_table(stream.info), "depends": cache.stamps_of(documents),
                "view": tomli_w.dumps({"view": view}) if view is not None else None}

    return cache.build_cached(path, stream.events(), meta=meta, kind=cache.DATASET,
                              cancel=cancel)


def _reapply(view_path: Path, source_path: Path, view: ViewSettings, query: Query,
             warnings: list[str]) -> OpenedFile:
    try:
        source = open_path(source_path)
    except DataError as error:
        # Its problems may quote its lines, and the view, not the user, named that file.
        raise DataError(str(view_path), [Problem("view.source.path", (
            f"{source_path} cannot be opened ({counted(len(error.problems), 'problem')}; "
            "open that file itself to see them)"))]) from None
    warnings.append(f"{view_path}: query applied to the current {source_path}")
    return OpenedFile(source.store, view, query, tuple(warnings))


# Below this size an import takes well under a second: keep it in memory, uncached.
CACHE_FROM_BYTES = 8 * 1024 * 1024


def import_path(path: Path | str, format: str = "auto", *, strict: bool = False,
                progress: ProgressSink = NULL_PROGRESS,
                cancel: CancelToken = NEVER_CANCELLED,
                uncached: bool = False) -> OpenedFile:
    """Import an ACLED, UCDP GED, TimelineJS or GDELT file into a store.

    Big files are imported once into an on-disk cache entry and reopened from it while the
    file is unchanged (same path, size and modification time); `uncached`, or where the
    cache cannot be written, into memory.
    """
    path = Path(path)
    try:
        big = path.stat().st_size >= CACHE_FROM_BYTES
    except OSError:
        big = False
    if big and not strict and not uncached:
        return _import_cached(path, format, progress=progress, cancel=cancel)
    run = ImportRun(path, format, strict=strict, progress=progress, cancel=cancel)
    store = EventStore.from_events(run.events(), DatasetInfo(title=path.name), path=path)
    report = run.report
    if report.info is not None:
        store.info = report.info
    store.sha256 = report.sha256
    return OpenedFile(store, warnings=report.warnings(), report=report)


def _build_cache_entry(path: Path, format: str, *, progress: ProgressSink,
                       cancel: CancelToken) -> tuple[EventStore, dict[str, Any]]:
    """A new cache entry for the file: on every core when its format allows, else in one."""
    chosen = detect_format(path) if format == "auto" else format
    if chosen in PARALLEL_FORMATS:
        try:
            return cache.build_cached_parallel(path, chosen, progress=progress, cancel=cancel)
        except Unsupported:
            pass  # the one-process import below reads it
    run = ImportRun(path, format, progress=progress, cancel=cancel)
    return cache.build_cached(path, run.events(), meta=lambda: cache.report_meta(run.report),
                              cancel=cancel)


def _import_cached(path: Path, format: str, *, progress: ProgressSink,
                   cancel: CancelToken) -> OpenedFile:
    found = cache.open_cached(path)
    if found is None:
        try:
            found = _build_cache_entry(path, format, progress=progress, cancel=cancel)
        except (OSError, sqlite3.DatabaseError) as error:
            # A read-only or full cache folder: the file still opens, from memory.
            opened = import_path(path, format, progress=progress, cancel=cancel,
                                 uncached=True)
            return replace(opened, warnings=(_unwritable(path, "import cache", error),
                                             *opened.warnings))
    store, meta = found
    report = cache.report_of(path, meta, format)
    report.info, report.sha256 = store.info, store.sha256
    return OpenedFile(store, warnings=(*cache.damage_notes(path),
                                       *meta.get("warnings", ())), report=report)
