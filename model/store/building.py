"""A store whose links, indexes and full text are still being built in the background:
what is ready, and waiting for what a question needs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from model.store.merge import remove_files
from model.store.schema import BUILT_LATER


@dataclass(frozen=True, slots=True)
class BuildingReport:
    """How far the building has got, at one moment: what whoever shows it needs, in one
    value (a newer report says everything an older one did)."""

    what: str
    fraction: float
    done: bool = False
    error: str | None = None

    @property
    def running(self) -> bool:
        """Still building: neither finished nor failed."""
        return not self.done and self.error is None


Listener = Callable[[BuildingReport], None]
"""Hears every report, on the building's thread (an adapter posts it on to its own)."""


class Building:
    """The parts of a store still being built in the background (see model.store.bulk):
    a query that needs one of them waits for it; the others run at once (without the
    indexes still to come they may be slower, never different)."""

    def __init__(self, source: Path, files: Sequence[Path] = ()) -> None:
        """`source` is the file whose cache entry this builds, in `files` (the entry, its
        text index and its note, put in place once everything is built)."""
        self.source = source
        self.files = tuple(files)
        self._changed = threading.Condition()
        self.waiting = set(BUILT_LATER)
        self.done = False
        """Everything is built and the store is in the cache."""
        self.error: str | None = None
        """Why the building stopped, when it failed."""
        self.fraction = 0.0
        self.what = "links"
        self._listeners: list[Listener] = []

    def report(self) -> BuildingReport:
        """How far it has got now."""
        return BuildingReport(self.what, self.fraction, self.done, self.error)

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Tell `listener` of every change from now on, starting with how far it has got
        already (so a building that ended a moment ago is heard too); the function that
        stops telling it."""
        with self._changed:
            self._listeners.append(listener)
            now = self.report()
        listener(now)

        def unlisten() -> None:
            with self._changed:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unlisten

    def _tell(self) -> None:
        with self._changed:
            listeners, now = list(self._listeners), self.report()
        for listener in listeners:
            listener(now)

    def read(self, done: int, total: int, records: int, unit: str = "rows") -> None:
        """The reading is over before a store is building (a progress sink's first half)."""

    def stage(self, name: str, fraction: float) -> None:
        """How far the building has got, and what it does now (for a progress display)."""
        self.fraction, self.what = fraction, name
        self._tell()

    def ready(self, part: str) -> None:
        """One part is built: queries waiting for it go on."""
        with self._changed:
            self.waiting.discard(part)
            self._changed.notify_all()

    def finished(self) -> None:
        """Everything is built."""
        with self._changed:
            self.waiting.clear()
            self.done = True
            self._changed.notify_all()
        self._tell()

    def failed(self, why: str) -> None:
        """The building stopped: queries waiting for what is missing are told why."""
        with self._changed:
            self.error = why
            self._changed.notify_all()
        self._tell()

    def settle(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds; True once everything is built or the building has
        failed."""
        with self._changed:
            if not (self.done or self.error):
                self._changed.wait(timeout)
            return self.done or self.error is not None

    def wait(self, parts: Iterable[str] | None = None) -> str | None:
        """Wait until these parts (all, by default) are built; None, or why they never will
        be."""
        wanted = set(BUILT_LATER) if parts is None else set(parts)
        with self._changed:
            while wanted & self.waiting or (parts is None and not self.done):
                if self.error is not None:
                    return self.error
                self._changed.wait()
        return None

    def abandon(self) -> None:
        """The process is about to exit without finishing: remove the files being built
        (they would wait for the next import to be cleaned away). The building then finds
        them gone and fails, saying so."""
        for item in self.files:
            remove_files([item, *item.parent.glob(f"{item.name}.part*")])
