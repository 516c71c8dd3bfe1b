"""View files: a dataset file holding the events of a filtered view, plus a [view] table."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, BinaryIO

import tomli_w

from model import __version__
from model.dataset import DatasetInfo
from model.decisions import NO_DECISIONS, Decisions, decisions_tables, parse_decisions
from model.event import Event
from model.exporters import ExportReport
from model.exporters.toml import write_dataset
from model.matching.results import MatchSettings
from model.query import Query
from model.progress import NEVER_CANCELLED, NULL_PROGRESS, CancelToken, ProgressSink
from model.safe_write import write_atomic
from model.store.protocol import StoreQuestions
from model.validation import Problem, TableReader

SORT_ORDERS = ("chronological",)
PROGRESS_EVERY = 1000
MARKS_OUTSIDE = "marked, but outside the filter: not kept as marked"


FILE_TAG = "file_tag"
"""In a view of several files, the attribute of each event naming its file (the tag of one
of `[[view.sources]]`); the explorer shows it as the row's file, not as an attribute."""


@dataclass(frozen=True, slots=True)
class ViewSource:
    """A dataset a view was exported from."""

    path: str | None
    """As written: relative to the view file when possible."""
    title: str
    sha256: str | None
    event_count: int
    tag: str | None = None
    """In a view of several files: the file's tag, which its events' `file_tag` names."""


@dataclass(frozen=True, slots=True)
class ViewSettings:
    """What a person was looking at: the query, marks and cursor."""

    query: str = ""
    sort: str = "chronological"
    marked: tuple[str, ...] = ()
    cursor: str | None = None
    exported_at: dt.datetime | None = None
    exported_by: str | None = None
    source: ViewSource | None = None
    marked_only: bool = False
    """Only the marked events are shown (the explorer's `M`): the view holds only them."""
    sources: tuple[ViewSource, ...] = ()
    """A view of several files: each of them (`source` is then None)."""
    matching: MatchSettings | None = None
    """A view of several files: the windows and weights its matching was run with."""
    decisions: Decisions = NO_DECISIONS
    """The person's decisions on matches (model.decisions)."""


def parse_view_table(table: Mapping[str, Any], event_ids: Container[str],
                     problems: list[Problem]) -> ViewSettings:
    """Validate a [view] table against the events of the same file."""
    r = TableReader(table, "view", problems)
    query = r.text("query") or ""
    sort = r.text("sort") or "chronological"
    if sort not in SORT_ORDERS:
        r.problem("sort", f"'{sort}' is not one of {', '.join(SORT_ORDERS)}")
    marked = r.texts("marked")
    for index, event_id in enumerate(marked):
        if event_id not in event_ids:
            problems.append(Problem(f"view.marked[{index}]",
                                    f"'{event_id}' is not an event in this file"))
    cursor = r.text("cursor")
    if cursor is not None and cursor not in event_ids:
        r.problem("cursor", f"'{cursor}' is not an event in this file")
    exported_raw = r.raw("exported_at")
    exported_at = None
    if isinstance(exported_raw, dt.datetime):
        exported_at = exported_raw
    elif exported_raw is not None:
        r.problem("exported_at", "expected a date and time like 2016-06-10T12:00:00Z")
    exported_by = r.text("exported_by")
    source = None
    s = r.sub("source")
    if s is not None:
        source = _source(s, tagged=False)
    sources = tuple(_source(item, tagged=True) for item in r.tables("sources"))
    tags = [item.tag for item in sources]
    for index, tag in enumerate(tags):
        if tag in tags[:index]:
            problems.append(Problem(f"view.sources[{index}].tag", f"'{tag}' names two files"))
    if source is not None and sources:
        r.problem("sources", "a view has either one [view.source] or [[view.sources]]")
    matching = _matching(r.sub("matching"))
    decisions = parse_decisions(r, "decisions")
    marked_only = r.boolean("marked_only")
    r.finish()
    return ViewSettings(query, sort, marked, cursor, exported_at, exported_by, source,
                        marked_only, sources, matching, decisions)


def _source(s: TableReader, *, tagged: bool) -> ViewSource:
    tag = s.text("tag", required=True, allow_empty=False) if tagged else None
    found = ViewSource(s.text("path"), s.text("title") or "", s.text("sha256"),
                       s.integer("event_count", minimum=0) or 0, tag)
    s.finish()
    return found


def _matching(m: TableReader | None) -> MatchSettings | None:
    """The [view.matching] table: every key a `MatchSettings` field, each checked."""
    if m is None:
        return None
    given: dict[str, float] = {}
    for field in fields(MatchSettings):
        if m.has(field.name):
            whole = isinstance(getattr(MatchSettings(), field.name), int)
            value = (m.integer(field.name, minimum=0) if whole
                     else m.number(field.name, minimum=0, maximum=1e9))
            if value is not None:
                given[field.name] = value
    m.finish()
    try:
        return MatchSettings(**given)  # type: ignore[arg-type]
    except ValueError as error:
        m.problems.append(Problem("view.matching", str(error)))
        return None


def _relative(path: Path, start: Path) -> str:
    try:
        return os.path.relpath(path.resolve(), start.resolve())
    except ValueError:  # another drive on Windows
        return str(path.resolve())


def _info_for(info: DatasetInfo, dataset_path: Path | None, out_dir: Path) -> DatasetInfo:
    # Document paths are relative to the file that names them, so they move with the view;
    # a timeline of several files has no file of its own and names them absolutely.
    if dataset_path is None and not any(d.path and Path(d.path).is_absolute()
                                        for d in info.documents):
        return info
    base = dataset_path.parent if dataset_path is not None else Path("/")
    docs = tuple(
        replace(doc, path=_relative(base / doc.path, out_dir)) if doc.path else doc
        for doc in info.documents
    )
    return replace(info, documents=docs)


