"""What the read stage of opening a file hands the stage that builds its store: an event
source, read once, whose summary is complete when its last event has been read.

Every way of reading a file is one: an import (`model.importers.ImportRun`), a big dataset
or view file read a part at a time (`model.dataset_stream.DatasetStream`) and a small one
read whole (`model.dataset.LoadedFile`). The store is built from `events()`, then keeps
`summary()` beside them; a cache entry keeps it too, and gives it back when it is opened
again (`model.store.cache.open_cached`), so what the user is told is the same either way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from model.dataset import DatasetInfo
from model.event import Event

if TYPE_CHECKING:
    from model.importers import ImportReport


@dataclass(frozen=True, slots=True)
class SourceSummary:
    """What reading a file told beyond its events."""

    info: DatasetInfo
    sha256: str | None = None
    """The content hash of the file read (a view's source is compared with it)."""
    warnings: tuple[str, ...] = ()
    """What to tell the person who opened it, each line naming the file."""
    report: ImportReport | None = None
    """An import's report: how many events, which rows were skipped or noted and why."""
    view: Mapping[str, Any] | None = None
    """A view file's raw [view] table (read by `model.views`)."""
    depends: tuple[Path, ...] = ()
    """Files the reading depended on besides the source: a dataset's documents, whose quotes
    were checked against them (a cache entry is stale once one changes)."""

    @classmethod
    def of_import(cls, report: ImportReport) -> SourceSummary:
        """The summary of a finished import."""
        return cls(report.info or DatasetInfo(title=report.path.name), report.sha256,
                   report.warnings(), report)


class EventSource(Protocol):
    """A file being read: `events()` once, then `summary()`."""

    @property
    def path(self) -> Path:
        """The file read."""
        ...

    def events(self) -> Iterator[Event]:
        """Every event read, in any order (the store sorts them); a DataError for a file
        that cannot be used."""
        ...

    def summary(self) -> SourceSummary:
        """What the reading told; complete once `events()` has been read to its end."""
        ...
