"""EventStore: the one boundary above the model, over the stdlib sqlite3.

Events live in chronological order: `pos` (the rowid) is an event's place in that order, so
"the next page" is a keyset range scan and "row n of everything" is a primary-key lookup.
Queries from `model.query` compile to WHERE clauses over `events AS e`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sqlite3
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from model.categories import category_labels
from model.casualties import CasualtySummary, CumulativeFigure, IncidentTotals, summarise
from model.dataset import DatasetInfo
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
from model.query import MATCH_ALL, ZERO_BIT, Query
from model.text import fold
from model.validation import DataError, Problem

SCHEMA = """
CREATE TABLE events (
    pos INTEGER PRIMARY KEY,
    aid INTEGER NOT NULL,
    id TEXT NOT NULL,
    earliest INTEGER NOT NULL,
    latest INTEGER NOT NULL,
    precision INTEGER NOT NULL,
    forecast INTEGER NOT NULL,
    kind TEXT NOT NULL,
    certainty TEXT NOT NULL,
    place_id INTEGER,
    line INTEGER,
    length INTEGER,
    body TEXT,
    category_id INTEGER,
    zeros INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE places (place_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, norm TEXT NOT NULL);
CREATE TABLE actors (actor_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, norm TEXT NOT NULL);
CREATE TABLE event_actors (pos INTEGER NOT NULL, actor_id INTEGER NOT NULL, role TEXT NOT NULL,
                           PRIMARY KEY (actor_id, pos)) WITHOUT ROWID;
CREATE TABLE source_names (name_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
                           norm TEXT NOT NULL);
CREATE TABLE event_sources (pos INTEGER NOT NULL, name_id INTEGER NOT NULL,
                            PRIMARY KEY (name_id, pos)) WITHOUT ROWID;
CREATE TABLE tags (tag_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, norm TEXT NOT NULL);
CREATE TABLE event_tags (pos INTEGER NOT NULL, tag_id INTEGER NOT NULL,
                         PRIMARY KEY (tag_id, pos)) WITHOUT ROWID;
CREATE TABLE categories (category_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
                         norm TEXT NOT NULL);
CREATE TABLE casualties (
    pos INTEGER NOT NULL, type TEXT NOT NULL, count INTEGER NOT NULL, qualifier TEXT NOT NULL,
    scope TEXT NOT NULL, since INTEGER
);
"""
"""`pos` is the place in chronological order; `aid` says where the event came from: its
place in arrival order, or for a row read from a CSV file, the row's byte offset (with its
`line` and `length`; such rows have no `body` and are read again from the file). An event's
source categories are one value (`category_id`, like `place_id`: nearly every event has one
category or none; several are kept together as "A + B"), a column rather than a link table,
which cost a 300,000-row import 0.6 s. `zeros` holds the figures a source gives as exactly
none in one incident (ACLED writes 0 fatalities for most of its rows), one bit per type
(`model.query.ZERO_BIT`), instead of a row each in `casualties`: as rows they cost a
300,000-row import 0.8 s. The links to actors, sources and tags are kept in the
order of the name they link to, which is the order a filter on a name reads them in."""

# The full-text index is keyed by position, so a text term is a list of positions to walk
# in order; its text waits in a table keyed by `aid` until the order is known. It may live in
# a database file of its own (see model.bulkimport).
TEXT_INDEX = ("CREATE VIRTUAL TABLE {name} USING fts5(title, notes, quotes, place, actors, "
              "content='', tokenize='unicode61 remove_diacritics 2')")
TEXT_BUFFER_BYTES = 32 << 20
"""How much of the full-text index FTS5 gathers in memory before writing it out as a segment
(its default is 1 MB). The text of a million events, indexed alone: with the default it is
written as hundreds of small segments, merged again and again as they go, 7.9 s; with
32 MB 5.2 s, 64 MB 4.4 s, 128 MB no better. In a whole import the links and indexes built
beside it take as long as 32 MB, so 64 MB would only cost memory."""


def create_text_index(conn: sqlite3.Connection, name: str = "event_text") -> None:
    """The FTS5 table of a store's text, set up to be filled in bulk."""
    conn.execute(TEXT_INDEX.format(name=name))
    with contextlib.suppress(sqlite3.OperationalError):  # an SQLite without the option
        conn.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('hashsize', ?)",
                     (TEXT_BUFFER_BYTES,))


