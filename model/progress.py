"""How long work says how far it got, and how it is asked to stop: one protocol for all of it.

Every long operation (opening a file, an import in parts, the building of a store after its
timeline shows, an export) takes a `ProgressSink` and a `CancelToken`. The sink hears two
kinds of report: how far the reading got (`read`: done of total, in bytes or slides, and how
many records that was), then the named stages of the work after it (`stage`: its name and the
fraction of all of it done). Whoever shows progress adapts the sink: the command line writes
a line on standard error, the explorer posts a message that replaces the one before it.
Nothing asks a sink or a token what it can do: both are complete protocols, with a null sink
and a token that is never cancelled for callers that do not listen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class ImportCancelled(Exception):
    """Work was stopped through its cancel token (nothing it was making is kept)."""


class ProgressSink(Protocol):
    """Hears how far long work has got."""

    def read(self, done: int, total: int, records: int, unit: str = "rows") -> None:
        """The reading has got `done` of `total` (bytes, or slides), `records` rows or
        events (`unit`) so far; `done >= total` says the reading is over."""
        ...

    def stage(self, name: str, fraction: float) -> None:
        """The work after the reading is at stage `name`, `fraction` (0 to 1) of it done."""
        ...


class NullProgress:
    """A sink nobody listens to."""

    def read(self, done: int, total: int, records: int, unit: str = "rows") -> None:
        """Nothing to say."""

    def stage(self, name: str, fraction: float) -> None:
        """Nothing to say."""


NULL_PROGRESS: ProgressSink = NullProgress()


@dataclass(frozen=True, slots=True)
class Read:
    """A report of the reading."""

    done: int
    total: int
    records: int
    unit: str = "rows"


@dataclass(frozen=True, slots=True)
class Stage:
    """A report of a stage after the reading."""

    name: str
    fraction: float


Report = Read | Stage


class RecordingProgress:
    """A sink that keeps every report, in order (for tests, and to replay)."""

    def __init__(self) -> None:
        self.reports: list[Report] = []

    def read(self, done: int, total: int, records: int, unit: str = "rows") -> None:
        self.reports.append(Read(done, total, records, unit))

    def stage(self, name: str, fraction: float) -> None:
        self.reports.append(Stage(name, clamped(fraction)))


def clamped(fraction: float) -> float:
    """A fraction kept within 0 and 1."""
    return min(1.0, max(0.0, fraction))


class CancelToken:
    """Asks work to stop. Set from any thread with `cancel()`; work checks `cancelled` (or
    calls `raise_if_cancelled`) between steps. `also` is another thing that says stop (a
    worker's own cancelled state), asked as well."""

    def __init__(self, also: Callable[[], bool] | None = None) -> None:
        self._event = threading.Event()
        self._also = also

    def cancel(self) -> None:
        """Ask the work to stop."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether the work was asked to stop."""
        return self._event.is_set() or (self._also is not None and self._also())

    def raise_if_cancelled(self, what: str) -> None:
        """Stop here (ImportCancelled, saying `what` was cancelled) if asked to."""
        if self.cancelled:
            raise ImportCancelled(f"{what} cancelled")

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds` for a cancel; whether there was one."""
        if self._also is None:
            return self._event.wait(seconds)
        return self._event.wait(seconds) or self.cancelled

    @property
    def can_cancel(self) -> bool:
        """Whether anything could ever cancel this token (a watcher for it is needed)."""
        return True


class _NeverCancelled(CancelToken):
    """The token of work nobody can stop."""

    def cancel(self) -> None:
        raise TypeError("NEVER_CANCELLED cannot be cancelled: give the work a CancelToken")

    @property
    def cancelled(self) -> bool:
        return False

    @property
    def can_cancel(self) -> bool:
        return False


NEVER_CANCELLED: CancelToken = _NeverCancelled()
