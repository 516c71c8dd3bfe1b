"""The store's tables, columns, indexes and chronological order: the one place they are written.

Events live in chronological order: `pos` (the rowid) is an event's place in that order, so
"the next page" is a keyset range scan and "row n of everything" is a primary-key lookup.
The builder (`model.store.build`), the merge of parts (`model.store.merge`), the reader
(`model.store.read`) and the query compiler (`model.store.compile`) take their names and
column lists from here.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Callable

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


FACET_FIELDS = ("kind", "certainty", "actor", "place", "source", "tag", "category")


EVENT_COLUMNS = ("aid, id, earliest, latest, precision, forecast, kind, certainty, place_id, "
                 "line, length, body, category_id, zeros")


LINK_TABLES = (("event_actors", "actor_id"), ("event_sources", "name_id"),
               ("event_tags", "tag_id"))


CATEGORY_JOIN = " + "
"""Between the labels of an event's source categories when it has several (one value)."""


def schema_of(table: str) -> str:
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
