"""Formats whose files are tables of one event per row (ACLED, UCDP GED), read one way.

A `CsvFormat` says what sets its files apart and how a row becomes an event; `read_table`
reads a file of it row by row (the one-process import), and `model.store.bulk` reads big
ones in parts with the same row readers, so both give the same events, skips and notes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.importers.acled_actors import Finish, gather
from model.importers.common import ImportContext, ImportNote, Record, SkippedRow
from model.importers.csvsource import Columns, read_header, walk_rows, width_problem
from model.importers.jsondoc import open_records
from model.validation import DataError, Problem


@dataclass(frozen=True, slots=True)
class CsvFormat:
    """What is needed to know of one table format to read its files."""

    name: str
    aliases: dict[str, str]
    required: str
    """A column every file of the format has (the header is checked for it)."""
    describe: Callable[[Path], tuple[str, str]]
    """The title and description of a dataset imported from a file."""
    not_this: Callable[[Columns | None], str]
    """Why a file whose header lacks `required` (or that has no header) is refused."""
    reader: Callable[[Columns], Any]
    """Builds the row reader: `.event(fields, line)` gives an Event or a SkippedRow."""
    notes: Callable[[Any, int], list[ImportNote]]
    """What the reader noted about the row it read last."""
    fast: bool = False
    """The reader's `index(fields, line, checked=...)` reads plain rows straight into the
    store's indexed form (ACLED); without it a big file's rows are all read in full."""
    misfit: Callable[[list[str], Columns], str | None] | None = None
    """Why a row's field count does not fit its columns; by default `width_problem`."""
    gathers: Callable[[Any], Finish | None] | None = None
    """For a reader of a file whose events take several rows (ACLED's one row per actor),
    what makes the event of its rows (see `model.importers.acled_actors`); else None."""

    def row_misfit(self, fields: list[str], columns: Columns) -> str | None:
        """Why this row's field count does not fit the columns, or None."""
        if self.misfit is not None:
            return self.misfit(fields, columns)
        return width_problem(fields, columns.width)


def read_table(ctx: ImportContext, kind: CsvFormat) -> Iterator[Record]:
    """Every row of a file of this format (CSV, or JSON from its API) as an Event or a
    SkippedRow, each followed by what its reader noted."""
    source = open_records(ctx.path)
    title, description = kind.describe(ctx.path)
    ctx.title = ctx.title or title
    ctx.description = ctx.description or description
    records = source.records()
    columns, skipped = read_header(records, kind.aliases)
    yield from skipped
    if columns is None or kind.required not in columns:
        raise DataError(str(ctx.path), [Problem("", kind.not_this(columns))])
    row = kind.reader(columns)

    def convert(line: int, fields: list[str]) -> Iterator[Record]:
        problem = kind.row_misfit(fields, columns)
        if problem:
            yield SkippedRow(line, problem)
            return
        yield row.event(fields, line)
        yield from kind.notes(row, line)

    rows = walk_rows(ctx, source, records, convert)
    finish = kind.gathers(row) if kind.gathers is not None else None
    yield from rows if finish is None else gather(ctx, rows, finish)
