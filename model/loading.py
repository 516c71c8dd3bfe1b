"""Opening whatever path a person names: a dataset, a view file, or a file to import."""

from __future__ import annotations

import sqlite3
from collections.abc import Container, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from model.dataset import DatasetInfo, load_file
from model.dataset_stream import DatasetStream, NotStreamable
from model.importers import ImportReport, ImportRun, detect_format
from model.importers.detect import TOML
from model.progress import NEVER_CANCELLED, NULL_PROGRESS, CancelToken, ProgressSink
from model.query import MATCH_ALL, Query, QueryError, parse
from model.safe_read import ReadRefused, sha256_of
from model.sources import EventSource, SourceSummary
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
class SourceAtHand:
    """The source dataset of a view file opened on its saved events, found where the view
    names it: its query can be applied to the whole source again (`reapplied`)."""

    view_path: Path
    source_path: Path
    changed: bool
    """Its content is not what was exported (the sha256 the view records differs)."""


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
    source_at_hand: SourceAtHand | None = None
    """For a view opened on its saved events: its source, when it can be read."""

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
    if view.sources:
        return _several(path, loaded, view, query, warnings, reapply, progress, cancel)
    source_path = (path.parent / view.source.path) if view.source and view.source.path else None
    at_hand = None
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
        else:
            at_hand = SourceAtHand(path, source_path, current != view.source.sha256)
            if at_hand.changed and not reapply:
                warnings.append(
                    f"{path}: source dataset {source_path} has changed since the export "
                    f"(sha256 differs); showing the {counted(loaded.store.total)} saved "
                    "events (reapply the query to use the current data)"
                )
    saved = OpenedFile(loaded.store, view, query, tuple(warnings), source_at_hand=at_hand)
    return _reapply(saved) if reapply and at_hand is not None else saved


def _several(path: Path, loaded: DatasetFile, view: ViewSettings, query: Query,
             warnings: list[str], reapply: bool, progress: ProgressSink,
             cancel: CancelToken) -> OpenedFile:
    """A view of several files: opened on its saved events, back in their files."""
    from model.source_set import regrouped  # (it opens files through this module)

    if reapply:
        raise DataError(str(path), [Problem("view.sources", (
            "a view of several files opens on its saved events; to apply its query to the "
            "files as they are now, open them together and type the query"))])
    store = regrouped(loaded.store, view, path, progress=progress, cancel=cancel)
    unattached = store.asked.unattached if store.asked is not None else ()
    if unattached:
        warnings.append(f"{path}: {counted(len(unattached), 'match decision')} naming an "
                        "event not in this view: kept, not applied")
    return OpenedFile(store, view, query, tuple(warnings))


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


# -- the stages of opening a file -----------------------------------------------------------
# detect (`detect_format`) -> read (an EventSource: `model.sources`) -> build (a store in
# memory, or a cache entry) -> open (an OpenedFile). A big file looks in the cache first: a
# current entry gives the store and the summary its reading gave, and skips read and build.