TEXT_ROWS = ("CREATE TABLE {name} (aid INTEGER PRIMARY KEY, title TEXT, notes TEXT, "
             "quotes TEXT, place TEXT, actors TEXT)")

# Chosen from EXPLAIN QUERY PLAN of the compiled queries: every side-table filter is an
# "IN (SELECT pos ...)" driven from the side table's own key (the links' primary keys).
INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id);
CREATE UNIQUE INDEX IF NOT EXISTS events_aid ON events (aid);
CREATE INDEX events_kind ON events (kind, pos);
CREATE INDEX events_certainty ON events (certainty, pos);
CREATE INDEX events_earliest ON events (earliest);
CREATE INDEX events_latest ON events (latest);
CREATE INDEX events_place ON events (place_id, pos);
CREATE INDEX events_category ON events (category_id, pos);
CREATE INDEX event_actors_pos ON event_actors (pos);
CREATE INDEX casualties_type ON casualties (type, count, scope, pos);
CREATE INDEX casualties_pos ON casualties (pos);
"""

INDEX_COUNT = sum(1 for statement in INDEXES.split(";") if statement.strip())

# What a reader selects to rebuild events: position, then body or where the row is.
_READ = "e.pos, e.body, e.aid, e.line, e.length, e.id"

FACET_FIELDS = ("kind", "certainty", "actor", "place", "source", "tag", "category")
ALL_IDS_UP_TO = 200_000
"""Up to this many events, a near miss of an id is looked for among all of them (a few
tenths of a second); beyond, among the ids next to it in order."""


def _after(query: Query, after: int) -> tuple[str, tuple[object, ...]]:
    """A query's filter and "after this position", in the order that lets SQLite start
    where the rows are. It bounds the position by the first of the two it meets: for a first
    page that must be the filter (a date term's position range, see model.query; "after -1"
    would scan from the start), for a next page "after the last row" (the filter's range
    would be scanned from its start again for every page: a quadratic walk, 25 ms a page
    at the end of 450,000 dated rows instead of 0.1)."""
    if after < 0:
        return f"({query.sql.where}) AND e.pos > ?", (*query.sql.params, after)
    return f"e.pos > ? AND ({query.sql.where})", (after, *query.sql.params)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event with its position in the store's chronological order."""

    position: int
    event: Event


# -- event bodies -------------------------------------------------------------------------


# Bodies are positional JSON arrays: encoding a list of plain values is several times faster
# than building a dict per event, which matters at a million events. BODY_VERSION changes
# whenever the layout (or the schema, or the order) does, so a cached store from another one
# is rebuilt.
BODY_VERSION = 8


def _day(value: dt.date | None) -> int | None:
    return value.toordinal() if value is not None else None


def _from_day(value: int | None) -> dt.date | None:
    return dt.date.fromordinal(value) if value is not None else None


def encode_event(event: Event) -> str:
    """The event as a compact positional JSON array (see `decode_event`)."""
    d, p = event.date, event.place
    return json.dumps([
        event.id, event.title, event.kind.value, event.certainty.value,
        [d.earliest.toordinal(), d.latest.toordinal(), d.precision.value, d.inferred,
         d.forecast],
        None if p is None else [p.name, p.admin, p.country, p.latitude, p.longitude,
                                p.precision.value if p.precision else None],
        [[a.name, a.role.value, a.category] for a in event.actors],
        [[c.type.value, c.count, c.qualifier.value, c.scope.value, _day(c.since), c.low,
          c.high, c.party] for c in event.casualties],
        [[s.claimant, list(s.channels), s.outlet, s.url, s.document] for s in event.sources],
        [[q.text, q.start, q.end, q.document] for q in event.quotes],
        list(event.tags), event.notes,
        [[k.url, k.caption, k.credit] for k in event.links],
        [list(pair) for pair in event.attributes],
    ], ensure_ascii=False, separators=(",", ":"))


