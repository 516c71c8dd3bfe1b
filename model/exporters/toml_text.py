"""TOML text of the tables Dateline writes, byte for byte what `tomli_w.dumps` writes (its
1.x layout: the default options, four-space indents, arrays one item a line, an array of
tables inline when each fits in 100 columns), several times faster.

A dataset or view is written an event at a time, and `tomli_w` spent most of an event's
time escaping strings a character at a time in Python; here a string is escaped by one
`str.translate` over a table of the characters TOML's basic strings cannot hold, and the
rest is the same walk over the table with fewer calls. `tests/model/test_toml_text.py`
holds the two equal, byte for byte, over generated events and datasets.

Only what the dataset and view writers give is handled (strings, booleans, integers,
floats, dates and date-times, lists, and tables of these); anything else raises TypeError
as `tomli_w` does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

MAX_LINE_LENGTH = 100
"""An array of tables is written inline when each of its tables fits in this many columns."""
INDENT = "    "
_BARE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
_ESCAPES: dict[int, str] = {
    **{c: f"\\u{c:04x}" for c in (*range(32), 127) if c != 9},
    0x08: "\\b", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\",
}
"""What a basic string writes for each character it cannot hold (a tab stays itself)."""
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(map(chr, _ESCAPES))) + "]")
"""Any of them: most text has none, and a search is several times cheaper than a
translation."""


def _escaped(text: str) -> str:
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


def dumps(table: Mapping[str, Any]) -> str:
    """The TOML document of `table`, as `tomli_w.dumps(table)` writes it."""
    out: list[str] = []
    _write(table, "", False, out)
    return "".join(out)


def string(text: str) -> str:
    """A TOML basic string."""
    return f'"{_escaped(text)}"'


_KEYS: dict[str, str] = {}
"""Keys as written, by key: the same few field names come back in every event."""


def _key(part: str) -> str:
    written = _KEYS.get(part) if type(part) is str else None
    if written is not None:
        return written
    if not isinstance(part, str):
        raise TypeError(f"Invalid mapping key '{part}' of type '{type(part).__qualname__}'."
                        " A string is required.")
    written = part if part and _BARE.issuperset(part) else string(part)
    if len(_KEYS) < 4096:
        _KEYS[part] = written
    return written


def _is_aot(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and bool(value) and all(
        type(v) is dict or isinstance(v, Mapping) for v in value)


def _write(table: Mapping[str, Any], name: str, inside_aot: bool, out: list[str]) -> None:
    """Append the text of `table` (named `name`) to `out`: its heading, its values, then its
    tables, as tomli_w orders them."""
    literals: list[str] = []
    tables: list[tuple[str, Any, bool]] = []
    search, keys = _NEEDS_ESCAPE.search, _KEYS
    for k, v in table.items():
        key = keys.get(k) if type(k) is str else None
        if key is None:
            key = _key(k)
        kind = type(v)
        if kind is str:  # the common case first: most values are text
            literals.append(f'{key} = "{v.translate(_ESCAPES) if search(v) else v}"\n')
        elif kind is dict or (kind is not list and isinstance(v, Mapping)):
            tables.append((k, v, False))
        elif _is_aot(v):
            inline = []  # rendered once, written as it is if every one fits
            for t in v:
                fits = _inline_if_fits(t)
                if fits is None:
                    tables.extend((k, t, True) for t in v)
                    break
                inline.append(fits)
            else:
                items = ",\n".join(INDENT + r for r in inline)
                literals.append(f"{key} = [\n{items},\n]\n")
        else:
            literals.append(f"{key} = {_literal(v, 0)}\n")
    written = False
    if inside_aot or (name and (literals or not tables)):
        written = True
        out.append(f"[[{name}]]\n" if inside_aot else f"[{name}]\n")
    if literals:
        written = True
        out.extend(literals)
    for k, v, in_aot in tables:
        if written:
            out.append("\n")
        written = True
        part = _key(k)
        _write(v, f"{name}.{part}" if name else part, in_aot, out)


def _literal(value: Any, nest: int) -> str:
    kind = type(value)
    if kind is str:
        return f'"{value.translate(_ESCAPES) if _NEEDS_ESCAPE.search(value) else value}"'
    if kind is int or kind is float:
        return str(value)
    if isinstance(value, str):
        return f'"{_escaped(value)}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, dt.date)):  # (a datetime is a date)
        return str(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = INDENT * (nest + 1)
        items = ",\n".join(inner + _literal(item, nest + 1) for item in value)
        return f"[\n{items},\n{INDENT * nest}]"
    if isinstance(value, Mapping):
        return _inline(value)
    if isinstance(value, dt.time):
        if value.tzinfo:
            raise ValueError("TOML does not support offset times")
        return str(value)
    raise TypeError(f"Object of type '{type(value).__qualname__}' is not TOML serializable")


def _inline(table: Mapping[str, Any]) -> str:
    if not table:
        return "{}"
    return "{ " + ", ".join(f"{_key(k)} = {_literal(v, 0)}" for k, v in table.items()) + " }"


_INLINE_BESIDES = len(INDENT) + len("{  },")
"""The columns an inline table in an array takes besides its entries."""


def _inline_if_fits(table: Mapping[str, Any]) -> str | None:
    """The table inline when it fits on one line of an array (None: it does not), stopping
    as soon as it cannot: an event's table is never rendered whole only to be refused."""
    if not table:
        return "{}"
    parts: list[str] = []
    used = _INLINE_BESIDES - 2
    search, keys = _NEEDS_ESCAPE.search, _KEYS
    for k, v in table.items():
        kind = type(v)
        if (kind is list or kind is tuple) and v:
            return None  # an array of items is written one item a line
        key = keys.get(k) if type(k) is str else None
        if key is None:
            key = _key(k)
        if kind is str:
            piece = f'{key} = "{v.translate(_ESCAPES) if search(v) else v}"'
        else:
            piece = f"{key} = {_literal(v, 0)}"
        used += len(piece) + 2
        if used > MAX_LINE_LENGTH or "\n" in piece:
            return None
        parts.append(piece)
    return "{ " + ", ".join(parts) + " }"
