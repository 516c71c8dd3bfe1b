"""EventStore: the one boundary above the model, over the stdlib sqlite3.

Events live in chronological order: `pos` (the rowid) is an event's place in that order, so
"the next page" is a keyset range scan and "row n of everything" is a primary-key lookup.
Queries from `model.query` compile to WHERE clauses over `events AS e`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.casualties import CasualtySummary, CumulativeFigure, IncidentTotals, summarise
from model.dataset import DatasetInfo, event_to_table
from model.dates import DatePrecision, DateSpan
from model.event import (
    Actor,
    ActorRole,
    CasualtyQualifier,
    CasualtyRecord,
    CasualtyScope,
    CasualtyType,
    Certainty,
    Event,
    GeoPrecision,
    Link,
    Place,
    Quote,
    Source,
)
from model.kinds import EventKind
from model.query import MATCH_ALL, Query
from model.text import fold

SCHEMA = """
CREATE TABLE events (
    pos INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    earliest INTEGER NOT NULL,
    latest INTEGER NOT NULL,
    precision INTEGER NOT NULL,
    forecast INTEGER NOT NULL,
    kind TEXT NOT NULL,
    certainty TEXT NOT NULL,
    title TEXT NOT NULL,
    place_id INTEGER,
    body TEXT NOT NULL
);
CREATE TABLE places (place_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, norm TEXT NOT NULL);
CREATE TABLE actors (actor_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, norm TEXT NOT NULL);
CREATE TABLE event_actors (pos INTEGER NOT NULL, actor_id INTEGER NOT NULL, role TEXT NOT NULL);
CREATE TABLE source_names (name_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
                           norm TEXT NOT NULL);
CREATE TABLE event_sources (pos INTEGER NOT NULL, name_id INTEGER NOT NULL);
CREATE TABLE tags (tag_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, norm TEXT NOT NULL);
CREATE TABLE event_tags (pos INTEGER NOT NULL, tag_id INTEGER NOT NULL);
CREATE TABLE casualties (
    pos INTEGER NOT NULL, type TEXT NOT NULL, count INTEGER NOT NULL, qualifier TEXT NOT NULL,
    scope TEXT NOT NULL, since INTEGER
);
CREATE VIRTUAL TABLE event_text USING fts5(
    title, notes, quotes, place, actors, content='', tokenize='unicode61 remove_diacritics 2'
);
"""

# Chosen from EXPLAIN QUERY PLAN of the compiled queries: every side-table filter is an
# "IN (SELECT pos ...)" driven from the side table's own key.
INDEXES = """
CREATE INDEX events_kind ON events (kind, pos);
CREATE INDEX events_certainty ON events (certainty, pos);
CREATE INDEX events_earliest ON events (earliest);
CREATE INDEX events_latest ON events (latest);
CREATE INDEX events_place ON events (place_id, pos);
CREATE INDEX event_actors_actor ON event_actors (actor_id, pos);
CREATE INDEX event_actors_pos ON event_actors (pos);
CREATE INDEX event_sources_name ON event_sources (name_id, pos);
CREATE INDEX event_tags_tag ON event_tags (tag_id, pos);
CREATE INDEX casualties_type ON casualties (type, count, scope, pos);
CREATE INDEX casualties_pos ON casualties (pos);
"""

FACET_FIELDS = ("kind", "certainty", "actor", "place", "source", "tag")


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event with its position in the store's chronological order."""

    position: int
    event: Event


