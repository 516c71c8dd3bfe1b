"""Building a store: events (or their indexed rows) in any order, into the schema's tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from model.codec import ZERO_BIT, IndexedEvent, encode_event, index_event, zero_figures
from model.event import Event
from model.progress import NEVER_CANCELLED, CancelToken
from model.store.schema import (
    ACTORS,
    CASUALTIES,
    CATEGORIES,
    CATEGORY_JOIN,
    CHRONOLOGICAL,
    EVENT_COLUMNS,
    EVENTS,
    FILL_TEXT_INDEX,
    LINKS,
    PLACES,
    SOURCE_NAMES,
    TAGS,
    TEXT_COLUMNS,
    TEXT_ROWS,
    Table,
    create_indexes,
    create_schema,
    create_text_index,
)
from model.text import fold


class _Names:
    """Interns names into a side table, remembering ids to avoid a lookup per event."""

    def __init__(self, table: Table) -> None:
        self.insert = table.insert()
        self.ids: dict[str, int] = {}
        self.pending: list[tuple[int, str, str]] = []

    def id(self, name: str) -> int:
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = len(self.ids) + 1
            self.pending.append((found, name, fold(name)))
        return found

    def flush(self, conn: sqlite3.Connection) -> None:
        conn.executemany(self.insert, self.pending)
        self.pending.clear()


class StoreBuilder:
    """Fills a store from events in any order, in batches, and sorts them once at the end.

    Events arrive in file order (ACLED exports are newest first); each gets a provisional
    position, and `finish` renumbers everything into chronological order in SQL, so no list
    of events is ever held in memory. With `text_rows`, the text is left in a table of that
    name instead of being indexed at the end, and with `link_by_aid` the side tables
    (actors, sources, tags, categories, casualties) name events by `aid` instead of position:
    a part of a parallel import, merged into a store later (model.store.merge).
    """

    def __init__(self, conn: sqlite3.Connection, *, batch: int = 5000,
                 text_rows: str | None = None, link_by_aid: bool = False) -> None:
        self.conn = conn
        self.batch = batch
        self.places = _Names(PLACES)
        self.actors = _Names(ACTORS)
        self.sources = _Names(SOURCE_NAMES)
        self.tags = _Names(TAGS)
        self.categories = _Names(CATEGORIES)
        self._category_ids: dict[tuple[str, ...], int] = {}
        self.count = 0
        self.source = 0
        """The source the events added now come from (a store of several files)."""
        self._sorted = True
        self._last_key: tuple[int, int, int, str] | None = None
        self._link_by_aid = link_by_aid
        self._text_table = text_rows or "text_stage"
        self._rows: dict[str, list[tuple[object, ...]]] = {
            table: [] for table in (EVENTS.name, *(t.name for t in LINKS), CASUALTIES.name,
                                    self._text_table)}
        self._inserts = {table.name: table.insert() for table in (EVENTS, *LINKS, CASUALTIES)}
        """The statement each table's rows go in with: its whole row, in the schema's order."""
        self._text_insert = (
            f"INSERT INTO {self._text_table} VALUES "
            f"({', '.join('?' for _ in range(1 + len(TEXT_COLUMNS)))})")
        conn.execute("BEGIN")
        create_schema(conn, staging=link_by_aid)
        conn.execute(TEXT_ROWS.format(name=self._text_table))

    def add(self, events: Iterable[Event], *, cancel: CancelToken = NEVER_CANCELLED,
            source: int = 0) -> int:
        """Insert events in any order (from `source`); returns how many were added."""
        self.source = source
        added = 0
        for event in events:
            self.add_indexed(index_event(event), body=encode_event(event))
            added += 1
            if not self.count % self.batch and cancel.cancelled:
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
                zeros, casualties = zero_figures(casualties)
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
            if categories else None, zeros, self.source))
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
                conn.executemany(self._inserts.get(table, self._text_insert), rows)
                rows.clear()

    def finish(self) -> None:
        """Put everything in chronological order, index it, and commit."""
        self._flush()
        conn = self.conn
        if not self._sorted:
            self._renumber()
        create_indexes(conn)
        create_text_index(conn)
        texts = ", ".join(f"t.{column}" for column in TEXT_COLUMNS)
        conn.execute(f"{FILL_TEXT_INDEX} SELECT e.pos, {texts} "
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
        conn.execute(EVENTS.create())
        conn.execute(f"INSERT INTO events (pos, {EVENT_COLUMNS}) SELECT r.new, {EVENT_COLUMNS} "
                     "FROM events_arrived e JOIN renumber r ON r.old = e.pos ORDER BY r.new")
        conn.execute("DROP TABLE events_arrived")
        conn.execute("UPDATE casualties SET pos = (SELECT new FROM renumber "
                     "WHERE old = casualties.pos)")
        # The links' keys hold positions: updated in place, one could collide with a key
        # not yet updated, so they are copied.
        for link in LINKS:
            table, key = link.name, link.key[0]
            conn.execute(f"ALTER TABLE {table} RENAME TO {table}_arrived")
            conn.execute(link.create())
            rest = "".join(f", x.{name}" for name in link.names if name != "pos")
            conn.execute(f"INSERT INTO {table} ({', '.join(link.names)}) SELECT r.new{rest} "
                         f"FROM {table}_arrived x JOIN renumber r ON r.old = x.pos "
                         f"ORDER BY x.{key}, r.new")
            conn.execute(f"DROP TABLE {table}_arrived")
        conn.execute("DROP TABLE renumber")
