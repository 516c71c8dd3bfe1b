"""Exporters: events written as TimelineJS JSON, ACLED-style CSV or a Dateline TOML dataset.

Each writer takes an iterable of events (consumed once, in order) and a binary or text
stream, and returns how many events it wrote. What a writer could not write as the event
holds it (a figure the format has no place for, a mark a view cannot keep) it counts in the
export's one `ExportReport`, by why, never silently.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from model.text import counted

EXPORT_FORMATS = ("toml", "timelinejs", "csv")


@dataclass
class ExportReport:
    """How many rows (slides, events) an export wrote otherwise than the events hold them,
    and why: one report for the whole export, filled by every writer it runs and said once
    (on stderr by `dateline export`, in the explorer's notice when the export ends)."""

    changed: dict[tuple[str, str], int] = field(default_factory=dict)
    """(what was changed: "row", "slide", "marked event", "cell", "URL"; why) -> how many."""

    def note(self, why: str, *, what: str = "row", count: int = 1) -> None:
        """Count `count` rows changed for one reason."""
        self.changed[what, why] = self.changed.get((what, why), 0) + count

    def lines(self) -> list[str]:
        """"3 rows: fatalities left empty (only cumulative figures, written in notes)", one
        line per reason, in the order they were first met."""
        return [f"{counted(n, what)}: {why}" for (what, why), n in self.changed.items()]


@contextlib.contextmanager
def as_text(stream: IO[Any]) -> Iterator[IO[str]]:
    """The stream as text: itself if it is text, else a UTF-8 wrapper detached afterwards."""
    if isinstance(stream, io.TextIOBase):
        yield stream
        stream.flush()
        return
    wrapper = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()
