"""The store's tables, columns and order are written once, in model/store/schema.py: every
store (built in one process, merged from parts, cached) has exactly its tables and columns,
and the builder, the merge and the reader take their column lists from it."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from model import loading
from model.dataset import load_dataset
from model.store import EventStore, read, schema
from model.store.build import StoreBuilder

ROOT = Path(__file__).resolve().parents[2]
SIRTE = ROOT / "data" / "sirte-2016.toml"
ACLED = ROOT / "tests" / "fixtures" / "acled" / "acled-2016-all-africa-libya-jan-may.csv"


def _columns(conn: sqlite3.Connection, table: str) -> tuple[str, ...]:
    return tuple(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))


def _assert_schema(conn: sqlite3.Connection) -> None:
    for table in schema.TABLES:
        assert _columns(conn, table.name) == table.names, table.name
    tables = {name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    known = {t.name for t in schema.TABLES} | {"span_stats", "meta"}  # meta: the cache's
    text = {name for name in tables if name.startswith(schema.TEXT_TABLE)}
    assert tables - text <= known, tables - text - known


def test_a_store_built_from_events_has_the_schema_tables_and_columns() -> None:
    dataset = load_dataset(SIRTE)
    store = EventStore.from_events(dataset.events, dataset.info)
    _assert_schema(store.conn)
    assert _columns(store.conn, schema.TEXT_TABLE) == schema.TEXT_COLUMNS


@pytest.mark.parametrize("parallel", [False, True], ids=["one process", "in parts"])
def test_an_imported_store_has_the_schema_tables_and_columns(
        parallel: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0 if parallel else 1 << 40)
    source = tmp_path / ACLED.name
    shutil.copyfile(ACLED, source)
    opened = loading.open_path(source)
    opened.store.wait_until_built()
    _assert_schema(opened.store.conn)


def test_the_builder_inserts_whole_rows_in_the_schema_order() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    builder = StoreBuilder(conn)
    tables = (schema.EVENTS, *schema.LINKS, schema.CASUALTIES)
    assert builder._inserts == {t.name: t.insert() for t in tables}
    assert builder.places.insert == schema.PLACES.insert()


def test_the_reader_selects_the_schema_read_columns() -> None:
    assert read._READ == ", ".join(f"e.{name}" for name in schema.READ_COLUMNS)
    assert set(schema.READ_COLUMNS) <= set(schema.EVENTS.names)


def test_the_chronological_order_is_columns_of_the_events_table() -> None:
    assert set(schema.CHRONOLOGICAL_ORDER) <= set(schema.EVENTS.names)
    assert schema.CHRONOLOGICAL == "ORDER BY " + ", ".join(schema.CHRONOLOGICAL_ORDER)


def test_a_placeholder_row_fills_every_column_that_needs_a_value() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(schema.EVENTS.create())
    conn.execute(*schema.placeholder(schema.EVENTS, pos=-1, aid=-1))
    assert conn.execute("SELECT pos, aid, id, kind, zeros FROM events").fetchall() == \
        [(-1, -1, "", "", 0)]


def test_an_unknown_column_is_refused() -> None:
    with pytest.raises(ValueError, match="events has no column colour"):
        schema.EVENTS.insert(("pos", "colour"))


_TABLE_NAMES = "|".join(re.escape(t.name) for t in schema.TABLES)
_WRITTEN_AGAIN = [
    re.compile(rf"CREATE TABLE (IF NOT EXISTS )?({_TABLE_NAMES})\b"),
    re.compile(rf"INSERT INTO ({_TABLE_NAMES}) \((?!\{{)[a-z_]+, [a-z_]+"),  # a column list by hand
    # The order or the texts written out in SQL.
    re.compile(r"(SELECT|ORDER BY|INSERT|CREATE).*\b(earliest|aid), (precision|latest), "),
    re.compile(r"(SELECT|INSERT|CREATE).*\btitle, notes, quotes\b"),
]


def test_no_store_module_writes_the_schema_again() -> None:
    """A table, a column list or the order written out by hand, outside schema.py."""
    found = []
    for path in sorted((ROOT / "model").rglob("*.py")):
        if path.name == "schema.py" and path.parent.name == "store":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(rule.search(line) for rule in _WRITTEN_AGAIN):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
