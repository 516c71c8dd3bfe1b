"""The cache folder's files: entries named by their source's stamp, builds in progress named
by a small typed record (`BuildFile`), and listing, cleaning and clearing them.

    KEY.dateline-store                  an entry (KEY: hash of the source's stamp)
    KEY.dateline-text                   the full-text index some entries have beside them
    KEY.TOKEN.PID.building              an entry being built by process PID
    KEY.TOKEN.ROLE.PID.building         its text index ("text"), its note ("about"), its parts

Every name of a build ends in its builder's PID, so the files of a process that is gone are
found and removed (`clean_stale`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.codec import BODY_VERSION
from model.safe_write import pid_alive
from model.store.connect import new_connection, readonly_uri

SCHEMA_VERSION = f"2.{BODY_VERSION}"
SUFFIX = ".dateline-store"
TEXT_SUFFIX = ".dateline-text"
"""A full-text index built beside the store by a parallel import (model.store.bulk)."""
BUILDING = ".building"


def cache_dir() -> Path:
    """Where cached stores live."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dateline"
TEXT = "text"
ABOUT = "about"
"""The roles of a build's other files: its full-text index, and the note naming its source."""


@dataclass(frozen=True, slots=True)
class BuildFile:
    """The name of a file of a build in progress: `KEY.TOKEN[.ROLE].PID.building`. The token
    tells apart two builds of one entry at once (a file opened again while its first import
    still builds in the background)."""

    key: str
    token: str
    pid: int
    role: str = ""
    """"" for the store itself, TEXT, ABOUT, or a part's name."""

    @property
    def name(self) -> str:
        role = f".{self.role}" if self.role else ""
        return f"{self.key}.{self.token}{role}.{self.pid}{BUILDING}"

    def as_(self, role: str) -> BuildFile:
        """The name of another file of the same build."""
        return BuildFile(self.key, self.token, self.pid, role)

    @classmethod
    def new(cls, key: str) -> BuildFile:
        """A build of this process, of the entry named `key`."""
        return cls(key, os.urandom(4).hex(), os.getpid())

    @classmethod
    def parse(cls, name: str) -> BuildFile | None:
        """The record of a file name, or None when it is not the name of a build."""
        if not name.endswith(BUILDING):
            return None
        head, _, pid = name.removesuffix(BUILDING).rpartition(".")
        key, _, rest = head.partition(".")
        token, _, role = rest.partition(".")
        if not (pid.isdigit() and key):
            return None  # (no token: a build named as earlier versions named them)
        return cls(key, token, int(pid), role)


@dataclass(frozen=True, slots=True)
class SourceStamp:
    """What identifies a source file's version without reading it."""

    path: str
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> SourceStamp:
        """The stamp of a file as it is now."""
        stat = path.stat()
        return cls(str(path.resolve()), stat.st_size, stat.st_mtime_ns)

    @property
    def key(self) -> str:
        """The cache entry's name."""
        text = f"{SCHEMA_VERSION}\0{self.path}\0{self.size}\0{self.mtime_ns}"
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One cached store, as `dateline cache list` shows it."""

    file: Path
    source: str
    events: int
    bytes: int
    created: float
    current: bool
    """False when the source has changed or gone since (the entry will not be used)."""
    damaged: bool = False
    """Its metadata cannot be read (it will not be used; `clear` removes it)."""


@dataclass(frozen=True, slots=True)
class BuildInProgress:
    """A cache entry a running process is still building, as `dateline cache list` shows it."""

    name: str
    source: str
    pid: int
    started: float
    bytes: int


def read_meta(conn: sqlite3.Connection) -> dict[str, Any]:
    """An entry's metadata; sqlite3.DatabaseError or ValueError when it is damaged."""
    meta = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM meta")}
    stamp = meta.get("stamp")
    if not (isinstance(stamp, list) and len(stamp) == 3 and isinstance(stamp[0], str)
            and all(isinstance(n, int) for n in stamp[1:])):
        raise ValueError("its source stamp is not a path, a size and a time")
    for key, kind in (("events", int), ("created", (int, float))):
        if key in meta and not isinstance(meta[key], kind):
            raise ValueError(f"its {key} is not a number")
    return meta


