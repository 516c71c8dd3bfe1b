"""CSV cells that no spreadsheet runs as a formula, and their text read back.

A spreadsheet opening a CSV file reads a cell that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return as a formula (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`). As OWASP recommends
for CSV export, such a cell is written with a single quote in front (`'=HYPERLINK(...)`),
which spreadsheets read as "this is text". A plain number (`-12.5`, a longitude) is left as
it is: it is no formula, and it must stay a number.

So that Dateline's own file reads back to the same text, a cell that already begins with
quotes followed by one of those characters (`'=x`) gains one quote too, in both modes (it is
no formula either way); reading a file Dateline wrote (`WRITTEN_BY_DATELINE`, a column of
its header), one leading quote is taken from each cell of that form. Writing and reading
are exact inverses.
"""

from __future__ import annotations

import re

FORMULA_START = "=+-@\t\r"
"""The first characters that make a spreadsheet read a cell as a formula (OWASP)."""
WRITTEN_BY_DATELINE = "dateline_kind"
"""The column only Dateline's CSV export writes: a file with it had its cells quoted here."""

_QUOTED = re.compile(f"'+[{re.escape(FORMULA_START)}]")
_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")

NEUTRALISED = ("a formula written as text, with a ' in front of its first =, +, -, @, tab or "
               "carriage return (--raw-cells writes them as they are)")


def written_cell(text: str, *, raw: bool = False) -> tuple[str, bool]:
    """A cell as written, and whether it was neutralised (a formula made text).

    With `raw`, a formula is written as it is; only a cell already quoted in front of one
    gains its quote, so that the file still reads back the same."""
    first = text[:1]
    if first == "'":
        return ("'" + text if _QUOTED.match(text) else text), False
    if first and first in FORMULA_START and not raw and not _NUMBER.fullmatch(text):
        return "'" + text, True
    return text, False


def read_cell(text: str) -> str:
    """The text of a cell `written_cell` wrote: one leading quote taken off a quoted
    formula."""
    return text[1:] if text[:1] == "'" and _QUOTED.match(text) else text


def read_cells(fields: list[str]) -> list[str]:
    """Every cell of a row of a file Dateline wrote, read back."""
    if not any(f[:1] == "'" for f in fields):
        return fields
    return [read_cell(f) for f in fields]