def _view_settings(store: StoreQuestions, query: Query, *, marked: Sequence[str],
                   cursor: str | None, present: set[str], out_dir: Path,
                   now: dt.datetime | None, marked_only: bool = False) -> dict[str, Any]:
    """The [view] table; `present` holds which of the marked and cursor ids are in it."""
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    view: dict[str, Any] = {
        "query": query.text,
        "sort": "chronological",
        "marked": [m for m in marked if m in present],
        "exported_at": now,
        "exported_by": f"dateline {__version__}",
    }
    files = store.files()
    if len(files) < 2:
        view["source"] = _source_table(store.info.title, store.total, store.path,
                                       store.sha256, out_dir)
    if cursor in present:
        view["cursor"] = cursor
    if marked_only:  # written only when set: other views stay as they were
        view["marked_only"] = True
    if len(files) >= 2:  # a view of several files: each file, then how they were matched
        view["sources"] = [
            {"tag": f.tag} | _source_table(f.title, f.events,
                                           None if f.path is None else Path(f.path),
                                           f.sha256, out_dir) for f in files]
        asked = store.asked
        if asked is not None:
            view["matching"] = asdict(asked.settings)
            if asked.decisions:
                view["decisions"] = decisions_tables(asked.decisions)
    return view


def _source_table(title: str, events: int, path: Path | None, sha256: str | None,
                  out_dir: Path) -> dict[str, Any]:
    table: dict[str, Any] = {"title": title, "event_count": events}
    if path is not None:
        table["path"] = _relative(path, out_dir)
    if sha256:
        table["sha256"] = sha256
    return table


def _file_tagged(store: StoreQuestions, query: Query, events: Iterator[Event]
                 ) -> Iterator[Event]:
    """In a view of several files, each event with its file's tag among its attributes
    (the query's positions come in the order of its events)."""
    files = {f.source: f.tag for f in store.files()}
    if len(files) < 2:
        yield from events
        return
    positions = store.positions(query)
    sources = store.sources_of(positions)
    for position, event in zip(positions, events, strict=True):
        yield replace(event, attributes=(*event.attributes,
                                         (FILE_TAG, files[sources[position]])))


class ExportCancelled(Exception):
    """An export was stopped before it was complete (nothing is written)."""


def exported_events(store: StoreQuestions, query: Query, *,
                    progress: ProgressSink = NULL_PROGRESS,
                    cancel: CancelToken = NEVER_CANCELLED, total: int = 0) -> Iterator[Event]:
    """A query's events in order, for an export of any format: `progress` hears how many
    events of `total` (when the caller knows it, else 0) are out every thousand events,
    and `cancel` stops it (ExportCancelled)."""
    for count, event in enumerate(store.iter_events(query)):
        if not count % PROGRESS_EVERY:
            if cancel.cancelled:
                raise ExportCancelled("export cancelled")
            progress.read(count, total, count, "events")
        yield event


def dump_view(store: StoreQuestions, query: Query, stream: BinaryIO, *, out_dir: Path,
              marked: Sequence[str] = (), cursor: str | None = None,
              marked_only: bool = False,
              now: dt.datetime | None = None, progress: ProgressSink = NULL_PROGRESS,
              cancel: CancelToken = NEVER_CANCELLED, report: ExportReport | None = None,
              total: int = 0) -> int:
    """Write a view file to a stream, one event at a time (a view of any size is written
    without holding it): the dataset, its events, then [view]. Returns the event count;
    `progress` hears how far it got (of `total`) every thousand events; `report` counts
    the marked events the view cannot keep marked (not among its events). With
    `marked_only`, `query` is expected to hold only the marked events (`restricted_to`),
    and the view says so."""
    wanted = set(marked) | ({cursor} if cursor else set())
    present: set[str] = set()

    def events() -> Iterator[Event]:
        for event in exported_events(store, query, progress=progress, cancel=cancel,
                                     total=total):
            if event.id in wanted:
                present.add(event.id)
            yield event

    count = write_dataset(_info_for(store.info, store.path, out_dir),
                          _file_tagged(store, query, events()), stream)
    view = _view_settings(store, query, marked=marked, cursor=cursor, present=present,
                          out_dir=out_dir, now=now, marked_only=marked_only)
    stream.write(b"\n" + tomli_w.dumps({"view": view}).encode("utf-8"))
    outside = len(set(marked) - present)
    if report is not None and outside:
        report.note(MARKS_OUTSIDE, what="marked event", count=outside)
    return count


def write_view(store: StoreQuestions, query: Query, target: Path | str, *,
               marked: Sequence[str] = (), cursor: str | None = None,
               overwrite: bool = False, now: dt.datetime | None = None,
               progress: ProgressSink = NULL_PROGRESS,
               cancel: CancelToken = NEVER_CANCELLED,
               report: ExportReport | None = None, total: int = 0) -> tuple[Path, int]:
    """Write a view file atomically; returns the path and how many events it holds."""
    target = Path(target)
    written = 0

    def produce(stream: BinaryIO) -> None:
        nonlocal written
        written = dump_view(store, query, stream, out_dir=target.parent, marked=marked,
                            cursor=cursor, now=now, progress=progress, cancel=cancel,
                            report=report, total=total)

    path = write_atomic(target, produce, overwrite=overwrite)
    return path, written
