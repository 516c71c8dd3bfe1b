"""EventStore: the questions the explorer and the command line ask of a store.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from model.days import Day
from model.casualties import CasualtySummary, summarise
from model.codec import decode_event
from model.dataset import DatasetInfo
from model.event import (
    CasualtyType,
    Event,
)
from model.query import MATCH_ALL, Query
from model.store.build import StoreBuilder
from model.store.building import Building
from model.decisions import MatchingAsked
from model.store import corroboration
from model.store.compile import compile_query
from model.store.corroboration import Corroboration, FileTag
from model.store.connect import new_connection, readonly_uri
from model.store.figures import StoreFigures
from model.store.schema import FACET_FIELDS, READ_COLUMNS
from model.text import fold
from model.validation import DataError, Problem

# What a reader selects to rebuild events: position, then body or where the row is.
_READ = ", ".join(f"e.{name}" for name in READ_COLUMNS)


ALL_IDS_UP_TO = 200_000
"""Up to this many events, a near miss of an id is looked for among all of them (a few
tenths of a second); beyond, among the ids next to it in order."""


def _after(query: Query, after: int) -> tuple[str, tuple[object, ...], frozenset[str]]:
    """A query's filter and "after this position", in the order that lets SQLite start
    where the rows are. It bounds the position by the first of the two it meets: for a first
    page that must be the filter (a date term's position range, see model.query; "after -1"
    would scan from the start), for a next page "after the last row" (the filter's range
    would be scanned from its start again for every page: a quadratic walk, 25 ms a page
    at the end of 450,000 dated rows instead of 0.1)."""
    compiled = compile_query(query)
    if after < 0:
        return (f"({compiled.where}) AND e.pos > ?", (*compiled.params, after),
                compiled.needs)
    return f"e.pos > ? AND ({compiled.where})", (after, *compiled.params), compiled.needs


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event with its position in the store's chronological order."""

    position: int
    event: Event


class SourceRows(Protocol):
    """Reads events that a store keeps as rows of their source file."""

    def events(self, refs: Sequence[Sequence[Any]]) -> Iterator[Event]:
        """The events for (byte offset, line, length, id) references, in the same order."""
        ...

    def close(self) -> None:
        """Let go of the file."""
        ...


