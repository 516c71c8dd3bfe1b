"""A query's tree (`model.query`) as SQL over the store's schema: a WHERE clause over
`events AS e`, its parameters, and what it needs of a store still being built.

Every value travels as a parameter: the SQL is made only of fixed words (a test holds it
to that). The tables and columns are the schema's (`model.store.schema`); what is written
differently by another SQL engine is the dialect's.
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Callable
from dataclasses import dataclass

from model.codec import ZERO_BIT
from model.event import CasualtyScope
from model.query import (
    And,
    Corroborated,
    DateMode,
    DateTerm,
    FieldTerm,
    Node,
    Not,
    NumberTerm,
    Or,
    Query,
    ScopeTerm,
    TextTerm,
)
from model.store.schema import TEXT_TABLE
from model.text import fold


@dataclass(frozen=True, slots=True)
class Dialect:
    """What one SQL engine writes its own way: a full-text match, and "a name like any of
    these" (a list of values is one parameter, so that no number of values makes the SQL
    too deep to run, as a chain of ORs would)."""

    name: str
    text_match: str
    """Positions whose text matches the one parameter (a phrase, or a phrase prefix)."""
    like_one: str
    like_any: str
    """`norm` like the one parameter; like any of the JSON list that is the parameter."""
    in_list: str
    """"Is one of the JSON list that is the parameter" (ids: a view may mark thousands)."""


SQLITE = Dialect(
    "sqlite",
    text_match=f"e.pos IN (SELECT rowid FROM {TEXT_TABLE} WHERE {TEXT_TABLE} MATCH ?)",
    like_one="norm LIKE ? ESCAPE '\\'",
    like_any="EXISTS (SELECT 1 FROM json_each(?) AS v WHERE norm LIKE v.value ESCAPE '\\')",
    in_list="IN (SELECT value FROM json_each(?))",
)
"""The one engine today (see docs/architecture.md for others)."""


@dataclass(frozen=True, slots=True)
class Compiled:
    """A query as SQL: the WHERE clause over `events AS e`, its parameters, and the parts
    of a store built later that it reads (`model.store.schema.BUILT_LATER`: "links",
    "casualties", "text"), so a store still building knows what to wait for."""

    where: str
    params: tuple[object, ...] = ()
    needs: frozenset[str] = frozenset()


MATCH_EVERYTHING = Compiled("1")


@functools.lru_cache(maxsize=512)
def compile_query(query: Query, dialect: Dialect = SQLITE) -> Compiled:
    """The SQL of a parsed query (the same query compiles once)."""
    if query.root is None:
        return MATCH_EVERYTHING
    written = _Written(dialect)
    where = _compile(query.root, written)
    return Compiled(where, tuple(written), frozenset(_needs(query.root)))


def _needs(node: Node) -> set[str]:
    if isinstance(node, (And, Or)):
        return set().union(*(_needs(item) for item in node.items))
    if isinstance(node, Not):
        return _needs(node.item)
    if isinstance(node, TextTerm):
        return {"text"}
    if isinstance(node, (NumberTerm, ScopeTerm)):
        return {"casualties"}
    if isinstance(node, FieldTerm) and node.field in ("actor", "source", "tag"):
        return {"links"}
    return set()


class _Written(list[object]):
    """The parameters of the SQL being written, in order, and the dialect it is written in."""

    def __init__(self, dialect: Dialect) -> None:
        super().__init__()
        self.dialect = dialect


def _like(value: str) -> str:
    escaped = fold(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(text: str, *, prefix: bool) -> str:
    # FTS5 reads its query as a C string: a NUL would end it inside the quotes.
    quoted = '"' + text.replace("\x00", " ").replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def _compile(node: Node, params: _Written) -> str:
    if isinstance(node, And):
        return "(" + " AND ".join(_compile(item, params) for item in node.items) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(_compile(item, params) for item in node.items) + ")"
    if isinstance(node, Not):
        if isinstance(node.item, DateTerm) and node.item.mode is DateMode.OVERLAP:
            return _compile_outside(node.item, params)
        return f"(NOT {_compile(node.item, params)})"
    if isinstance(node, TextTerm):
        params.append(_fts_phrase(node.text, prefix=not node.phrase))
        return params.dialect.text_match
    if isinstance(node, FieldTerm):
        return _compile_field(node, params)
    if isinstance(node, ScopeTerm):
        params.append(node.scope.value)
        sql = "e.pos IN (SELECT c.pos FROM casualties c WHERE c.scope = ?)"
        return f"(e.zeros != 0 OR {sql})" if node.scope is CasualtyScope.INCIDENT else sql
    if isinstance(node, DateTerm):
        return _compile_date(node, params)
    if isinstance(node, Corroborated):
        return _compile_corroborated(node, params)
    assert isinstance(node, NumberTerm)
    zero = node.scope in (None, CasualtyScope.INCIDENT) and _COMPARE[node.op](0, node.value)
    if zero:
        params.append(ZERO_BIT[node.type.value])
    params.extend((node.type.value, node.value))
    sql = f"c.type = ? AND c.count {node.op} ?"
    if node.scope is not None:
        params.append(node.scope.value)
        sql += " AND c.scope = ?"
    sql = f"e.pos IN (SELECT c.pos FROM casualties c WHERE {sql})"
    return f"((e.zeros & ?) != 0 OR {sql})" if zero else sql


_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "=": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt,
    ">=": operator.ge, "!=": operator.ne}


# Events are stored in order of their earliest day, so a bound on the earliest day is a bound
# on the position, found with one index seek; SQLite then scans only that range of rows
# instead of the whole table. A bound on the latest day becomes one on the earliest day
# through the longest span in the store (span_stats). The exact day conditions stay as well.
_FIRST_POS = ("coalesce((SELECT pos FROM events WHERE earliest {op} ? ORDER BY earliest, pos "
              "LIMIT 1), 9223372036854775807)")


_FIRST_POS_SPAN = ("coalesce((SELECT pos FROM events WHERE earliest >= ? - (SELECT max_span "
                   "FROM span_stats) ORDER BY earliest, pos LIMIT 1), 9223372036854775807)")


def _compile_date(node: DateTerm, params: _Written) -> str:
    first, last = node.earliest.toordinal(), node.latest.toordinal()
    starts_by = f"e.pos < {_FIRST_POS.format(op='>')}"  # earliest <= last
    starts_from = f"e.pos >= {_FIRST_POS.format(op='>=')}"  # earliest >= first
    reaches = f"e.pos >= {_FIRST_POS_SPAN}"  # may reach `first` or later
    if node.mode is DateMode.OVERLAP:
        params.extend((last, first, last, first))
        return f"({starts_by} AND {reaches} AND e.earliest <= ? AND e.latest >= ?)"
    if node.mode is DateMode.WITHIN:
        params.extend((first, last, first, last))
        return f"({starts_from} AND {starts_by} AND e.earliest >= ? AND e.latest <= ?)"
    if node.mode is DateMode.AFTER:
        params.extend((last + 1, last))
        return f"({reaches} AND e.latest > ?)"
    params.extend((first, first))
    return f"(e.pos < {_FIRST_POS.format(op='>=')} AND e.earliest < ?)"


def _compile_outside(node: DateTerm, params: _Written) -> str:
    # "not date:X": events that end before X or start after it, each found through its own
    # index, so the rows inside X (often most of the data) are never scanned.
    first, last = node.earliest.toordinal(), node.latest.toordinal()
    params.extend((first, last))
    return ("e.pos IN (SELECT pos FROM events WHERE latest < ? "
            "UNION ALL SELECT pos FROM events WHERE earliest > ?)")


def _likes(values: tuple[str, ...], params: _Written) -> str:
    """`norm` holding any of the values: a list travels as one JSON parameter, so that no
    number of values makes SQL too deep to run (a chain of ORs would)."""
    if len(values) == 1:
        params.append(_like(values[0]))
        return params.dialect.like_one
    params.append(json.dumps([_like(v) for v in values]))
    return params.dialect.like_any


def _compile_field(node: FieldTerm, params: _Written) -> str:
    values = node.values
    marks = ", ".join("?" for _ in values)
    if node.field in ("kind", "certainty"):
        params.extend(values)
        return f"e.{node.field} IN ({marks})"
    if node.field == "id":
        params.append(json.dumps(list(values)))
        return f"e.id {params.dialect.in_list}"
    if node.field == "tag":
        params.extend(fold(v) for v in values)
        return ("e.pos IN (SELECT et.pos FROM event_tags et JOIN tags t "
                f"ON t.tag_id = et.tag_id WHERE t.norm IN ({marks}))")
    if node.field == "file":
        return _files(values, params)
    likes = _likes(values, params)
    if node.field == "actor":
        return ("e.pos IN (SELECT ea.pos FROM event_actors ea WHERE ea.actor_id IN "
                f"(SELECT actor_id FROM actors WHERE {likes}))")
    if node.field == "category":
        return (f"(e.category_id IS NOT NULL AND e.category_id IN "
                f"(SELECT category_id FROM categories WHERE {likes}))")
    if node.field == "place":
        # An event without a place has a NULL place_id: without the guard, "IN" is NULL for
        # it and "-place:x" would drop it instead of matching it.
        return (f"(e.place_id IS NOT NULL AND e.place_id IN "
                f"(SELECT place_id FROM places WHERE {likes}))")
    assert node.field == "source"
    return ("e.pos IN (SELECT es.pos FROM event_sources es WHERE es.name_id IN "
            f"(SELECT name_id FROM source_names WHERE {likes}))")


def _compile_corroborated(node: Corroborated, params: _Written) -> str:
    """In a cluster (`clusters`), and for `by`, with an event of one of those files."""
    if not node.by:
        return "e.pos IN (SELECT pos FROM clusters)"
    files = _files(node.by, params).replace("e.source", "o.source")
    return ("e.pos IN (SELECT c1.pos FROM clusters c1 JOIN clusters c2 ON c2.cluster = "
            f"c1.cluster AND c2.pos != c1.pos JOIN events o ON o.pos = c2.pos WHERE {files})")


def _files(values: tuple[str, ...], params: _Written) -> str:
    """The events of the files named: a value that is a file's tag names that file alone
    ("AC", not every file whose name holds "ac"); any other, the files whose name holds it."""
    named = []
    for value in values:
        params.extend((value.upper(), value.upper(), _like(value)))
        named.append("tag = ? OR (? NOT IN (SELECT tag FROM files) AND norm LIKE ? "
                     "ESCAPE '\\')")
    return f"e.source IN (SELECT source FROM files WHERE {' OR '.join(named)})"