def decode_event(body: str) -> Event:
    """An event from the JSON the store wrote (trusted: it was validated on the way in)."""
    (event_id, title, kind, certainty, d, p, actors, casualties, sources, quotes, tags, notes,
     links, attributes) = json.loads(body)
    span = DateSpan(dt.date.fromordinal(d[0]), dt.date.fromordinal(d[1]), DatePrecision(d[2]),
                    d[3], d[4])
    place = None if p is None else Place(
        p[0], p[1], p[2], p[3], p[4], GeoPrecision(p[5]) if p[5] else None)
    return Event(
        id=event_id, title=title, kind=EventKind(kind), date=span,
        certainty=Certainty(certainty), place=place,
        actors=tuple(Actor(a[0], ActorRole(a[1]), a[2]) for a in actors),
        casualties=tuple(CasualtyRecord(
            CasualtyType(c[0]), c[1], CasualtyQualifier(c[2]), CasualtyScope(c[3]),
            _from_day(c[4]), c[5], c[6], c[7]) for c in casualties),
        sources=tuple(Source(s[0], tuple(s[1]), s[2], s[3], s[4]) for s in sources),
        quotes=tuple(Quote(q[0], q[1], q[2], q[3]) for q in quotes),
        tags=tuple(tags), notes=notes,
        links=tuple(Link(k[0], k[1], k[2]) for k in links),
        attributes=tuple((k, v) for k, v in attributes),
    )


# -- building ---------------------------------------------------------------------------


