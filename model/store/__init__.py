"""The store: events in chronological order in SQLite, and the questions asked of them.

One package, each module one job (docs/architecture.md draws it):

    schema       tables, columns, indexes and the chronological order, written once
    connect      connections to a store's files
    build        the builder: events, or their indexed rows, into the tables
    building     what a store built in the background has ready, and waiting for the rest
    plan         cutting a big file into parts;  parts: one part, in its own process
    merge        the parts into one store;  bulk: the whole import in parts, on every core
    source_rows  a big import's rows read back from its file
    compile      a query's tree as SQL, with what it needs
    read         EventStore, the questions the explorer and the command line ask
    figures      casualty figures for a summary, read with SQL
    protocol     those questions as a typed protocol: the seam for another engine
    cache        entries on disk: opened, built, reopened
    entries      the cache folder's files, named by a typed record; listed, cleaned, cleared

The codec (an event as the store's row and body) is `model.codec`, below the importers.
"""

from __future__ import annotations

from model.store.read import EventStore, StoredEvent

__all__ = ["EventStore", "StoredEvent"]
