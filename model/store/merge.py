"""The parts of a big import merged into one store, as they are read side by side (no
sorting): names interned, links and casualties put in, and the full-text index built from
the parts' text into a database file of its own.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from model.progress import ProgressSink, clamped
from model.store.connect import readonly_uri
from model.store.schema import (
    CASUALTIES,
    CHRONOLOGICAL,
    CHRONOLOGICAL_ORDER,
    EVENT_COLUMNS,
    EVENTS,
    FILL_TEXT_INDEX,
    INDEX_COUNT,
    LINKS,
    NAME_TABLES,
    TEXT_COLUMNS,
    create_text_index,
    placeholder,
)

_MERGED = {"place_id": "m.global", "category_id": "c.global"}
"""The columns of a part's event that name a name: the merged store's id for it."""


def remove_files(paths: Iterable[str | Path]) -> None:
    """Delete these files where they exist (an open connection reads on from its own)."""
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def unheard(_what: str) -> None:
    """A step or a readiness nobody listens to."""


def merge_parts(conn: sqlite3.Connection, parts: Sequence[str],
                step: Callable[[str], None] = unheard) -> None:
    """Fill an empty store (schema created, transaction open) with the events of part
    databases, in order, and the names they use: enough to show a timeline. `merge_links`
    does the rest; `step` hears what is done next (see MERGE_STEPS)."""
    step("names")
    for i, part in enumerate(parts):
        conn.execute(f"ATTACH DATABASE ? AS p{i}", (readonly_uri(part),))
    # Names: one id per distinct name over all parts, and a map from each part's ids (one
    # table per part, keyed by the part's id: a rowid lookup per row, the cheapest there is).
    for names_table in NAME_TABLES:
        table, key = names_table.name, names_table.columns[0].name
        ids: dict[str, int] = {}
        rows: list[tuple[int, str, str]] = []
        for i in range(len(parts)):
            mapping = []
            for local, name, norm in conn.execute(f"SELECT {key}, name, norm FROM p{i}.{table}"):
                found = ids.get(name)
                if found is None:
                    found = ids[name] = len(ids) + 1
                    rows.append((found, name, norm))
                mapping.append((local, found))
            conn.execute(f"CREATE TEMP TABLE map_{table}_{i} (local INTEGER PRIMARY KEY, "
                         "global INTEGER NOT NULL)")
            conn.executemany(f"INSERT INTO temp.map_{table}_{i} VALUES (?, ?)", mapping)
        conn.executemany(names_table.insert(), rows)
    # The parts, each read in order through its index, merged as they are read (a compound
    # SELECT ordered by its columns: EXPLAIN QUERY PLAN says MERGE (UNION ALL), no sorting).
    # Rows inserted in order take the next rowids: with a first row at -1 (removed after),
    # positions count from 0.
    columns = ", ".join(_MERGED.get(name, f"a.{name}") for name in EVENTS.names[1:])
    arrived = " UNION ALL ".join(
        f"SELECT {columns} FROM p{i}.events a "
        f"LEFT JOIN temp.map_places_{i} m ON m.local = a.place_id "
        f"LEFT JOIN temp.map_categories_{i} c ON c.local = a.category_id"
        for i in range(len(parts)))
    step("events in order")
    conn.execute(*placeholder(EVENTS, pos=-1, aid=-1))
    conn.execute(f"INSERT INTO events ({EVENT_COLUMNS}) {arrived} {CHRONOLOGICAL}")
    conn.execute("DELETE FROM events WHERE pos = -1")
    # An id in two parts is found here, before anything is shown (PartsDisagree).
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id)")
    conn.execute("CREATE TABLE IF NOT EXISTS span_stats AS SELECT "
                 "coalesce(max(latest - earliest), 0) AS max_span FROM events")


def merge_links(conn: sqlite3.Connection, parts: Sequence[str],
                step: Callable[[str], None] = unheard,
                ready: Callable[[str], None] = unheard) -> None:
    """The rest of `merge_parts` (same connection, parts still attached): links and
    casualties, each statement its own transaction when the connection has none open, so a
    store already being read sees each table whole; `ready` hears "links" and
    "casualties" as they are."""
    step("positions")
    conn.execute("CREATE UNIQUE INDEX events_aid ON events (aid)")
    # A part's side tables name events by byte offset, which finds their position; links go
    # in in the order of their keys.
    for link in LINKS:
        key = link.key[0]
        names = next(t.name for t in NAME_TABLES if t.columns[0].name == key)
        step(f"links to {names.replace('source_names', 'sources')}")
        columns = ", ".join({"pos": "e.pos", key: "m.global"}.get(name, f"x.{name}")
                            + f" AS {name}" for name in link.names)
        linked = " UNION ALL ".join(
            f"SELECT {columns} FROM p{i}.{link.name} x JOIN events e ON e.aid = x.pos "
            f"JOIN temp.map_{names}_{i} m ON m.local = x.{key}"
            for i in range(len(parts)))
        conn.execute(f"INSERT INTO {link.name} ({', '.join(link.names)}) "
                     f"SELECT * FROM ({linked}) ORDER BY {', '.join(link.key)}")
    ready("links")
    step("casualties")
    columns = ", ".join("e.pos" if name == "pos" else f"x.{name}" for name in CASUALTIES.names)
    casualties = " UNION ALL ".join(
        f"SELECT {columns} FROM p{i}.casualties x JOIN events e ON e.aid = x.pos"
        for i in range(len(parts)))
    conn.execute(f"INSERT INTO casualties ({', '.join(CASUALTIES.names)}) {casualties}")
    ready("casualties")
    for names_table in NAME_TABLES:
        for i in range(len(parts)):
            conn.execute(f"DROP TABLE temp.map_{names_table.name}_{i}")


def build_text_index(conn: sqlite3.Connection, parts: Sequence[str]) -> None:
    """The full-text index of the parts' text, in the (new) database of `conn`.

    It is keyed by position, so it works the order out for itself (as `merge_parts` does,
    from the same rows) rather than wait for the merge, and feeds the index in that order.
    """
    try:
        for i, part in enumerate(parts):
            conn.execute(f"ATTACH DATABASE ? AS p{i}", (readonly_uri(part),))
        order = ", ".join(CHRONOLOGICAL_ORDER)
        conn.execute(f"CREATE TEMP TABLE chronological (pos INTEGER PRIMARY KEY, {order})")
        arrived = " UNION ALL ".join(f"SELECT {order} FROM p{i}.events"
                                     for i in range(len(parts)))
        conn.execute("INSERT INTO temp.chronological (pos, aid) VALUES (-1, -1)")
        # Merged from the parts' indexes, as in merge_parts.
        conn.execute(f"INSERT INTO temp.chronological ({order}) {arrived} {CHRONOLOGICAL}")
        conn.execute("DELETE FROM temp.chronological WHERE pos = -1")
        conn.execute("BEGIN")
        create_text_index(conn)
        # Byte offsets are unique over all parts: each position finds its text in one part.
        columns = ", ".join(
            "coalesce(" + ", ".join(f"t{i}.{column}" for i in range(len(parts))) + ", NULL)"
            for column in TEXT_COLUMNS)
        joins = " ".join(f"LEFT JOIN p{i}.text_rows t{i} ON t{i}.aid = o.aid"
                         for i in range(len(parts)))
        conn.execute(f"{FILL_TEXT_INDEX} SELECT o.pos, {columns} "
                     f"FROM temp.chronological o {joins} ORDER BY o.pos")
        conn.execute("COMMIT")
    finally:
        conn.close()


MERGE_STEPS = {
    "names": 0.05, "events in order": 1.0, "positions": 0.25, "links to actors": 2.2,
    "links to sources": 1.25, "links to tags": 0.05, "casualties": 0.2,
    "indexes": 0.3 * INDEX_COUNT, "full-text index": 0.5,
}
"""What follows the reading, and each step's usual share of its time (seconds at a million
ACLED rows: the full-text index is built alongside, and mostly waited for at the end)."""


class MergeProgress:
    """Turns the steps of the merge into stages of a progress sink, with the fraction of
    the merge each has reached."""

    def __init__(self, progress: ProgressSink) -> None:
        self.progress = progress
        """Hears each step as a stage, with the fraction of the merge done."""
        self.done = 0.0
        self.current: str | None = None
        self.total = sum(MERGE_STEPS.values())

    def __call__(self, what: str) -> None:
        if self.current is not None:
            share = MERGE_STEPS[self.current]
            self.done += share / INDEX_COUNT if self.current == "indexes" else share
        self.current = what
        self.progress.stage(what, clamped(self.done / self.total))
