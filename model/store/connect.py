"""Connections to a store's database files: in memory, read-only, and for building.
"""

from __future__ import annotations

import sqlite3
import urllib.parse
from pathlib import Path


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