def forget(entry: Path) -> None:
    """Remove an entry's files (the store last, as it was made)."""
    for item in reversed(entry_files(entry)):
        with contextlib.suppress(OSError):
            item.unlink(missing_ok=True)


def clean_stale(folder: Path) -> None:
    """Remove half-built entries whose builder process is gone."""
    with contextlib.suppress(OSError):
        for item in folder.glob(f"*{BUILDING}"):
            name = BuildFile.parse(item.name)
            if name is not None and not pid_alive(name.pid):
                with contextlib.suppress(OSError):
                    item.unlink()


def entry_files(entry: Path) -> list[Path]:
    """The files of a cache entry: the store, and the full-text index some have beside it."""
    return [entry, entry.with_name(entry.name.removesuffix(SUFFIX) + TEXT_SUFFIX)]


def entries() -> Iterator[CacheEntry]:
    """Every cache entry, oldest first (half-built ones of processes gone are removed)."""
    folder = cache_dir()
    if not folder.is_dir():
        return
    clean_stale(folder)
    found = []
    for item in folder.glob(f"*{SUFFIX}"):
        damaged = False
        try:
            conn = new_connection(readonly_uri(item), uri=True)
            try:
                meta = read_meta(conn)
            finally:
                conn.close()
        except (sqlite3.DatabaseError, ValueError):
            meta, damaged = {}, True
        stamp = meta.get("stamp") or ["?", 0, 0]
        try:
            now = SourceStamp.of(Path(stamp[0]))
            current = [now.path, now.size, now.mtime_ns] == stamp and not damaged
        except OSError:
            current = False
        size = 0
        for f in entry_files(item):
            with contextlib.suppress(OSError):
                size += f.stat().st_size
        found.append(CacheEntry(item, stamp[0], int(meta.get("events", 0)), size,
                                float(meta.get("created", 0.0)), current, damaged))
    yield from sorted(found, key=lambda entry: entry.created)


def builds() -> list[BuildInProgress]:
    """The entries running processes are building now, oldest first (half-built ones of
    processes gone are removed)."""
    folder = cache_dir()
    if not folder.is_dir():
        return []
    clean_stale(folder)
    found = []
    for note in folder.glob(f"*.{ABOUT}.*{BUILDING}"):
        name = BuildFile.parse(note.name)
        if name is None or name.role != ABOUT:
            continue  # not a note of ours
        try:
            about = json.loads(note.read_text(encoding="utf-8"))
            source, started = str(about["source"]), float(about["started"])
        except (OSError, ValueError, KeyError, TypeError):
            source, started = "?", 0.0  # a note being written, or damaged
        size = 0
        for item in folder.glob(f"{name.key}.{name.token}.*"):
            with contextlib.suppress(OSError):
                size += item.stat().st_size
        found.append(BuildInProgress(f"{name.key}.{name.token}", source, name.pid, started,
                                     size))
    return sorted(found, key=lambda build: build.started)


def clear(*, only_stale: bool = False) -> int:
    """Delete cache entries (only those whose source changed or vanished, if asked).

    Builds still running are left alone; what dead processes left half-built goes."""
    removed = 0
    for entry in list(entries()):
        if only_stale and entry.current:
            continue
        forget(entry.file)
        removed += not entry.file.exists()
    folder = cache_dir()
    if folder.is_dir():
        clean_stale(folder)
        for text in folder.glob(f"*{TEXT_SUFFIX}"):  # an index whose store is gone
            if not text.with_name(text.name.removesuffix(TEXT_SUFFIX) + SUFFIX).exists():
                with contextlib.suppress(OSError):
                    text.unlink()
    return removed