class EventStore:
    """Every question the CLI and the TUI ask about a set of events."""

    def __init__(self, conn: sqlite3.Connection, info: DatasetInfo, *,
                 path: Path | None = None, sha256: str | None = None,
                 source_rows: SourceRows | None = None,
                 building: Building | None = None,
                 damaged: Callable[[Exception], DataError] | None = None) -> None:
        self.conn = conn
        self.info = info
        self.path = path
        """The file the events were read from, when there is one."""
        self.sha256 = sha256
        self.source_rows = source_rows
        """Reads the events kept as rows of the source file (those without a body)."""
        self.building = building
        """What is still being built in the background, if anything."""
        self.asked: MatchingAsked | None = None
        """For a timeline of several files: what their matching was asked and decided."""
        self.damaged = damaged
        """Says that the database file was found damaged (a cache entry: removed by it)."""
        self._lock = threading.RLock()
        self._total: int | None = None
        self._all_spans: tuple[tuple[int, int, bool, float], ...] | None = None

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def from_events(cls, events: Iterable[Event], info: DatasetInfo, *,
                    path: Path | None = None, sha256: str | None = None) -> EventStore:
        """An in-memory store holding these events, in any order (the store sorts them)."""
        conn = new_connection()
        builder = StoreBuilder(conn)
        builder.add(events)
        builder.finish()
        return cls(conn, info, path=path, sha256=sha256)

    def close(self) -> None:
        """Release the database."""
        with self._lock:
            self.conn.close()
            if self.source_rows is not None:
                self.source_rows.close()

    def attach_text_index(self, path: str) -> None:
        """Use the full-text index built in this file (beside a big import's store)."""
        with self._lock:
            self.conn.execute("ATTACH DATABASE ? AS fulltext", (readonly_uri(path),))

    @property
    def lock(self) -> AbstractContextManager[bool]:
        """Held while the store's connection is used (a writer of what matching found takes
        it too)."""
        return self._lock

    def wait_until_built(self) -> None:
        """Wait for whatever is still being built in the background (DataError if that
        failed)."""
        if self.building is not None:
            why = self.building.wait()
            if why is not None:
                raise self._unfinished(why)

    def _unfinished(self, why: str) -> DataError:
        return DataError(str(self.path or "the store"), [Problem(
            "", f"its import could not be finished ({why}); open it again")])

    def interrupt(self) -> None:
        """Abort the query running in another thread (it raises sqlite3.OperationalError)."""
        self.conn.interrupt()

    # -- reading --------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[object] = (), needs: Iterable[str] = ()
              ) -> list[tuple[Any, ...]]:
        """The rows of a question; `needs` names the parts of a store still building that
        it reads (a compiled query's, and the question's own), which it waits for."""
        if self.building is not None and self.building.waiting and needs:
            why = self.building.wait(needs)  # outside the lock: other questions go on
            if why is not None:
                raise self._unfinished(why)
        try:
            with self._lock:
                return self.conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as error:
            # Only the base class says the file is damaged ("database disk image is
            # malformed"); an interrupted or locked query raises a subclass.
            if type(error) is sqlite3.DatabaseError and self.damaged is not None:
                raise self.damaged(error) from None
            raise

    @property
    def total(self) -> int:
        """How many events the store holds."""
        if self._total is None:
            self._total = int(self._rows("SELECT count(*) FROM events")[0][0])
        return self._total

    def count(self, query: Query = MATCH_ALL) -> int:
        """How many events match."""
        if query.empty:
            return self.total
        compiled = compile_query(query)
        sql = f"SELECT count(*) FROM events e WHERE {compiled.where}"
        return int(self._rows(sql, compiled.params, compiled.needs)[0][0])

    def longest_id(self, query: Query = MATCH_ALL) -> int:
        """The length of the longest id among the matching events (0 when none match)."""
        compiled = compile_query(query)
        sql = f"SELECT max(length(e.id)) FROM events e WHERE {compiled.where}"
        return int(self._rows(sql, compiled.params, compiled.needs)[0][0] or 0)

    def ids_near(self, word: str, *, limit: int = 50) -> list[str]:
        """Ids a near miss of `word` is likely among: every id of a store of up to
        ALL_IDS_UP_TO events, else those next to it in id order, on either side."""
        if self.total <= ALL_IDS_UP_TO:
            return [row[0] for row in self._rows("SELECT id FROM events")]
        after = self._rows("SELECT id FROM events WHERE id >= ? ORDER BY id LIMIT ?",
                           (word, limit))
        before = self._rows("SELECT id FROM events WHERE id < ? ORDER BY id DESC LIMIT ?",
                            (word, limit))
        return [row[0] for row in before[::-1] + after]

    def page(self, query: Query = MATCH_ALL, *, after: int = -1, limit: int = 100
             ) -> list[StoredEvent]:
        """Up to `limit` matching events after position `after`, in chronological order."""
        where, params, needs = _after(query, after)
        sql = f"SELECT {_READ} FROM events e WHERE {where} ORDER BY e.pos LIMIT ?"
        rows = self._rows(sql, (*params, limit), needs)
        return [StoredEvent(row[0], event)
                for row, event in zip(rows, self._decode(rows), strict=True)]

    def iter_events(self, query: Query = MATCH_ALL, *, batch: int = 500) -> Iterator[Event]:
        """Every matching event in chronological order, read a page at a time."""
        after = -1
        while True:
            rows = self.page(query, after=after, limit=batch)
            if not rows:
                return
            yield from (row.event for row in rows)
            after = rows[-1].position

    def get(self, event_id: str) -> StoredEvent | None:
        """The event with this id."""
        rows = self._rows(f"SELECT {_READ} FROM events e WHERE id = ?", (event_id,))
        return StoredEvent(rows[0][0], self._decode(rows)[0]) if rows else None

    def position_of(self, event_id: str) -> int | None:
        """The position of the event with this id (without reading the event itself)."""
        rows = self._rows("SELECT pos FROM events WHERE id = ?", (event_id,))
        return int(rows[0][0]) if rows else None

    def positions(self, query: Query = MATCH_ALL) -> list[int]:
        """Positions of every matching event, in order."""
        compiled = compile_query(query)
        sql = f"SELECT pos FROM events e WHERE {compiled.where} ORDER BY e.pos"
        return [row[0] for row in self._rows(sql, compiled.params, compiled.needs)]

    def days_after(self, query: Query, after: int, limit: int) -> list[tuple[int, int]]:
        """(position, earliest day ordinal) of up to `limit` matching events after position
        `after`, in order: one step of a keyset walk over a query's rows."""
        where, params, needs = _after(query, after)
        sql = f"SELECT e.pos, e.earliest FROM events e WHERE {where} ORDER BY e.pos LIMIT ?"
        return self._rows(sql, (*params, limit), needs)

    def by_positions(self, positions: Sequence[int]) -> dict[int, Event]:
        """The events at these positions."""
        if not positions:
            return {}
        marks = ", ".join("?" for _ in positions)
        rows = self._rows(f"SELECT {_READ} FROM events e WHERE pos IN ({marks})", positions)
        return {row[0]: event for row, event in zip(rows, self._decode(rows), strict=True)}

    def related(self, event_id: str, *, limit: int = 12) -> list[tuple[str, Event]]:
        """Events on the same first day or at the same place, each with why it is related;
        first, in a timeline of several files, the same event in the other files (or, when
        none has it, the nearest candidate in each and the windows it missed)."""
        elsewhere = self._elsewhere(event_id)
        said = {event.id for _, event in elsewhere}
        return elsewhere + [(why, event) for why, event in self._near(event_id, limit)
                            if event.id not in said]

    def _elsewhere(self, event_id: str) -> list[tuple[str, Event]]:
        position = self.position_of(event_id)
        files = {f.source: f.tag for f in self.files()}
        if position is None or len(files) < 2:
            return []
        found = self.corroboration(position)
        said = [(m.position, f"the same event in {files[m.source]}: {'; '.join(m.reasons)}")
                for m in found.matches]
        said += [(n.position, f"nearest in {files[n.source]}, not the same: "
                              f"{'; '.join(n.why)}")
                 for n in found.nearest if n.position is not None]
        events = self.by_positions([pos for pos, _ in said])
        return [(why, events[pos]) for pos, why in said if pos in events]

    def _near(self, event_id: str, limit: int) -> list[tuple[str, Event]]:
        read = _READ.replace("e.", "o.")
        sql = (f"SELECT {read}, o.earliest = e.earliest, o.place_id IS e.place_id "
               "FROM events e JOIN events o ON o.pos != e.pos AND (o.earliest = e.earliest "
               "OR (e.place_id IS NOT NULL AND o.place_id = e.place_id)) "
               "WHERE e.id = ? ORDER BY (o.place_id IS e.place_id) DESC, o.pos LIMIT ?")
        rows = self._rows(sql, (event_id, limit))
        out = []
        for row, event in zip(rows, self._decode(rows), strict=True):
            same_day, same_place = row[-2:]
            why = " and ".join(w for w, flag in (("same day", same_day),
                                                 ("same place", same_place)) if flag)
            out.append((why, event))
        return out

    def _decode(self, rows: Sequence[Sequence[Any]]) -> list[Event]:
        """Events from rows selected with `_READ`: from their bodies, or read again from the
        source file."""
        if all(row[1] is not None for row in rows):
            return [decode_event(row[1]) for row in rows]
        if self.source_rows is None:
            raise ValueError("events without a body, and no source file to read them from")
        from_file = self.source_rows.events([row[2:6] for row in rows if row[1] is None])
        return [decode_event(row[1]) if row[1] is not None else next(from_file)
                for row in rows]

    def date_range(self, query: Query = MATCH_ALL) -> tuple[Day, Day] | None:
        """The first and last day any matching event covers."""
        if query.empty:
            # Each alone is one step along its index; together in one SELECT they would
            # read every row (a tenth of a second at a million events, on every redraw).
            sql = ("SELECT (SELECT min(earliest) FROM events), "
                   "(SELECT max(latest) FROM events)")
            first, last = self._rows(sql)[0]
        else:
            compiled = compile_query(query)
            sql = f"SELECT min(e.earliest), max(e.latest) FROM events e WHERE {compiled.where}"
            first, last = self._rows(sql, compiled.params, compiled.needs)[0]
        if first is None:
            return None
        return Day.fromordinal(first), Day.fromordinal(last)

    # -- aggregates -----------------------------------------------------------------------

    def facets(self, field: str, query: Query = MATCH_ALL, *, limit: int = 50
               ) -> list[tuple[str, int]]:
        """Counts per value of kind, certainty, actor, place, source, tag, source category or
        file (by its tag; none for a store of one file), largest first."""
        compiled = compile_query(query)
        where, params, needs = compiled.where, compiled.params, set(compiled.needs)
        if field in ("kind", "certainty"):
            sql = (f"SELECT e.{field}, count(*) FROM events e WHERE {where} "
                   f"GROUP BY e.{field} ORDER BY 2 DESC, 1 LIMIT ?")
        elif field in ("actor", "source", "tag"):
            link, table, key = {
                "actor": ("event_actors", "actors", "actor_id"),
                "source": ("event_sources", "source_names", "name_id"),
                "tag": ("event_tags", "tags", "tag_id"),
            }[field]
            needs.add("links")
            # Count by id first (integers group fast), name only the winners; without a
            # filter the events table is not needed at all.
            matching = "" if query.empty else \
                f" WHERE l.pos IN (SELECT e.pos FROM events e WHERE {where})"
            sql = (f"SELECT n.name, top.c FROM (SELECT l.{key} AS k, count(*) AS c "
                   f"FROM {link} l{matching} GROUP BY l.{key} ORDER BY c DESC, k LIMIT ?) top "
                   f"JOIN {table} n ON n.{key} = top.k ORDER BY top.c DESC, n.name")
        elif field == "file":  # a timeline of several files: how many of each (by tag)
            sql = (f"SELECT f.tag, count(*) FROM events e JOIN files f ON f.source = e.source "
                   f"WHERE {where} GROUP BY f.tag ORDER BY 2 DESC, 1 LIMIT ?")
        elif field in ("place", "category"):
            table, key = ("places", "place_id") if field == "place" else \
                ("categories", "category_id")
            sql = (f"SELECT p.name, top.c FROM (SELECT e.{key} AS k, count(*) AS c "
                   f"FROM events e WHERE {where} AND e.{key} IS NOT NULL "
                   f"GROUP BY e.{key} ORDER BY c DESC, k LIMIT ?) top "
                   f"JOIN {table} p ON p.{key} = top.k ORDER BY top.c DESC, p.name")
        else:
            raise ValueError(f"no facet for '{field}' (facets: {', '.join(FACET_FIELDS)})")
        return [(str(name), int(n)) for name, n in self._rows(sql, (*params, limit), needs)]

    # -- several files ------------------------------------------------------------------

    def files(self) -> tuple[FileTag, ...]:
        """The files the store was opened from (none named: a store of one file)."""
        with self._lock:
            return corroboration.files(self.conn)

    def sources_of(self, positions: Sequence[int]) -> dict[int, int]:
        """Which file each of these positions came from."""
        with self._lock:
            return corroboration.sources_of(self.conn, positions)

    def file_marks(self, positions: Sequence[int]) -> dict[int, tuple[int, bool]]:
        """For each position, its file and whether another file corroborates it."""
        with self._lock:
            return corroboration.file_marks(self.conn, positions)

    def corroboration(self, position: int) -> Corroboration:
        """What the other files say of the event at `position`."""
        with self._lock:
            return corroboration.corroboration(self.conn, position)

    def clusters(self) -> tuple[tuple[int, ...], ...]:
        """Every cluster of the same event in several files, by position, in time order."""
        with self._lock:
            return corroboration.clusters(self.conn)

    def cluster_of(self, position: int) -> tuple[int, ...]:
        """The positions of the event and of the same event in the other files."""
        with self._lock:
            return corroboration.cluster_of(self.conn, position)

    def names(self, field: str, prefix: str = "", *, limit: int = 20) -> list[str]:
        """Known values of actor, place, source, tag or category starting with `prefix`
        (completion)."""
        table = {"actor": "actors", "place": "places", "source": "source_names",
                 "tag": "tags", "category": "categories"}.get(field)
        if table is None:
            return []
        escaped = fold(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._rows(f"SELECT name FROM {table} WHERE norm LIKE ? ESCAPE '\\' "
                          "ORDER BY name LIMIT ?", (f"{escaped}%", limit))
        return [row[0] for row in rows]

    def casualty_summary(self, query: Query = MATCH_ALL) -> CasualtySummary:
        """Casualty totals for the matching events, never double counting."""
        return summarise(self.casualty_figures(query))

    def casualty_figures(self, query: Query = MATCH_ALL) -> StoreFigures:
        """The figures a casualty summary reads, answered with SQL."""
        return StoreFigures(self._rows, query)

    def span_counts(self, query: Query = MATCH_ALL) -> list[tuple[int, int, bool, float]]:
        """(earliest, latest, forecast, how many events) per distinct date span."""
        if query.empty and self._all_spans is not None:
            return list(self._all_spans)
        compiled = compile_query(query)
        sql = (f"SELECT e.earliest, e.latest, e.forecast, count(*) FROM events e "
               f"WHERE {compiled.where} GROUP BY e.earliest, e.latest, e.forecast")
        spans = [(a, b, bool(f), float(n))
                 for a, b, f, n in self._rows(sql, compiled.params, compiled.needs)]
        if query.empty:
            # The whole file's density is drawn beside every view's (a quarter of a second
            # at a million events); a store never changes, so it is counted once.
            self._all_spans = tuple(spans)
        return spans

    def incident_spans(self, query: Query, kind: CasualtyType,
                       windows: Sequence[tuple[Day, Day]]
                       ) -> list[tuple[int, int, bool, float]]:
        """Incident figures per distinct date span, leaving out those inside `windows`."""
        covered = " OR ".join("(e.earliest <= ? AND e.latest >= ?)" for _ in windows) or "0"
        params: list[object] = []
        for first, last in windows:
            params.extend((last.toordinal(), first.toordinal()))
        compiled = compile_query(query)
        sql = ("SELECT e.earliest, e.latest, e.forecast, sum(c.count) FROM casualties c "
               "JOIN events e ON e.pos = c.pos WHERE c.type = ? AND c.scope = 'incident' "
               f"AND NOT ({covered}) AND ({compiled.where}) "
               "GROUP BY e.earliest, e.latest, e.forecast")
        rows = self._rows(sql, (kind.value, *params, *compiled.params),
                          compiled.needs | {"casualties"})
        return [(a, b, bool(f), float(n)) for a, b, f, n in rows]
