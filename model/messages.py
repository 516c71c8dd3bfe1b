"""What the explorer said: every notification kept, in order, after its toast has gone.

A toast is gone in a few seconds, and a file with many warnings would cover the timeline
with them. So each notification is also kept here, as a frozen `KeptMessage` (when, how
serious, its title, its whole text), in a `MessageLog` bounded to the newest `LIMIT`; the
messages screen lists them, and a toast shows only the start of a long one
(`toast_text`). Nothing here knows about terminals: the screen passes the text through
`model.text.safe_text` as it shows it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque
from dataclasses import dataclass
from enum import Enum

from model.text import counted

LIMIT = 500
"""How many messages are kept: the newest, the oldest dropped first."""

TEXT_LIMIT = 20_000
"""The most characters of one message kept (an error quoting a whole file says enough in
fewer)."""


class Severity(Enum):
    """How serious a message is, named as Textual's notifications name it."""

    INFORMATION = "information"
    WARNING = "warning"
    ERROR = "error"

    @property
    def word(self) -> str:
        """The word shown beside the message, so that it reads without colour."""
        return _WORDS[self]


_WORDS = {Severity.INFORMATION: "info", Severity.WARNING: "warning", Severity.ERROR: "error"}
WORD_WIDTH = max(map(len, _WORDS.values()))


@dataclass(frozen=True, slots=True)
class KeptMessage:
    """One notification as it was said."""

    at: dt.datetime
    severity: Severity
    title: str
    text: str


class MessageLog:
    """The newest `limit` messages, oldest first; safe to add to from any thread."""

    def __init__(self, limit: int = LIMIT) -> None:
        self._kept: deque[KeptMessage] = deque(maxlen=limit)
        self._added = 0
        self._lock = threading.Lock()

    def add(self, at: dt.datetime, severity: Severity | str, title: str,
            text: str) -> KeptMessage:
        """Keep one message (dropping the oldest once `limit` are kept)."""
        if len(text) > TEXT_LIMIT:
            text = text[:TEXT_LIMIT] + "\u2026 (cut)"
        kept = KeptMessage(at, Severity(severity), title, text)
        with self._lock:
            self._kept.append(kept)
            self._added += 1
        return kept

    def messages(self) -> tuple[KeptMessage, ...]:
        """Every message kept, oldest first."""
        with self._lock:
            return tuple(self._kept)

    @property
    def added(self) -> int:
        """How many messages were ever added (the kept ones and the dropped)."""
        return self._added

    @property
    def dropped(self) -> int:
        """How many of the oldest messages are no longer kept."""
        with self._lock:
            return self._added - len(self._kept)

    def __len__(self) -> int:
        return len(self._kept)


def toast_text(text: str, see: str, *, lines: int = 3, width: int = 400) -> str:
    """What a toast shows of `text`: at most `lines` lines of at most `width` characters;
    when something is left out, it ends saying where the rest is (`see`: "see messages
    (L)")."""
    every = text.split("\n")
    cut = len(every) > lines
    kept = every[:lines - 1] if cut else every
    short = [line if len(line) <= width else line[:width - 1] + "\u2026" for line in kept]
    if cut:
        more = counted(len(every) - len(kept), "more line")
        return "\n".join([*short, f"\u2026and {more}: {see}"])
    if short != kept:
        return "\n".join([*short, see])
    return text
