"""Progress on standard error for the command line: the progress sinks of an import (or
a big dataset read in parts) and of an export, as lines said at most twice a second."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from model.text import counted, safe_text


class _StderrLine:
    """A progress line on standard error: said at most twice a second, and only once the
    work has taken half a second (a small file says nothing); rewritten in place on a
    terminal, a line each time in a log."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def _due(self, now: float) -> bool:
        return now - self.last >= 0.5 and now - self.started >= 0.5

    def _left(self, done: int, total: int, now: float) -> float:
        """Seconds left at the rate so far."""
        rate = done / max(1e-6, now - self.started)
        return (total - done) / rate if rate > 0 else 0

    def _say(self, text: str, now: float) -> None:
        self.last = now
        sys.stderr.write(text + ("\r" if sys.stderr.isatty() else "\n"))
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        """End the progress line."""
        if self.shown and sys.stderr.isatty():
            sys.stderr.write("\n")


class StderrProgress(_StderrLine):
    """Import progress on standard error, for big files only."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.unit = "rows"
        """What the reading counts: rows to import, or "events" of a big dataset or view
        file (said by the reading itself, as to the explorer's loading dialog)."""
        self.said = ""

    @property
    def verb(self) -> str:
        return "reading" if self.unit == "events" else "importing"

    def read(self, done: int, total: int, records: int, unit: str = "rows") -> None:
        """How far the reading got (in bytes): a line at most twice a second."""
        self.unit = unit
        now = time.monotonic()
        if self.shown and done >= total > 0:
            # Reading is over; sorting and indexing follow and take a while on big files.
            sys.stderr.write(safe_text(f"{self.verb} {self.path}: read, indexing\u2026").ljust(72)
                             + "\n")
            sys.stderr.flush()
            self.shown = False
            return
        if not self._due(now) or total <= 0:
            return
        self._say(safe_text(
            f"{self.verb} {self.path}: {100 * done / total:3.0f}% ({done >> 20} of "
            f"{total >> 20} MB, about {self._left(done, total, now):.0f} s left)"), now)

    def stage(self, name: str, fraction: float) -> None:
        """How far the work after the reading has got."""
        now = time.monotonic()
        if not self._due(now):
            return
        text = safe_text(f"{self.verb} {self.path}: indexing {100 * fraction:3.0f}% ({name})")
        if text == self.said:
            return  # a log gets a line when something changed
        self.said = text
        self._say(text.ljust(72), now)


class ExportProgress(_StderrLine):
    """Export progress on standard error (a progress sink whose only stage is writing)."""

    def __init__(self, target: str, total: int) -> None:
        super().__init__()
        self.target, self.total = target, total

    def read(self, done: int, total: int, records: int, unit: str = "events") -> None:
        """How many events are out (of the total counted before the export began)."""
        now = time.monotonic()
        if not self._due(now) or self.total <= 0:
            return
        self._say(safe_text(
            f"exporting to {self.target}: {100 * done / self.total:3.0f}% ({counted(done)} of "
            f"{counted(self.total, 'event')}, about {self._left(done, self.total, now):.0f} s left)"
        ).ljust(72), now)

    def stage(self, name: str, fraction: float) -> None:
        """An export has no stage after its events."""