class _Names:
    """Interns names into a side table, remembering ids to avoid a lookup per event."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.ids: dict[str, int] = {}
        self.pending: list[tuple[int, str, str]] = []

    def id(self, name: str) -> int:
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = len(self.ids) + 1
            self.pending.append((found, name, fold(name)))
        return found

    def flush(self, conn: sqlite3.Connection) -> None:
        conn.executemany(f"INSERT INTO {self.table} VALUES (?, ?, ?)", self.pending)
        self.pending.clear()


IndexedEvent = tuple[Any, ...]
"""What the store keeps of an event beside its body, as a plain tuple (built a million times
on an import): id, earliest, latest, precision rank, forecast, kind, certainty, title, place
(as displayed, or None), actors ((name, role) in order), source names, tags, casualties
((type, count, qualifier, scope, since day) each), notes, quotes (joined by new lines),
source categories (their labels, `model.categories`)."""


def index_event(event: Event) -> IndexedEvent:
    """The indexed form of an event (importers may build the same tuple straight from a row;
    tests hold them to this one)."""
    span = event.date
    return (
        event.id, span.earliest.toordinal(), span.latest.toordinal(), span.precision.rank,
        int(span.forecast), event.kind.value, event.certainty.value, event.title,
        event.place.display() if event.place else None,
        tuple((a.name, a.role.value) for a in event.actors),
        tuple(name for source in event.sources for name in source.names()),
        event.tags,
        tuple((c.type.value, c.count, c.qualifier.value, c.scope.value, _day(c.since))
              for c in event.casualties),
        event.notes, "\n".join(q.text for q in event.quotes), category_labels(event),
    )


class StoreBuilder:
    """Fills a store from events in any order, in batches, and sorts them once at the end.

    Events arrive in file order (ACLED exports are newest first); each gets a provisional
    position, and `finish` renumbers everything into chronological order in SQL, so no list
    of events is ever held in memory. With `text_rows`, the text is left in a table of that
    name instead of being indexed at the end, and with `link_by_aid` the side tables
    (actors, sources, tags, categories, casualties) name events by `aid` instead of position:
    a part of a parallel import, merged into a store later (model.bulkimport).
    """

    def __init__(self, conn: sqlite3.Connection, *, batch: int = 5000,
                 text_rows: str | None = None, link_by_aid: bool = False) -> None:
        self.conn = conn
        self.batch = batch
        self.places = _Names("places")
        self.actors = _Names("actors")
        self.sources = _Names("source_names")
        self.tags = _Names("tags")
        self.categories = _Names("categories")
        self._category_ids: dict[tuple[str, ...], int] = {}
        self.count = 0
        self._sorted = True
        self._last_key: tuple[int, int, int, str] | None = None
        self._link_by_aid = link_by_aid
        self._text_table = text_rows or "text_stage"
        self._rows: dict[str, list[tuple[object, ...]]] = {
            "events": [], "event_actors": [], "event_sources": [], "event_tags": [],
            "casualties": [], self._text_table: [],
        }
        conn.execute("BEGIN")
        create_schema(conn, staging=link_by_aid)
        conn.execute(TEXT_ROWS.format(name=self._text_table))

    def add(self, events: Iterable[Event], *, cancel: threading.Event | None = None) -> int:
        """Insert events in any order; returns how many were added."""
        added = 0
        for event in events:
            self.add_indexed(index_event(event), body=encode_event(event))
            added += 1
            if not self.count % self.batch and cancel is not None and cancel.is_set():
                break
        return added

    def add_indexed(self, row: IndexedEvent, aid: int | None = None, line: int | None = None,
                    length: int | None = None, body: str | None = None) -> None:
        """Insert one indexed event: with its JSON `body`, or with where its row is in the
        source file (`aid` its byte offset, `line`, `length`)."""
        (event_id, earliest, latest, rank, forecast, kind, certainty, title, place, actors,
         sources, tags, casualties, notes, quotes, categories) = row
        rows = self._rows
        zeros = 0
        if casualties:
            if len(casualties) > 1:
                zeros, casualties = _zero_figures(casualties)
            elif (c := casualties[0])[1] == 0 and c[2] == "exact" and c[3] == "incident" \
                    and c[4] is None and c[0] in ZERO_BIT:
                zeros, casualties = ZERO_BIT[c[0]], ()
        pos = self.count
        self.count += 1
        if aid is None:
            aid = pos
        if self._sorted:
            key = (earliest, rank, aid, event_id)
            if self._last_key is not None and key < self._last_key:
                self._sorted = False
            self._last_key = key
        rows["events"].append((
            pos, aid, event_id, earliest, latest, rank, forecast, kind, certainty,
            self.places.id(place) if place else None, line, length, body,
            (self._category_ids.get(categories) or self._category_id(categories))
            if categories else None, zeros))
        if self._link_by_aid:
            pos = aid
        if len(actors) == 1:
            name, role = actors[0]
            rows["event_actors"].append((pos, self.actors.id(name), role))
            actor_names = name
        elif actors:
            actor_id = self.actors.id
            roles = {actor_id(name): role for name, role in actors}
            rows["event_actors"].extend((pos, actor, role) for actor, role in roles.items())
            actor_names = "\n".join(name for name, _ in actors)
        else:
            actor_names = ""
        if len(sources) == 1:
            rows["event_sources"].append((pos, self.sources.id(sources[0])))
        elif sources:
            source_id = self.sources.id
            rows["event_sources"].extend((pos, source_id(n)) for n in dict.fromkeys(sources))
        if tags:
            rows["event_tags"].extend((pos, self.tags.id(tag)) for tag in dict.fromkeys(tags))
        if casualties:
            rows["casualties"].extend((pos, *c) for c in casualties)
        rows[self._text_table].append((aid, title, notes, quotes, place or "", actor_names))
        if len(rows["events"]) >= self.batch:
            self._flush()

    def _category_id(self, categories: tuple[str, ...]) -> int:
        """The id of an event's categories, kept together as one value."""
        found = self._category_ids[categories] = self.categories.id(
            CATEGORY_JOIN.join(categories))
        return found

    def _flush(self) -> None:
        conn = self.conn
        for names in (self.places, self.actors, self.sources, self.tags, self.categories):
            names.flush(conn)
        for table, rows in self._rows.items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
                rows.clear()

    def finish(self) -> None:
        """Put everything in chronological order, index it, and commit."""
        self._flush()
        conn = self.conn
        if not self._sorted:
            self._renumber()
        create_indexes(conn)
        create_text_index(conn)
        conn.execute("INSERT INTO event_text (rowid, title, notes, quotes, place, actors) "
                     "SELECT e.pos, t.title, t.notes, t.quotes, t.place, t.actors "
                     "FROM events e JOIN text_stage t ON t.aid = e.aid ORDER BY e.pos")
        conn.execute("DROP TABLE text_stage")
        conn.execute("COMMIT")

    def finish_unsorted(self) -> None:
        """Commit the rows as they arrived, without sorting or indexes (a part of a parallel
        import, merged into a store later)."""
        self._flush()
        self.conn.execute("COMMIT")

    def _renumber(self) -> None:
        conn = self.conn
        conn.execute("CREATE TEMP TABLE renumber (old INTEGER PRIMARY KEY, new INTEGER NOT NULL)")
        conn.execute(f"INSERT INTO renumber SELECT pos, row_number() OVER ({CHRONOLOGICAL}) - 1 "
                     "FROM events")
        conn.execute("ALTER TABLE events RENAME TO events_arrived")
        conn.execute(SCHEMA.split(";")[0])
        conn.execute(f"INSERT INTO events (pos, {EVENT_COLUMNS}) SELECT r.new, {EVENT_COLUMNS} "
                     "FROM events_arrived e JOIN renumber r ON r.old = e.pos ORDER BY r.new")
        conn.execute("DROP TABLE events_arrived")
        conn.execute("UPDATE casualties SET pos = (SELECT new FROM renumber "
                     "WHERE old = casualties.pos)")
        # The links' keys hold positions: updated in place, one could collide with a key
        # not yet updated, so they are copied.
        for table, key in LINK_TABLES:
            conn.execute(f"ALTER TABLE {table} RENAME TO {table}_arrived")
            conn.execute(_schema_of(table))
            role = ", x.role" if table == "event_actors" else ""
            conn.execute(f"INSERT INTO {table} SELECT r.new, x.{key}{role} "
                         f"FROM {table}_arrived x JOIN renumber r ON r.old = x.pos "
                         f"ORDER BY x.{key}, r.new")
            conn.execute(f"DROP TABLE {table}_arrived")
        conn.execute("DROP TABLE renumber")