# -- event bodies -------------------------------------------------------------------------


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def encode_event(event: Event) -> str:
    """The event as compact JSON with the dataset's field names."""
    return json.dumps(event_to_table(event), default=_json_default, ensure_ascii=False,
                      separators=(",", ":"))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def decode_event(body: str) -> Event:
    """An event from the JSON the store wrote (trusted: it was validated on the way in)."""
    t: dict[str, Any] = json.loads(body)
    d = t["date"]
    earliest = dt.date.fromisoformat(d["earliest"])
    span = DateSpan(earliest, _date(d.get("latest")) or earliest,
                    DatePrecision(d.get("precision", "day")), d.get("inferred", False),
                    d.get("forecast", False))
    p = t.get("place")
    place = Place(p["name"], p.get("admin"), p.get("country"), p.get("latitude"),
                  p.get("longitude"), GeoPrecision(p["precision"]) if "precision" in p else None
                  ) if p else None
    return Event(
        id=t["id"], title=t["title"], kind=EventKind(t["kind"]), date=span,
        certainty=Certainty(t["certainty"]), place=place,
        actors=tuple(Actor(a["name"], ActorRole(a.get("role", "side-a")), a.get("category"))
                     for a in t.get("actors", ())),
        casualties=tuple(CasualtyRecord(
            CasualtyType(c["type"]), c["count"], CasualtyQualifier(c.get("qualifier", "exact")),
            CasualtyScope(c["scope"]), _date(c.get("since")), c.get("low"), c.get("high"),
            c.get("party")) for c in t.get("casualties", ())),
        sources=tuple(Source(s.get("claimant"), tuple(s.get("channels", ())), s.get("outlet"),
                             s.get("url"), s.get("document")) for s in t.get("sources", ())),
        quotes=tuple(Quote(q["text"], q["start"], q["end"], q.get("document"))
                     for q in t.get("quotes", ())),
        tags=tuple(t.get("tags", ())), notes=t.get("notes", ""),
        links=tuple(Link(k["url"], k.get("caption"), k.get("credit"))
                    for k in t.get("links", ())),
        attributes=tuple((k, v) for k, v in t.get("attributes", {}).items()),
    )


# -- building ---------------------------------------------------------------------------


class _Names:
    """Interns names into a side table, remembering ids to avoid a lookup per event."""

    def __init__(self, conn: sqlite3.Connection, table: str, key: str) -> None:
        self.conn, self.table, self.key = conn, table, key
        self.ids: dict[str, int] = {}

    def id(self, name: str) -> int:
        found = self.ids.get(name)
        if found is None:
            cursor = self.conn.execute(
                f"INSERT INTO {self.table} (name, norm) VALUES (?, ?)", (name, fold(name))
            )
            found = self.ids[name] = int(cursor.lastrowid or 0)
        return found


