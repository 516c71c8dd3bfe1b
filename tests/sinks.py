"""Progress sinks for tests: what the reading said, and an action on each report."""

from __future__ import annotations

from collections.abc import Callable

from model.progress import NullProgress


class HeardReads(NullProgress):
    """Keeps (done, total) of every report of the reading; `then(done, total)` runs after
    each (to cancel an import at a chosen point)."""

    def __init__(self, then: Callable[[int, int], None] | None = None) -> None:
        self.heard: list[tuple[int, int]] = []
        self.then = then

    def read(self, done: int, total: int, records: int, unit: str = "rows") -> None:
        self.heard.append((done, total))
        if self.then is not None:
            self.then(done, total)