@dataclass(frozen=True, slots=True)
class Built:
    """What the build stage gives the open stage: the store, the summary of the reading it
    was built from, and what building it has to say (a damaged entry removed, a cache
    folder that cannot be written)."""

    store: StoreQuestions
    summary: SourceSummary
    notes: tuple[str, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """What to tell the person opening the file: the building's notes, then the
        reading's."""
        return (*self.notes, *self.summary.warnings)


def build_in_memory(source: EventSource) -> Built:
    """The build stage of a small file (or where the cache cannot be written): its events
    in a store in memory, described by the reading's summary."""
    store = EventStore.from_events(source.events(), DatasetInfo(title=source.path.name),
                                   path=source.path)
    summary = source.summary()
    store.info, store.sha256 = summary.info, summary.sha256
    return Built(store, summary)


def _cached(path: Path, found: tuple[EventStore, SourceSummary]) -> Built:
    store, summary = found
    return Built(store, summary, tuple(cache.damage_notes(path)))


def read_dataset_file(path: Path, *, progress: ProgressSink = NULL_PROGRESS,
                      cancel: CancelToken = NEVER_CANCELLED) -> DatasetFile:
    """Read a dataset or view file; raises DataError naming the file and every problem.

    A big one (CACHE_FROM_BYTES or more) is read a part at a time into a cache entry, never
    whole into memory, and opens from that entry while it and the documents its quotes
    were checked against are unchanged; a small one, or one laid out so that it cannot be
    read in parts, is read whole into a store in memory. `progress` and `cancel` are those
    of `open_path`.
    """
    built, unwritable = None, ""
    if _is_big(path):
        try:
            found = cache.open_cached(path, cache.DATASET) or cache.build_cached(
                DatasetStream(path, progress=progress, cancel=cancel), kind=cache.DATASET,
                cancel=cancel)
            built = _cached(path, found)
        except NotStreamable:
            pass  # read whole below
        except (OSError, sqlite3.DatabaseError) as error:
            unwritable = _unwritable(path, "cache", error)
    if built is None:
        whole = build_in_memory(load_file(path))
        said = (unwritable,) if unwritable else ()
        built = replace(whole, notes=(*cache.damage_notes(path), *said))
    return DatasetFile(built.store, built.summary.view, _StoredIds(built.store),
                       built.warnings)


def _is_big(path: Path) -> bool:
    try:
        return path.stat().st_size >= CACHE_FROM_BYTES
    except OSError:
        return False


def _unwritable(path: Path, what: str, error: OSError | sqlite3.DatabaseError) -> str:
    """A cache entry for `path` could not be written (a full disk, a read-only home)."""
    why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return (f"{path}: cannot write the {what} in {cache.cache_dir()} ({why}); read into "
            "memory this time, not kept for the next")


def _reapply(saved: OpenedFile) -> OpenedFile:
    at_hand = saved.source_at_hand
    assert at_hand is not None
    try:
        source = open_path(at_hand.source_path)
    except DataError as error:
        # Its problems may quote its lines, and the view, not the user, named that file.
        raise DataError(str(at_hand.view_path), [Problem("view.source.path", (
            f"{at_hand.source_path} cannot be opened "
            f"({counted(len(error.problems), 'problem')}; "
            "open that file itself to see them)"))]) from None
    return reapplied(saved, source, saved.warnings)


def reapplied(saved: OpenedFile, source: OpenedFile,
              warnings: tuple[str, ...] = ()) -> OpenedFile:
    """A view opened on its saved events (`saved`), its query, marks and cursor now over the
    events of its source (`source`, opened from `saved.source_at_hand.source_path`): what
    `--reapply` opens, and the explorer when the person asks for it. `warnings` go first
    (the view's own, when they have not been said yet)."""
    at_hand, view = saved.source_at_hand, saved.view
    if at_hand is None or view is None:
        raise ValueError("only a view whose source is at hand can be reapplied")
    said = f"{at_hand.view_path}: query applied to the current {at_hand.source_path}"
    return OpenedFile(source.store, view, saved.query, (*warnings, said))


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
    built = None
    if _is_big(path) and not strict and not uncached:
        try:
            found = cache.open_cached(path) or _build_cache_entry(path, format,
                                                                  progress=progress,
                                                                  cancel=cancel)
            built = _cached(path, found)
        except (OSError, sqlite3.DatabaseError) as error:
            # A read-only or full cache folder: the file still opens, from memory.
            whole = build_in_memory(ImportRun(path, format, progress=progress, cancel=cancel))
            built = replace(whole, notes=(_unwritable(path, "import cache", error),))
    if built is None:
        built = build_in_memory(ImportRun(path, format, strict=strict, progress=progress,
                                          cancel=cancel))
    return OpenedFile(built.store, warnings=built.warnings, report=built.summary.report)


def _build_cache_entry(path: Path, format: str, *, progress: ProgressSink,
                       cancel: CancelToken) -> tuple[EventStore, SourceSummary]:
    """A new cache entry for the file: on every core when its format allows, else in one."""
    chosen = detect_format(path) if format == "auto" else format
    if chosen in PARALLEL_FORMATS:
        try:
            return cache.build_cached_parallel(path, chosen, progress=progress, cancel=cancel)
        except Unsupported:
            pass  # the one-process import below reads it
    return cache.build_cached(ImportRun(path, format, progress=progress, cancel=cancel),
                              cancel=cancel)
