"""The files of a store of several sources, and what matching found across them: written
once the store is built, read by the explorer and the command line.

A store of one file has one row in `files` (or none, for a store built before) and empty
`matches`, `clusters` and `misses`: every event is then neither corroborated nor missed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from model.store.schema import CLUSTERS, FILES, MATCHES, MISSES
from model.text import fold


@dataclass(frozen=True, slots=True)
class FileTag:
    """One of the files a store was opened from."""

    source: int
    tag: str
    """Two letters shown on its rows and in the legend ("SI", "AC")."""
    name: str
    """The file's name without its suffix ("sirte-2016")."""
    events: int
    title: str = ""
    """Its dataset's title."""
    path: str | None = None
    """Where it was opened from."""
    sha256: str | None = None
    """The sha256 of its bytes: the file's identity, which match decisions name."""


@dataclass(frozen=True, slots=True)
class SeenElsewhere:
    """The same event in another file: its position there, the score and the reasons."""

    position: int
    source: int
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NearestElsewhere:
    """For an event no other file corroborates: the nearest candidate in one other file
    (None: nothing there within the search) and the windows it missed."""

    source: int
    position: int | None
    days: int | None
    km: float | None
    why: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Corroboration:
    """What the other files say of one event."""

    matches: tuple[SeenElsewhere, ...]
    nearest: tuple[NearestElsewhere, ...]

    @property
    def corroborated(self) -> bool:
        return bool(self.matches)


NOTHING = Corroboration((), ())


@dataclass(frozen=True, slots=True)
class FileRecord:
    """What a store of several sources keeps of one of its files."""

    tag: str
    name: str
    title: str = ""
    path: str | None = None
    sha256: str | None = None


def record_files(conn: sqlite3.Connection, records: Sequence[FileRecord]) -> None:
    """Name the files a store of several sources holds, in source order."""
    conn.executemany(FILES.insert(), [(i, r.tag, r.name, fold(r.name), r.title, r.path,
                                       r.sha256) for i, r in enumerate(records)])


def record_matching(conn: sqlite3.Connection,
                    matches: Iterable[tuple[int, int, float, Sequence[str]]],
                    clusters: Iterable[Sequence[int]],
                    misses: Iterable[tuple[int, int, int | None, int | None, float | None,
                                           Sequence[str]]]) -> None:
    """Keep what matching found: matches (a, b, score, reasons), clusters of positions and
    misses (position, other source, nearest position, days, km, why)."""
    conn.execute("BEGIN")
    for table in (MATCHES, CLUSTERS, MISSES):  # what an earlier matching found is replaced
        conn.execute(f"DELETE FROM {table.name}")
    conn.executemany(MATCHES.insert(), [(min(a, b), max(a, b), score, json.dumps(list(r)))
                                        for a, b, score, r in matches])
    conn.executemany(CLUSTERS.insert(), [(pos, min(cluster)) for cluster in clusters
                                         for pos in cluster])
    conn.executemany(MISSES.insert(), [(pos, source, nearest, days, km, json.dumps(list(why)))
                                       for pos, source, nearest, days, km, why in misses])
    conn.execute("COMMIT")


def files(conn: sqlite3.Connection) -> tuple[FileTag, ...]:
    """The files of the store with how many events each holds (none named: one file)."""
    rows = conn.execute(
        "SELECT f.source, f.tag, f.name, (SELECT count(*) FROM events e "
        "WHERE e.source = f.source), f.title, f.path, f.sha256 FROM files f "
        "ORDER BY f.source").fetchall()
    return tuple(FileTag(*row) for row in rows)


def file_marks(conn: sqlite3.Connection, positions: Sequence[int]
               ) -> dict[int, tuple[int, bool]]:
    """For each of these positions, its source and whether another file corroborates it."""
    if not positions:
        return {}
    rows = conn.execute(
        "SELECT e.pos, e.source, c.pos IS NOT NULL FROM events e LEFT JOIN clusters c "
        "ON c.pos = e.pos WHERE e.pos IN (SELECT value FROM json_each(?))",
        (json.dumps(list(positions)),))
    return {pos: (source, bool(seen)) for pos, source, seen in rows.fetchall()}


def sources_of(conn: sqlite3.Connection, positions: Sequence[int]) -> dict[int, int]:
    """The source of each of these positions."""
    return {pos: source for pos, (source, _) in file_marks(conn, positions).items()}


def corroboration(conn: sqlite3.Connection, position: int) -> Corroboration:
    """The matches of the event at `position` in other files, else its nearest misses."""
    found = conn.execute(
        "SELECT CASE WHEN m.a = ? THEN m.b ELSE m.a END, m.score, m.reasons FROM matches m "
        "WHERE m.a = ? OR m.b = ? ORDER BY m.score DESC", (position,) * 3).fetchall()
    others = [other for other, _, _ in found]
    source = sources_of(conn, others)
    matches = tuple(SeenElsewhere(other, source[other], score, tuple(json.loads(reasons)))
                    for other, score, reasons in found)
    nearest = tuple(NearestElsewhere(src, near, days, km, tuple(json.loads(why)))
                    for src, near, days, km, why in conn.execute(
                        "SELECT source, nearest, days, km, why FROM misses WHERE pos = ? "
                        "ORDER BY source", (position,)).fetchall())
    return Corroboration(matches, nearest)


def cluster_of(conn: sqlite3.Connection, position: int) -> tuple[int, ...]:
    """Every position in the cluster of the event (itself alone when it has none)."""
    rows = conn.execute("SELECT c2.pos FROM clusters c1 JOIN clusters c2 "
                        "ON c2.cluster = c1.cluster WHERE c1.pos = ? ORDER BY c2.pos",
                        (position,)).fetchall()
    return tuple(pos for (pos,) in rows) or (position,)


def clusters(conn: sqlite3.Connection) -> tuple[tuple[int, ...], ...]:
    """Every cluster's positions, in order of their first event."""
    found: dict[int, list[int]] = {}
    for pos, cluster in conn.execute("SELECT pos, cluster FROM clusters ORDER BY cluster, pos"):
        found.setdefault(cluster, []).append(pos)
    return tuple(tuple(members) for members in found.values())