EVENT_COLUMNS = ("aid, id, earliest, latest, precision, forecast, kind, certainty, place_id, "
                 "line, length, body, category_id, zeros")
def _zero_figures(casualties: Sequence[tuple[Any, ...]]
                  ) -> tuple[int, tuple[tuple[Any, ...], ...]]:
    """An event's figures of exactly none in one incident as bits (the `zeros` column),
    and the figures left for the casualties table."""
    zeros, kept = 0, []
    for c in casualties:
        bit = ZERO_BIT.get(c[0]) if c[1] == 0 and c[2] == "exact" and c[3] == "incident" \
            and c[4] is None else None
        if bit is None or zeros & bit:  # a second zero of a type is a row, as it was
            kept.append(c)
        else:
            zeros |= bit
    return zeros, tuple(kept)


LINK_TABLES = (("event_actors", "actor_id"), ("event_sources", "name_id"),
               ("event_tags", "tag_id"))
CATEGORY_JOIN = " + "
"""Between the labels of an event's source categories when it has several (one value)."""


def _schema_of(table: str) -> str:
    """The CREATE statement of one of the store's tables."""
    return next(s for s in SCHEMA.split(";") if f"CREATE TABLE {table} " in s)


CHRONOLOGICAL_COLUMNS = "earliest, precision, aid, id"
CHRONOLOGICAL = f"ORDER BY {CHRONOLOGICAL_COLUMNS}"
"""The store's order (`model.event.chronological_key`), as SQL: `aid` follows the file the
events were read from (arrival order, or a CSV row's byte offset), so same-day events keep
the order their author gave them."""


def create_schema(conn: sqlite3.Connection, *, staging: bool = False) -> None:
    """The store's tables (without the full-text index), in the open transaction; for
    `staging`, the links are plain tables in arrival order (cheaper to append to)."""
    for statement in SCHEMA.split(";"):
        if staging:
            statement = _LINK_KEY.sub(")", statement)
        if statement.strip():
            conn.execute(statement)


_LINK_KEY = re.compile(r",\s*PRIMARY KEY \(\w+, pos\)\) WITHOUT ROWID")


def create_indexes(conn: sqlite3.Connection, step: Callable[[str], None] | None = None
                   ) -> None:
    """The indexes and statistics queries use, once every event is in place; `step` hears
    "indexes" before each statement (seconds each at a million events)."""
    # One statement at a time: executescript() would commit the open transaction.
    for statement in INDEXES.split(";"):
        if statement.strip():
            if step is not None:
                step("indexes")
            conn.execute(statement)
    conn.execute("CREATE TABLE IF NOT EXISTS span_stats AS SELECT "
                 "coalesce(max(latest - earliest), 0) "
                 "AS max_span FROM events")


def readonly_uri(path: str | Path) -> str:
    """The URI that opens (or attaches) a database file read-only, whatever characters its
    path holds ("#", "?" and "%" mean something in a URI: they are quoted)."""
    return f"file:{urllib.parse.quote(str(Path(path).absolute()))}?mode=ro"


def new_connection(path: str = ":memory:", *, uri: bool = False) -> sqlite3.Connection:
    """A connection shared between the UI thread and workers (the store serialises access)."""
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, uri=uri)
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn


def building_connection(path: str, *, cache_mib: int = 64) -> sqlite3.Connection:
    """A connection to a database being built from a file: it is built again if lost, so
    durability is not needed while building (no journal, no syncs), and pages stay cached."""
    conn = new_connection(path)
    for pragma in ("journal_mode = OFF", "synchronous = OFF",
                   f"cache_size = {-1024 * cache_mib}"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


# -- the store ----------------------------------------------------------------------------


class SourceRows(Protocol):
    """Reads events that a store keeps as rows of their source file."""

    def events(self, refs: Sequence[Sequence[Any]]) -> Iterator[Event]:
        """The events for (byte offset, line, length, id) references, in the same order."""
        ...

    def close(self) -> None:
        """Let go of the file."""
        ...


BUILT_LATER = {
    "links": ("event_actors", "event_sources", "event_tags"),
    "casualties": ("casualties",),
    "text": ("event_text",),
}
"""What a big import builds after the timeline can be shown, and the tables that are it."""


class Building:
    """The parts of a store still being built in the background (see model.bulkimport):
    a query that needs one of them waits for it; the others run at once (without the
    indexes still to come they may be slower, never different)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.waiting = set(BUILT_LATER)
        self.done = False
        """Everything is built and the store is in the cache."""
        self.error: str | None = None
        """Why the building stopped, when it failed."""
        self.fraction = 0.0
        self.what = "links"

    def indexing(self, fraction: float, what: str) -> None:
        """How far the building has got, and what it does now (for a progress display)."""
        self.fraction, self.what = fraction, what

    def ready(self, part: str) -> None:
        """One part is built: queries waiting for it go on."""
        with self._changed:
            self.waiting.discard(part)
            self._changed.notify_all()

    def finished(self) -> None:
        """Everything is built."""
        with self._changed:
            self.waiting.clear()
            self.done = True
            self._changed.notify_all()

    def failed(self, why: str) -> None:
        """The building stopped: queries waiting for what is missing are told why."""
        with self._changed:
            self.error = why
            self._changed.notify_all()

    def settle(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds; True once everything is built or the building has
        failed."""
        with self._changed:
            if not (self.done or self.error):
                self._changed.wait(timeout)
            return self.done or self.error is not None

    def wait_for(self, sql: str) -> str | None:
        """Wait until the tables `sql` reads are built; None, or why they never will be."""
        needed = {part for part, tables in BUILT_LATER.items()
                  if any(table in sql for table in tables)}
        return self.wait(needed)

    def wait(self, parts: Iterable[str] | None = None) -> str | None:
        """Wait until these parts (all, by default) are built; None, or why they never will
        be."""
        wanted = set(BUILT_LATER) if parts is None else set(parts)
        with self._changed:
            while wanted & self.waiting or (parts is None and not self.done):
                if self.error is not None:
                    return self.error
                self._changed.wait()
        return None


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

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        if self.building is not None and self.building.waiting:
            why = self.building.wait_for(sql)  # outside the lock: other questions go on
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
        sql = f"SELECT count(*) FROM events e WHERE {query.sql.where}"
        return int(self._rows(sql, query.sql.params)[0][0])

    def longest_id(self, query: Query = MATCH_ALL) -> int:
        """The length of the longest id among the matching events (0 when none match)."""
        sql = f"SELECT max(length(e.id)) FROM events e WHERE {query.sql.where}"
        return int(self._rows(sql, query.sql.params)[0][0] or 0)

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
        where, params = _after(query, after)
        sql = f"SELECT {_READ} FROM events e WHERE {where} ORDER BY e.pos LIMIT ?"
        rows = self._rows(sql, (*params, limit))
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
        sql = f"SELECT pos FROM events e WHERE {query.sql.where} ORDER BY e.pos"
        return [row[0] for row in self._rows(sql, query.sql.params)]

    def days_after(self, query: Query, after: int, limit: int) -> list[tuple[int, int]]:
        """(position, earliest day ordinal) of up to `limit` matching events after position
        `after`, in order: one step of a keyset walk over a query's rows."""
        where, params = _after(query, after)
        sql = f"SELECT e.pos, e.earliest FROM events e WHERE {where} ORDER BY e.pos LIMIT ?"
        return self._rows(sql, (*params, limit))

    def by_positions(self, positions: Sequence[int]) -> dict[int, Event]:
        """The events at these positions."""
        if not positions:
            return {}
        marks = ", ".join("?" for _ in positions)
        rows = self._rows(f"SELECT {_READ} FROM events e WHERE pos IN ({marks})", positions)
        return {row[0]: event for row, event in zip(rows, self._decode(rows), strict=True)}

    def related(self, event_id: str, *, limit: int = 12) -> list[tuple[str, Event]]:
        """Events on the same first day or at the same place, each with why it is related."""
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

    def date_range(self, query: Query = MATCH_ALL) -> tuple[dt.date, dt.date] | None:
        """The first and last day any matching event covers."""
        if query.empty:
            # Each alone is one step along its index; together in one SELECT they would
            # read every row (a tenth of a second at a million events, on every redraw).
            sql = ("SELECT (SELECT min(earliest) FROM events), "
                   "(SELECT max(latest) FROM events)")
            first, last = self._rows(sql)[0]
        else:
            sql = f"SELECT min(e.earliest), max(e.latest) FROM events e WHERE {query.sql.where}"
            first, last = self._rows(sql, query.sql.params)[0]
        if first is None:
            return None
        return dt.date.fromordinal(first), dt.date.fromordinal(last)

    # -- aggregates -----------------------------------------------------------------------

    def facets(self, field: str, query: Query = MATCH_ALL, *, limit: int = 50
               ) -> list[tuple[str, int]]:
        """Counts per value of kind, certainty, actor, place, source, tag or source category,
        largest first."""
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
            # Count by id first (integers group fast), name only the winners; without a
            # filter the events table is not needed at all.
            matching = "" if query.empty else \
                f" WHERE l.pos IN (SELECT e.pos FROM events e WHERE {where})"
            sql = (f"SELECT n.name, top.c FROM (SELECT l.{key} AS k, count(*) AS c "
                   f"FROM {link} l{matching} GROUP BY l.{key} ORDER BY c DESC, k LIMIT ?) top "
                   f"JOIN {table} n ON n.{key} = top.k ORDER BY top.c DESC, n.name")
        elif field in ("place", "category"):
            table, key = ("places", "place_id") if field == "place" else \
                ("categories", "category_id")
            sql = (f"SELECT p.name, top.c FROM (SELECT e.{key} AS k, count(*) AS c "
                   f"FROM events e WHERE {where} AND e.{key} IS NOT NULL "
                   f"GROUP BY e.{key} ORDER BY c DESC, k LIMIT ?) top "
                   f"JOIN {table} p ON p.{key} = top.k ORDER BY top.c DESC, p.name")
        else:
            raise ValueError(f"no facet for '{field}' (facets: {', '.join(FACET_FIELDS)})")
        return [(str(name), int(n)) for name, n in self._rows(sql, (*params, limit))]

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

    def casualty_figures(self, query: Query = MATCH_ALL) -> _StoreFigures:
        """The figures a casualty summary reads, answered with SQL."""
        return _StoreFigures(self, query)

    def span_counts(self, query: Query = MATCH_ALL) -> list[tuple[int, int, bool, float]]:
        """(earliest, latest, forecast, how many events) per distinct date span."""
        if query.empty and self._all_spans is not None:
            return list(self._all_spans)
        sql = (f"SELECT e.earliest, e.latest, e.forecast, count(*) FROM events e "
               f"WHERE {query.sql.where} GROUP BY e.earliest, e.latest, e.forecast")
        spans = [(a, b, bool(f), float(n)) for a, b, f, n in self._rows(sql, query.sql.params)]
        if query.empty:
            # The whole file's density is drawn beside every view's (a quarter of a second
            # at a million events); a store never changes, so it is counted once.
            self._all_spans = tuple(spans)
        return spans

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
        rows = list(self.store._rows(sql, (*window_params, kind.value,
                                           *self.query.sql.params)))
        # Figures of exactly none (the `zeros` column) add to how many, not to the sum.
        zeros = (f"SELECT ({covered_sql}) AS covered, 'exact', 0, count(*) FROM events e "
                 f"WHERE (e.zeros & {ZERO_BIT[kind.value]}) != 0 AND ({self.query.sql.where}) "
                 "GROUP BY covered")
        rows.extend(row for row in self.store._rows(zeros, (*window_params,
                                                            *self.query.sql.params)))
        for covered, qualifier, total, n in rows:
            if covered:
                covered_sum += total
                covered_n += n
            else:
                added_sum += total
                added_n += n
                qualifiers.add(CasualtyQualifier(qualifier))
        return IncidentTotals(added_sum, added_n, frozenset(qualifiers), covered_sum, covered_n)
