"""Reading events back from the rows of the CSV file a store was imported from (a big import
keeps only where each row is: byte offset, line, length).
"""

from __future__ import annotations

import csv
import io
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from model.event import Event
from model.importers.common import (
    with_id,
)
from model.importers.csvsource import (
    Columns,
    latin_text,
)
from model.store.plan import FORMATS
from model.validation import DataError, Problem


class CsvRows:
    """Reads events back from the rows of the CSV file a store was imported from.

    The file is held open from the start, so a file replaced or deleted later (a new
    download saved over it) still reads as imported; a file changed in place is noticed and
    reported, never misread.
    """

    def __init__(self, path: Path, size: int, mtime_ns: int, header: Sequence[str],
                 delimiter: str, latin: Sequence[Sequence[int]], format: str = "acled"
                 ) -> None:
        self.path, self.size, self.mtime_ns = path, size, mtime_ns
        self.header, self.delimiter, self.format = list(header), delimiter, format
        self.latin = [(int(a), int(b)) for a, b in latin]
        """Byte ranges read as Latin-1 on import (from a part's first line not in UTF-8)."""
        kind = FORMATS[format]
        self._reader = kind.reader(Columns(self.header, kind.aliases))
        self._lock = threading.Lock()
        self._stream = open(path, "rb")  # noqa: SIM115 - held for the store's lifetime
        if self._stamp() != (size, mtime_ns):
            self._stream.close()
            raise self._changed("has changed")

    def _stamp(self) -> tuple[int, int]:
        stat = os.fstat(self._stream.fileno())
        return stat.st_size, stat.st_mtime_ns

    def close(self) -> None:
        """Let go of the file."""
        with self._lock:
            self._stream.close()

    def describe(self) -> dict[str, Any]:
        """What `from_description` needs to read the file again (kept in the cache entry)."""
        return {"format": self.format, "header": self.header, "delimiter": self.delimiter,
                "latin": [list(r) for r in self.latin]}

    @classmethod
    def from_description(cls, path: Path, size: int, mtime_ns: int,
                         described: dict[str, Any]) -> CsvRows:
        """The reader `describe` described (OSError or DataError when the file is not the
        one imported)."""
        return cls(path, size, mtime_ns, described["header"], described["delimiter"],
                   described.get("latin", []), described.get("format", "acled"))

    forget: Callable[[], None] | None = None
    """Removes the cache entry that reads through this (set by whoever opened it): a file
    changed in place under the same size and time would match it for ever."""

    def _changed(self, why: str) -> DataError:
        if self.forget is not None:
            self.forget()
        return DataError(str(self.path), [Problem(
            "", f"{why} since it was imported; its cache entry has been removed: open it "
                "again to import it anew")])

    def events(self, refs: Sequence[Sequence[Any]]) -> Iterator[Event]:
        """The events for (byte offset, line, length, id) references, in the same order."""
        out: list[Event] = []
        with self._lock:
            stream = self._stream
            if stream.closed:
                raise ValueError("the store is closed")
            if self._stamp() != (self.size, self.mtime_ns):
                raise self._changed("has changed")
            for offset, line, length, event_id in refs:
                stream.seek(offset)
                raw = stream.read(length)
                if any(a <= offset < b for a, b in self.latin):
                    text = latin_text(raw)
                else:
                    try:
                        text = raw.decode("utf-8")
                    except UnicodeDecodeError:
                        raise self._changed("has changed") from None
                fields = next(csv.reader(io.StringIO(text, newline="\n"),
                                         delimiter=self.delimiter), None)
                event = self._reader.event(fields, line) if fields else None
                if not isinstance(event, Event):
                    raise self._changed(f"line {line} has changed")
                event = with_id(event, event_id)
                out.append(event)
        return iter(out)
