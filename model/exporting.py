"""Exporting a view: what to write (a frozen `Export`), in which format, and writing it.

The command line (`dateline export`) and the explorer (`e`) both export through here, so a
file name means the same format in both: `.toml` a Dateline view file, `.json` TimelineJS,
`.csv` ACLED-style CSV (`format_for`). The events written are the export's query, run on the
store; a view file also keeps the marks, the cursor and the marked-only mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from model.exporters import EXPORT_FORMATS, ExportReport
from model.exporters.csv import write_acled_csv
from model.exporters.timelinejs import write_timelinejs
from model.progress import NEVER_CANCELLED, NULL_PROGRESS, CancelToken, ProgressSink
from model.query import Query
from model.safe_write import write_atomic
from model.store.protocol import StoreQuestions
from model.view_state import ViewState
from model.views import dump_view, exported_events

SUFFIXES = {".toml": "toml", ".json": "timelinejs", ".csv": "csv"}
"""The export format each file name extension asks for."""
assert set(SUFFIXES.values()) == set(EXPORT_FORMATS)


class UnknownExtension(ValueError):
    """A file name whose extension names no export format."""


def format_for(target: Path) -> str:
    """The export format the name of `target` asks for (UnknownExtension saying why not)."""
    suffix = target.suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    known = ", ".join(f"{s} ({f})" for s, f in SUFFIXES.items())
    said = f"'{suffix}'" if suffix else "no extension"
    raise UnknownExtension(f"{target.name}: {said} names no export format; end the name "
                           f"with one of {known}")


@dataclass(frozen=True, slots=True)
class Export:
    """One export, decided before it starts: it is written off the thread that asked."""

    query: Query
    """The events to write: those it matches, in chronological order."""
    format: str = "toml"
    marked: tuple[str, ...] = ()
    cursor: str | None = None
    marked_only: bool = False
    """A view file says so: opened again, it shows only the marked events."""
    raw_cells: bool = False
    """CSV only: keep cells a spreadsheet would run as formulas as they are."""

    def __post_init__(self) -> None:
        if self.format not in EXPORT_FORMATS:
            raise ValueError(f"'{self.format}' is not an export format")


def export_of(state: ViewState) -> Export:
    """What `e` writes of the view on screen: the applied filter's events (the marked ones
    only, in marked-only mode, which the view file then says), its marks and its cursor."""
    return Export(state.exported, marked=tuple(sorted(state.marked)), cursor=state.cursor,
                  marked_only=state.marked_only)


def dump_export(store: StoreQuestions, export: Export, stream: BinaryIO, *, out_dir: Path,
                progress: ProgressSink = NULL_PROGRESS, cancel: CancelToken = NEVER_CANCELLED,
                report: ExportReport | None = None, total: int = 0) -> int:
    """Write the export to a stream; returns how many events it holds. `out_dir` is where
    the file will live (a view file names its source relative to it)."""
    if export.format == "toml":
        return dump_view(store, export.query, stream, out_dir=out_dir, marked=export.marked,
                         cursor=export.cursor, marked_only=export.marked_only,
                         progress=progress, cancel=cancel, report=report, total=total)
    events = exported_events(store, export.query, progress=progress, cancel=cancel,
                             total=total)
    if export.format == "timelinejs":
        return write_timelinejs(events, stream, info=store.info, report=report)
    return write_acled_csv(events, stream, report=report, raw_cells=export.raw_cells)


def write_export(store: StoreQuestions, export: Export, target: Path, *,
                 overwrite: bool = False, progress: ProgressSink = NULL_PROGRESS,
                 cancel: CancelToken = NEVER_CANCELLED, report: ExportReport | None = None,
                 total: int = 0) -> tuple[Path, int]:
    """Write the export to `target` atomically (`model.safe_write`): the path written and
    how many events it holds."""
    written: list[int] = []

    def produce(stream: BinaryIO) -> None:
        written.append(dump_export(store, export, stream, out_dir=target.parent,
                                   progress=progress, cancel=cancel, report=report,
                                   total=total))

    path = write_atomic(target, produce, overwrite=overwrite)
    return path, written[0]
