"""The store's tables, columns, indexes and chronological order: the one place they are written.

Events live in chronological order: `pos` (the rowid) is an event's place in that order, so
"the next page" is a keyset range scan and "row n of everything" is a primary-key lookup.
The builder (`model.store.build`), the merge of parts (`model.store.merge`), the reader
(`model.store.read`) and the query compiler (`model.store.compile`) take their names and
column lists from here.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its name and its SQL type and constraints."""

    name: str
    sql: str


@dataclass(frozen=True, slots=True)
class Table:
    """A table of the store: its columns in order, and for a link table the key it is kept
    in order of (`WITHOUT ROWID`)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    built_later: str | None = None
    """The part of a big import that fills it after the timeline can be shown ("links",
    "casualties"): a question reading it waits for that part (`model.store.building`)."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def create(self, *, staging: bool = False) -> str:
        """Its CREATE statement; for `staging` a link table is plain, in arrival order
        (cheaper to append to)."""
        parts = [f"{c.name} {c.sql}" for c in self.columns]
        keyed = self.key and not staging
        if keyed:
            parts.append(f"PRIMARY KEY ({', '.join(self.key)})")
        return (f"CREATE TABLE {self.name} ({', '.join(parts)})"
                + (" WITHOUT ROWID" if keyed else ""))

    def insert(self, columns: tuple[str, ...] | None = None) -> str:
        """An INSERT of whole rows (or of these columns), in the schema's column order."""
        chosen = self.names if columns is None else columns
        unknown = set(chosen) - set(self.names)
        if unknown:
            raise ValueError(f"{self.name} has no column {', '.join(sorted(unknown))}")
        return (f"INSERT INTO {self.name} ({', '.join(chosen)}) "
                f"VALUES ({', '.join('?' for _ in chosen)})")


def _names_table(name: str, key: str) -> Table:
    return Table(name, (Column(key, "INTEGER PRIMARY KEY"), Column("name", "TEXT NOT NULL UNIQUE"),
                        Column("norm", "TEXT NOT NULL")))


EVENTS = Table("events", (
    Column("pos", "INTEGER PRIMARY KEY"),
    Column("aid", "INTEGER NOT NULL"),
    Column("id", "TEXT NOT NULL"),
    Column("earliest", "INTEGER NOT NULL"),
    Column("latest", "INTEGER NOT NULL"),
    Column("precision", "INTEGER NOT NULL"),
    Column("forecast", "INTEGER NOT NULL"),
    Column("kind", "TEXT NOT NULL"),
    Column("certainty", "TEXT NOT NULL"),
    Column("place_id", "INTEGER"),
    Column("line", "INTEGER"),
    Column("length", "INTEGER"),
    Column("body", "TEXT"),
    Column("category_id", "INTEGER"),
    Column("zeros", "INTEGER NOT NULL DEFAULT 0"),
    Column("source", "INTEGER NOT NULL DEFAULT 0"),
))
"""`pos` is the place in chronological order; `aid` says where the event came from: its
place in arrival order, or for a row read from a CSV file, the row's byte offset (with its
`line` and `length`; such rows have no `body` and are read again from the file). An event's
source categories are one value (`category_id`, like `place_id`: nearly every event has one
category or none; several are kept together as "A + B"), a column rather than a link table,
which cost a 300,000-row import 0.6 s. `zeros` holds the figures a source gives as exactly
none in one incident (ACLED writes 0 fatalities for most of its rows), one bit per type
(`model.codec.ZERO_BIT`), instead of a row each in `casualties`: as rows they cost a
300,000-row import 0.8 s. `source` is which of the files opened together the event came
from (their place in `model.source_set.SourceSet`; 0 for a store of one file)."""

PLACES = _names_table("places", "place_id")
ACTORS = _names_table("actors", "actor_id")
SOURCE_NAMES = _names_table("source_names", "name_id")
TAGS = _names_table("tags", "tag_id")
CATEGORIES = _names_table("categories", "category_id")
NAME_TABLES = (PLACES, ACTORS, SOURCE_NAMES, TAGS, CATEGORIES)
"""Names interned once each: an event row or a link names them by id."""

EVENT_ACTORS = Table("event_actors", (
    Column("pos", "INTEGER NOT NULL"), Column("actor_id", "INTEGER NOT NULL"),
    Column("role", "TEXT NOT NULL")), key=("actor_id", "pos"), built_later="links")
EVENT_SOURCES = Table("event_sources", (
    Column("pos", "INTEGER NOT NULL"), Column("name_id", "INTEGER NOT NULL")),
    key=("name_id", "pos"), built_later="links")
EVENT_TAGS = Table("event_tags", (
    Column("pos", "INTEGER NOT NULL"), Column("tag_id", "INTEGER NOT NULL")),
    key=("tag_id", "pos"), built_later="links")
LINKS = (EVENT_ACTORS, EVENT_SOURCES, EVENT_TAGS)
"""The links to actors, sources and tags, kept in the order of the name they link to, which
is the order a filter on a name reads them in."""

CASUALTIES = Table("casualties", (
    Column("pos", "INTEGER NOT NULL"), Column("type", "TEXT NOT NULL"),
    Column("count", "INTEGER NOT NULL"), Column("qualifier", "TEXT NOT NULL"),
    Column("scope", "TEXT NOT NULL"), Column("since", "INTEGER")), built_later="casualties")

