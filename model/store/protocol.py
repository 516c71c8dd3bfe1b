"""The questions the explorer and the command line ask of a set of events, as one typed
protocol: the seam where another engine would go.

`EventStore` (SQLite, `model.store.read`) is the one implementation. Everything above the
store (`model.loading`, `model.views`, `model.result_window`, `model.density`, the CLI and
the TUI) asks through `StoreQuestions` and nothing else, so an engine that answers these
questions (docs/architecture.md says how DuckDB over Parquet, or Trino, Spark SQL or
BigQuery, would) serves the explorer unchanged. A query arrives as its parsed tree
(`model.query.Query`); an engine compiles it with a dialect (`model.store.compile`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from model.days import Day
from model.casualties import CasualtyFigures, CasualtySummary
from model.dataset import DatasetInfo
from model.decisions import MatchingAsked
from model.event import CasualtyType, Event
from model.query import MATCH_ALL, Query
from model.store.building import Building
from model.store.corroboration import Corroboration, FileTag
from model.store.read import StoredEvent

Spans = list[tuple[int, int, bool, float]]
"""(earliest day ordinal, latest day ordinal, forecast, amount) per distinct date span."""


class StoreQuestions(Protocol):
    """Every question asked of a set of events in chronological order. Positions count
    from 0 in that order; `query` narrows any question to the events it matches."""

    info: DatasetInfo
    """What the dataset says of itself (title, description, eras, attributes)."""
    path: Path | None
    """The file the events were read from, when there is one."""
    sha256: str | None
    """Of that file's bytes, when known."""
    building: Building | None
    """What is still being built in the background, if anything."""
    asked: MatchingAsked | None
    """For a timeline of several files: what their matching was asked and decided."""

    @property
    def total(self) -> int:
        """How many events there are."""
        ...

    # -- pages and positions --------------------------------------------------------------

    def count(self, query: Query = MATCH_ALL) -> int:
        """How many events match."""
        ...

    def page(self, query: Query = MATCH_ALL, *, after: int = -1, limit: int = 100
             ) -> list[StoredEvent]:
        """Up to `limit` matching events after position `after`, in order."""
        ...

    def iter_events(self, query: Query = MATCH_ALL, *, batch: int = 500) -> Iterator[Event]:
        """Every matching event, in order, a batch at a time (an export)."""
        ...

    def positions(self, query: Query = MATCH_ALL) -> list[int]:
        """Positions of every matching event, in order."""
        ...

    def days_after(self, query: Query, after: int, limit: int) -> list[tuple[int, int]]:
        """(position, earliest day ordinal) of up to `limit` matching events after `after`."""
        ...

    def by_positions(self, positions: Sequence[int]) -> dict[int, Event]:
        """The events at these positions."""
        ...

    def get(self, event_id: str) -> StoredEvent | None:
        """The event with this id."""
        ...

    def position_of(self, event_id: str) -> int | None:
        """Where the event with this id is in the order."""
        ...

    def related(self, event_id: str, *, limit: int = 12) -> list[tuple[str, Event]]:
        """Events this one links to or that link to it, with the link's label."""
        ...

    # -- text ------------------------------------------------------------------------------

    def names(self, field: str, prefix: str = "", *, limit: int = 20) -> list[str]:
        """Values of a field (actor, place, source, tag, category ...) starting with
        `prefix`, for completion."""
        ...

    def ids_near(self, word: str, *, limit: int = 50) -> list[str]:
        """Ids a near miss of `word` is likely among (for "did you mean")."""
        ...

    def longest_id(self, query: Query = MATCH_ALL) -> int:
        """The length of the longest matching id (0 when none match)."""
        ...

    # -- aggregates ------------------------------------------------------------------------

    def date_range(self, query: Query = MATCH_ALL) -> tuple[Day, Day] | None:
        """The first and last day any matching event covers."""
        ...

    def facets(self, field: str, query: Query = MATCH_ALL, *, limit: int = 50
               ) -> list[tuple[str, int]]:
        """Counts per value of a field, largest first."""
        ...

    def casualty_summary(self, query: Query = MATCH_ALL) -> CasualtySummary:
        """Casualty totals, never adding an incident figure to a running total."""
        ...

    def casualty_figures(self, query: Query = MATCH_ALL) -> CasualtyFigures:
        """The figures a casualty summary reads."""
        ...

    def span_counts(self, query: Query = MATCH_ALL) -> Spans:
        """How many events per distinct date span (the density strip)."""
        ...

    def incident_spans(self, query: Query, kind: CasualtyType,
                       windows: Sequence[tuple[Day, Day]]) -> Spans:
        """Incident figures of a type per distinct date span, leaving out those inside
        `windows` (the spans cumulative figures already cover)."""
        ...

    # -- life ------------------------------------------------------------------------------

    def files(self) -> tuple[FileTag, ...]:
        """The files the store was opened from (none named: one file)."""
        ...

    def sources_of(self, positions: Sequence[int]) -> dict[int, int]:
        """Which file each of these positions came from."""
        ...

    def file_marks(self, positions: Sequence[int]) -> dict[int, tuple[int, bool]]:
        """For each position, its file and whether another file corroborates it."""
        ...

    def corroboration(self, position: int) -> Corroboration:
        """What the other files say of the event at `position`."""
        ...

    def clusters(self) -> tuple[tuple[int, ...], ...]:
        """Every cluster of the same event in several files, by position, in time order."""
        ...

    def cluster_of(self, position: int) -> tuple[int, ...]:
        """The positions of the event and of the same event in the other files."""
        ...

    def wait_until_built(self) -> None:
        """Wait for whatever is still being built in the background."""
        ...

    def interrupt(self) -> None:
        """Abort a question running in another thread."""
        ...

    def close(self) -> None:
        """Let go of whatever the engine holds."""
        ...