class StoreWriter:
    """Appends events in chronological order; used by loaders and importers alike."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.places = _Names(conn, "places", "place_id")
        self.actors = _Names(conn, "actors", "actor_id")
        self.sources = _Names(conn, "source_names", "name_id")
        self.tags = _Names(conn, "tags", "tag_id")
        self.next_pos = 0

    def add(self, events: Iterable[Event]) -> int:
        """Insert events, which must come in chronological order; returns how many."""
        count = 0
        conn = self.conn
        for event in events:
            pos = self.next_pos
            self.next_pos += 1
            count += 1
            place_id = self.places.id(event.place.display()) if event.place else None
            conn.execute(
                "INSERT INTO events (pos, id, earliest, latest, precision, forecast, kind, "
                "certainty, title, place_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (pos, event.id, event.date.earliest.toordinal(), event.date.latest.toordinal(),
                 event.date.precision.rank, int(event.date.forecast), event.kind.value,
                 event.certainty.value, event.title, place_id, encode_event(event)),
            )
            actor_ids = {self.actors.id(a.name): a.role.value for a in event.actors}
            conn.executemany("INSERT INTO event_actors VALUES (?, ?, ?)",
                             [(pos, actor, role) for actor, role in actor_ids.items()])
            names = {name for source in event.sources for name in source.names()}
            conn.executemany("INSERT INTO event_sources VALUES (?, ?)",
                             [(pos, self.sources.id(name)) for name in sorted(names)])
            conn.executemany("INSERT INTO event_tags VALUES (?, ?)",
                             [(pos, self.tags.id(tag)) for tag in sorted(set(event.tags))])
            conn.executemany(
                "INSERT INTO casualties VALUES (?, ?, ?, ?, ?, ?)",
                [(pos, c.type.value, c.count, c.qualifier.value, c.scope.value,
                  c.since.toordinal() if c.since else None) for c in event.casualties],
            )
            conn.execute(
                "INSERT INTO event_text (rowid, title, notes, quotes, place, actors) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (pos, event.title, event.notes, "\n".join(q.text for q in event.quotes),
                 event.place.display() if event.place else "",
                 "\n".join(a.name for a in event.actors)),
            )
        return count


def new_connection(path: str = ":memory:") -> sqlite3.Connection:
    """A connection shared between the UI thread and workers (the store serialises access)."""
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn


# -- the store ----------------------------------------------------------------------------


class EventStore:
    """Every question the CLI and the TUI ask about a set of events."""

    def __init__(self, conn: sqlite3.Connection, info: DatasetInfo, *,
                 path: Path | None = None, sha256: str | None = None) -> None:
        self.conn = conn
        self.info = info
        self.path = path
        """The file the events were read from, when there is one."""
        self.sha256 = sha256
        self._lock = threading.RLock()
        self._total: int | None = None

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def from_events(cls, events: Iterable[Event], info: DatasetInfo, *,
                    path: Path | None = None, sha256: str | None = None) -> EventStore:
        """An in-memory store holding these events (sorted here into chronological order)."""
        conn = new_connection()
        conn.executescript(SCHEMA)
        conn.execute("BEGIN")
        StoreWriter(conn).add(sorted(events, key=lambda e: e.sort_key))
        conn.execute("COMMIT")
        conn.executescript(INDEXES)
        return cls(conn, info, path=path, sha256=sha256)

    def close(self) -> None:
        """Release the database."""
        with self._lock:
            self.conn.close()

    def interrupt(self) -> None:
        """Abort the query running in another thread (it raises sqlite3.OperationalError)."""
        self.conn.interrupt()

    # -- reading --------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self.conn.execute(sql, tuple(params)).fetchall()

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
        sql = f"SELECT count(*) FROM events e WHERE {query.sql.where}"
        return int(self._rows(sql, query.sql.params)[0][0])

    def page(self, query: Query = MATCH_ALL, *, after: int = -1, limit: int = 100
             ) -> list[StoredEvent]:
        """Up to `limit` matching events after position `after`, in chronological order."""
        sql = (f"SELECT pos, body FROM events e WHERE e.pos > ? AND ({query.sql.where}) "
               "ORDER BY e.pos LIMIT ?")
        rows = self._rows(sql, (after, *query.sql.params, limit))
        return [StoredEvent(pos, decode_event(body)) for pos, body in rows]

    def page_before(self, query: Query = MATCH_ALL, *, before: int, limit: int = 100
                    ) -> list[StoredEvent]:
        """Up to `limit` matching events before position `before`, in chronological order."""
        sql = (f"SELECT pos, body FROM events e WHERE e.pos < ? AND ({query.sql.where}) "
               "ORDER BY e.pos DESC LIMIT ?")
        rows = self._rows(sql, (before, *query.sql.params, limit))
        return [StoredEvent(pos, decode_event(body)) for pos, body in reversed(rows)]

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
        rows = self._rows("SELECT pos, body FROM events WHERE id = ?", (event_id,))
        return StoredEvent(rows[0][0], decode_event(rows[0][1])) if rows else None

    def at(self, position: int) -> StoredEvent | None:
        """The event at a position in the whole store's order."""
        rows = self._rows("SELECT pos, body FROM events WHERE pos = ?", (position,))
        return StoredEvent(rows[0][0], decode_event(rows[0][1])) if rows else None

    def positions(self, query: Query = MATCH_ALL) -> list[int]:
        """Positions of every matching event, in order."""
        sql = f"SELECT pos FROM events e WHERE {query.sql.where} ORDER BY e.pos"
        return [row[0] for row in self._rows(sql, query.sql.params)]

    def scan_days(self, query: Query = MATCH_ALL, *, batch: int = 50_000
                  ) -> Iterator[list[tuple[int, int]]]:
        """(position, earliest day ordinal) of every matching event, in order, in batches.

        Batches let a caller check for cancellation between them.
        """
        after = -1
        sql = (f"SELECT e.pos, e.earliest FROM events e WHERE e.pos > ? AND ({query.sql.where}) "
               "ORDER BY e.pos LIMIT ?")
        while True:
            rows = self._rows(sql, (after, *query.sql.params, batch))
            if not rows:
                return
            yield rows
            after = rows[-1][0]

    def by_positions(self, positions: Sequence[int]) -> dict[int, Event]:
        """The events at these positions."""
        if not positions:
            return {}
        marks = ", ".join("?" for _ in positions)
        rows = self._rows(f"SELECT pos, body FROM events WHERE pos IN ({marks})", positions)
        return {pos: decode_event(body) for pos, body in rows}

    def first_day_from(self, query: Query, day: dt.date) -> int | None:
        """The position of the first matching event whose span reaches `day` or later."""
        sql = (f"SELECT min(e.pos) FROM events e WHERE e.earliest >= ? AND ({query.sql.where})")
        rows = self._rows(sql, (day.toordinal(), *query.sql.params))
        return rows[0][0]

    def related(self, event_id: str, *, limit: int = 12) -> list[tuple[str, Event]]:
        """Events on the same first day or at the same place, each with why it is related."""
        sql = ("SELECT o.pos, o.body, o.earliest = e.earliest, o.place_id IS e.place_id "
               "FROM events e JOIN events o ON o.pos != e.pos AND (o.earliest = e.earliest "
               "OR (e.place_id IS NOT NULL AND o.place_id = e.place_id)) "
               "WHERE e.id = ? ORDER BY (o.place_id IS e.place_id) DESC, o.pos LIMIT ?")
        out = []
        for _pos, body, same_day, same_place in self._rows(sql, (event_id, limit)):
            why = " and ".join(w for w, flag in (("same day", same_day),
                                                 ("same place", same_place)) if flag)
            out.append((why, decode_event(body)))
        return out

    def date_range(self, query: Query = MATCH_ALL) -> tuple[dt.date, dt.date] | None:
        """The first and last day any matching event covers."""
        sql = f"SELECT min(e.earliest), max(e.latest) FROM events e WHERE {query.sql.where}"
        first, last = self._rows(sql, query.sql.params)[0]
        if first is None:
            return None
        return dt.date.fromordinal(first), dt.date.fromordinal(last)

    # -- aggregates -----------------------------------------------------------------------

    def facets(self, field: str, query: Query = MATCH_ALL, *, limit: int = 50
               ) -> list[tuple[str, int]]:
        """Counts per value of kind, certainty, actor, place, source or tag, largest first."""
        where, params = query.sql.where, query.sql.params
        if field in ("kind", "certainty"):
            sql = (f"SELECT e.{field}, count(*) FROM events e WHERE {where} "
                   f"GROUP BY e.{field} ORDER BY 2 DESC, 1 LIMIT ?")
        elif field in ("actor", "source", "tag"):
            link, table, key = {
                "actor": ("event_actors", "actors", "actor_id"),
                "source": ("event_sources", "source_names", "name_id"),
                "tag": ("event_tags", "tags", "tag_id"),
            }[field]
            sql = (f"SELECT n.name, count(*) FROM {link} l JOIN {table} n ON n.{key} = l.{key} "
                   f"JOIN events e ON e.pos = l.pos WHERE {where} "
                   "GROUP BY n.name ORDER BY 2 DESC, 1 LIMIT ?")
        elif field == "place":
            sql = (f"SELECT p.name, count(*) FROM events e JOIN places p "
                   f"ON p.place_id = e.place_id WHERE {where} GROUP BY p.name "
                   "ORDER BY 2 DESC, 1 LIMIT ?")
        else:
            raise ValueError(f"no facet for '{field}' (facets: {', '.join(FACET_FIELDS)})")
        return [(str(name), int(n)) for name, n in self._rows(sql, (*params, limit))]

    def names(self, field: str, prefix: str = "", *, limit: int = 20) -> list[str]:
        """Known values of actor, place, source or tag starting with `prefix` (completion)."""
        table = {"actor": "actors", "place": "places", "source": "source_names",
                 "tag": "tags"}.get(field)
        if table is None:
            return []
        escaped = fold(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._rows(f"SELECT name FROM {table} WHERE norm LIKE ? ESCAPE '\\' "
                          "ORDER BY name LIMIT ?", (f"{escaped}%", limit))
        return [row[0] for row in rows]

    def casualty_summary(self, query: Query = MATCH_ALL) -> CasualtySummary:
        """Casualty totals for the matching events, never double counting."""
        return summarise(self.casualty_figures(query))

    def casualty_figures(self, query: Query = MATCH_ALL) -> _StoreFigures:
        """The figures a casualty summary reads, answered with SQL."""
        return _StoreFigures(self, query)

    def span_counts(self, query: Query = MATCH_ALL) -> list[tuple[int, int, bool, float]]:
        """(earliest, latest, forecast, how many events) per distinct date span."""
        sql = (f"SELECT e.earliest, e.latest, e.forecast, count(*) FROM events e "
               f"WHERE {query.sql.where} GROUP BY e.earliest, e.latest, e.forecast")
        return [(a, b, bool(f), float(n)) for a, b, f, n in self._rows(sql, query.sql.params)]

    def incident_spans(self, query: Query, kind: CasualtyType,
                       windows: Sequence[tuple[dt.date, dt.date]]
                       ) -> list[tuple[int, int, bool, float]]:
        """Incident figures per distinct date span, leaving out those inside `windows`."""
        covered = " OR ".join("(e.earliest <= ? AND e.latest >= ?)" for _ in windows) or "0"
        params: list[object] = []
        for first, last in windows:
            params.extend((last.toordinal(), first.toordinal()))
        sql = ("SELECT e.earliest, e.latest, e.forecast, sum(c.count) FROM casualties c "
               "JOIN events e ON e.pos = c.pos WHERE c.type = ? AND c.scope = 'incident' "
               f"AND NOT ({covered}) AND ({query.sql.where}) "
               "GROUP BY e.earliest, e.latest, e.forecast")
        rows = self._rows(sql, (kind.value, *params, *query.sql.params))
        return [(a, b, bool(f), float(n)) for a, b, f, n in rows]


class _StoreFigures:
    """Casualty figures read with SQL, so a summary over a million events stays cheap."""

    def __init__(self, store: EventStore, query: Query) -> None:
        self.store, self.query = store, query

    def cumulative_figures(self, kind: CasualtyType) -> list[CumulativeFigure]:
        sql = ("SELECT e.id, e.earliest, e.latest, c.count, c.qualifier, c.since "
               "FROM casualties c JOIN events e ON e.pos = c.pos "
               f"WHERE c.type = ? AND c.scope = 'cumulative' AND ({self.query.sql.where})")
        out = []
        for event_id, earliest, latest, count, qualifier, since in self.store._rows(
            sql, (kind.value, *self.query.sql.params)
        ):
            first = dt.date.fromordinal(since if since is not None else earliest)
            record = CasualtyRecord(kind, count, CasualtyQualifier(qualifier),
                                    CasualtyScope.CUMULATIVE, first)
            out.append(CumulativeFigure(event_id, record, first, dt.date.fromordinal(latest)))
        return out

    def incident_totals(self, kind: CasualtyType,
                        windows: Sequence[tuple[dt.date, dt.date]]) -> IncidentTotals:
        covered_sql = " OR ".join("(e.earliest <= ? AND e.latest >= ?)" for _ in windows) or "0"
        window_params: list[object] = []
        for first, last in windows:
            window_params.extend((last.toordinal(), first.toordinal()))
        sql = (f"SELECT ({covered_sql}) AS covered, c.qualifier, sum(c.count), count(*) "
               "FROM casualties c JOIN events e ON e.pos = c.pos "
               f"WHERE c.type = ? AND c.scope = 'incident' AND ({self.query.sql.where}) "
               "GROUP BY covered, c.qualifier")
        added_sum = added_n = covered_sum = covered_n = 0
        qualifiers: set[CasualtyQualifier] = set()
        for covered, qualifier, total, n in self.store._rows(
            sql, (*window_params, kind.value, *self.query.sql.params)
        ):
            if covered:
                covered_sum += total
                covered_n += n
            else:
                added_sum += total
                added_n += n
                qualifiers.add(CasualtyQualifier(qualifier))
        return IncidentTotals(added_sum, added_n, frozenset(qualifiers), covered_sum, covered_n)