FILES = Table("files", (
    Column("source", "INTEGER PRIMARY KEY"), Column("tag", "TEXT NOT NULL"),
    Column("name", "TEXT NOT NULL"), Column("norm", "TEXT NOT NULL"),
    Column("title", "TEXT NOT NULL"), Column("path", "TEXT"), Column("sha256", "TEXT")))
"""The files a store of several sources was opened from (`events.source` names one): its
short tag ("SI"), its name (the file's stem) and the name folded (`file:` takes a tag
exactly or a part of a name), its dataset's title, its path and the sha256 of its bytes
(the file's identity, which match decisions name)."""

MATCHES = Table("matches", (
    Column("a", "INTEGER NOT NULL"), Column("b", "INTEGER NOT NULL"),
    Column("score", "REAL NOT NULL"), Column("reasons", "TEXT NOT NULL")), key=("a", "b"))
"""The same event in two sources, by position (a's source before b's): the matches that
make the clusters, with their score and reasons (a JSON list of phrases)."""

CLUSTERS = Table("clusters", (
    Column("pos", "INTEGER PRIMARY KEY"), Column("cluster", "INTEGER NOT NULL")))
"""The events matched in another source, each with its cluster (the smallest position in
it): an event here is corroborated."""

MISSES = Table("misses", (
    Column("pos", "INTEGER NOT NULL"), Column("source", "INTEGER NOT NULL"),
    Column("nearest", "INTEGER"), Column("days", "INTEGER"), Column("km", "REAL"),
    Column("why", "TEXT NOT NULL")), key=("pos", "source"))
"""For an event not corroborated, the nearest candidate in each other source and the
windows it missed (a JSON list of phrases)."""

TABLES = (EVENTS, PLACES, ACTORS, EVENT_ACTORS, SOURCE_NAMES, EVENT_SOURCES, TAGS,
          EVENT_TAGS, CATEGORIES, CASUALTIES, FILES, MATCHES, CLUSTERS, MISSES)
"""Every table of a store but the full-text index, in the order they are created."""

SCHEMA = ";\n".join(table.create() for table in TABLES) + ";\n"
"""The store's tables as SQL (for reading; `create_schema` makes them)."""

TEXT_TABLE = "event_text"
"""The full-text index (FTS5), built last ("text")."""

BUILT_LATER = {
    **{part: tuple(t.name for t in TABLES if t.built_later == part)
       for part in dict.fromkeys(t.built_later for t in TABLES if t.built_later)},
    "text": (TEXT_TABLE,),
}
"""What a big import builds after the timeline can be shown, and the tables that are it."""

READ_COLUMNS = ("pos", "body", "aid", "line", "length", "id")
"""What a reader selects of an event to rebuild it: position, then body or where its row is."""


# The full-text index is keyed by position, so a text term is a list of positions to walk
# in order; its text waits in a table keyed by `aid` until the order is known. It may live in
# a database file of its own (see model.store.bulk).
TEXT_COLUMNS = ("title", "notes", "quotes", "place", "actors")
"""The texts of an event the full-text index holds, in its column order."""

TEXT_INDEX = (f"CREATE VIRTUAL TABLE {{name}} USING fts5({', '.join(TEXT_COLUMNS)}, "
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


TEXT_ROWS = ("CREATE TABLE {name} (aid INTEGER PRIMARY KEY, "
             + ", ".join(f"{column} TEXT" for column in TEXT_COLUMNS) + ")")
"""Where an import leaves its text, keyed by `aid`, until the order is known."""

FILL_TEXT_INDEX = (f"INSERT INTO {TEXT_TABLE} (rowid, {', '.join(TEXT_COLUMNS)}) ")
"""The start of the statement that fills the full-text index (a SELECT of position and the
texts follows)."""


def placeholder(table: Table, **given: object) -> tuple[str, tuple[object, ...]]:
    """An INSERT of a row holding these values and a neutral one (0 or '') in each other
    column that must have one: a first row that makes the next rowids count from its."""
    values = dict(given)
    for column in table.columns:
        if (column.name not in values and "NOT NULL" in column.sql
                and "DEFAULT" not in column.sql):
            values[column.name] = "" if column.sql.startswith("TEXT") else 0
    return table.insert(tuple(values)), tuple(values.values())


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


FACET_FIELDS = ("kind", "certainty", "actor", "place", "source", "tag", "category", "file")


EVENT_COLUMNS = ", ".join(EVENTS.names[1:])
"""The events table's columns but its position (which a renumbering gives anew)."""


CATEGORY_JOIN = " + "
"""Between the labels of an event's source categories when it has several (one value)."""


CHRONOLOGICAL_ORDER = ("earliest", "precision", "aid", "id")
CHRONOLOGICAL_COLUMNS = ", ".join(CHRONOLOGICAL_ORDER)
CHRONOLOGICAL = f"ORDER BY {CHRONOLOGICAL_COLUMNS}"
"""The store's order (`model.event.chronological_key`), as SQL: `aid` follows the file the
events were read from (arrival order, or a CSV row's byte offset), so same-day events keep
the order their author gave them."""


def create_schema(conn: sqlite3.Connection, *, staging: bool = False) -> None:
    """The store's tables (without the full-text index), in the open transaction; for
    `staging`, the links are plain tables in arrival order (cheaper to append to)."""
    for table in TABLES:
        conn.execute(table.create(staging=staging))


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
