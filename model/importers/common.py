"""What every importer shares: the records it yields, its context, and field helpers.

An importer is a generator over one file. It yields an `Event` for every row it can read and a
`SkippedRow` (line number and reason) for every row it cannot, so that every record of the
file is accounted for. `ImportNote`s say things worth knowing about rows that were imported
(a renamed duplicate id, a file read as Latin-1).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from model.dataset import ID_PATTERN, DatasetInfo, Era
from model.event import Actor, ActorRole, Event, Source
from model.progress import NEVER_CANCELLED, NULL_PROGRESS, CancelToken, ProgressSink
from model.text import counted, fold
from model.validation import MAX_ITEMS, MAX_TEXT

MAX_TITLE = 200
"""Titles made from longer text are cut to this many characters."""


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A record that could not be imported, and why."""

    line: int | None
    """Line of the file the record starts on (1 is the first line); None when unknown."""
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line is not None else self.reason


@dataclass(frozen=True, slots=True)
class ImportNote:
    """Something worth knowing about an imported record or the whole file."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


Record = Event | SkippedRow | ImportNote
@dataclass
class ImportContext:
    """What an importer is reading, and what it learns about the dataset on the way."""

    path: Path
    format: str
    title: str = ""
    description: str = ""
    eras: list[Era] = field(default_factory=list)
    attributes: list[tuple[str, str]] = field(default_factory=list)
    """Fields of the whole file kept verbatim (DatasetInfo.attributes)."""
    progress: ProgressSink = NULL_PROGRESS
    """Hears how far the reading got: bytes for CSV files, slides for TimelineJS."""
    cancel: CancelToken = NEVER_CANCELLED
    """Cancelled from another thread to stop the import (the reader raises ImportCancelled)."""
    line: int | None = None
    """The line the record being read starts on (kept current by the importer)."""
    sha256: str | None = None
    """Of the file's bytes, set by the importer once it has read them all."""

    def info(self) -> DatasetInfo:
        """The dataset description gathered so far."""
        return DatasetInfo(title=self.title or self.path.name, description=self.description,
                           eras=tuple(self.eras), attributes=tuple(self.attributes))

    def check_cancel(self) -> None:
        """Raise ImportCancelled when the import was cancelled (readers call it per record,
        so the message is made only when it is raised)."""
        if self.cancel.cancelled:
            self.cancel.raise_if_cancelled(f"import of {self.path}")

    def report_progress(self, done: int, total: int) -> None:
        """How far the reading got, with the line it has reached."""
        self.progress.read(done, total, self.line or 0)


Reader = Callable[[ImportContext], Iterator[Record]]

# -- field helpers ----------------------------------------------------------------------

MISSING = frozenset({"", "null", "none", "na", "n/a", "nan"})


def clean(value: object) -> str:
    """Text with line endings unified and surrounding blanks removed ('' for None)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


_ASCII_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
"""A number in ASCII digits: Python's int() and float() also take "1_000", "１２" and "١٢"."""


_NOT_ASCII = "is not written in the digits 0-9 (with '_' or other digits, it is not read)"


def _number_elsewhere(text: str) -> bool:
    """Whether Python would read this as a number although it is not in ASCII digits."""
    if not any(ch == "_" or (ch.isdigit() and not ch.isascii()) for ch in text):
        return False
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def parse_count(text: str) -> int | None | str:
    """A whole number >= 0 from a cell: int, None when empty, or the reason it is not one."""
    if text.lower() in MISSING:
        return None
    if not _ASCII_NUMBER.fullmatch(text) and _number_elsewhere(text):
        return f"'{short(text)}' {_NOT_ASCII}"
    try:
        value = int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return f"'{short(text)}' is not a whole number"
        if not number.is_integer():
            return f"'{short(text)}' is not a whole number"
        value = int(number)
    if value < 0:
        return f"'{short(text)}' is negative"
    if value > 100_000_000:
        return f"{value} is more than 100000000"
    return value


def parse_coordinate(text: str, name: str, limit: float) -> float | None | str:
    """A latitude or longitude: float, None when empty, or the reason it is unusable."""
    if text.lower() in MISSING:
        return None
    if not _ASCII_NUMBER.fullmatch(text.replace(",", ".")) and _number_elsewhere(text):
        return f"{name} '{short(text)}' {_NOT_ASCII}"
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return f"{name} '{short(text)}' is not a number"
    if not -limit <= value <= limit:
        return f"{name} '{short(text)}' is outside {-limit:g}..{limit:g}"
    return value


def short(text: str, limit: int = 60) -> str:
    """A value cut for quoting in a message, with its line breaks made visible."""
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def title_from(text: str) -> str:
    """A one-line title from longer text, cut at MAX_TITLE characters."""
    line = " ".join(text.split())
    return line if len(line) <= MAX_TITLE else line[: MAX_TITLE - 1].rstrip() + "\u2026"


def split_list(text: str, separator: str = ";") -> list[str]:
    """Non-empty, trimmed items of a separated list, without repeats, in order."""
    out: list[str] = []
    for item in text.split(separator):
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return out


@lru_cache(maxsize=65536)
def actor(name: str, role: ActorRole, category: str | None = None) -> Actor:
    """A shared Actor (rows repeat the same parties over and over)."""
    return Actor(name, role, category)


@lru_cache(maxsize=65536)
def outlet(name: str, url: str | None = None) -> Source:
    """A shared Source naming an outlet."""
    return Source(outlet=name, url=url)


# -- ids --------------------------------------------------------------------------------

_ID_BAD = re.compile(r"[^A-Za-z0-9._:-]+")


def make_id(raw: str) -> str:
    """A valid id from any text: bad characters become '-', at most 200 characters."""
    if ID_PATTERN.match(raw):
        return raw
    text = _ID_BAD.sub("-", raw).lstrip("._:-")[:200].rstrip("-")
    return text


def slug(text: str, limit: int = 60) -> str:
    """A readable id from a title: "Ada Lovelace" becomes "ada-lovelace"."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return words[:limit].rstrip("-")


SOURCE_ID = "source_id"
"""The attribute that keeps a record's own id when its event had to take another one (a
repeated or invalid id), so that an export can write the id the source gave."""


def with_id(event: Event, event_id: str) -> Event:
    """The event under another id, its own kept as the `source_id` attribute."""
    if event_id == event.id:
        return event
    kept = event.attributes if any(k == SOURCE_ID for k, _ in event.attributes) else (
        *event.attributes, (SOURCE_ID, event.id))
    return replace(event, id=event_id, attributes=kept)


class IdKeeper:
    """Makes ids unique within one file, suffixing repeats (-2, -3, ...)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def claim(self, wanted: str) -> str:
        """The id to use for a record that asked for `wanted`."""
        if wanted not in self.seen:
            self.seen.add(wanted)
            return wanted
        base = wanted[:190]
        n = 2
        while f"{base}-{n}" in self.seen:
            n += 1
        chosen = f"{base}-{n}"
        self.seen.add(chosen)
        return chosen


# -- the dataset rules, applied to a built event ------------------------------------------


def check_event(event: Event) -> str | None:
    """Why an event breaks the dataset format's rules, or None when it keeps them all.

    These are the rules `model.dataset` applies to a TOML file, so every import can be
    saved as a dataset and loaded again.
    """
    if not ID_PATTERN.match(event.id):
        return f"id '{short(event.id)}' is not a valid id"
    if not event.title.strip():
        return "has no title"
    for name, text in (("title", event.title), ("notes", event.notes)):
        if len(text) > MAX_TEXT:
            return (f"{name} is {counted(len(text))} characters long; at most "
                    f"{counted(MAX_TEXT)} are allowed")
    place = event.place
    if place is not None:
        if not place.name.strip():
            return "place has no name"
        if place.latitude is not None and not -90 <= place.latitude <= 90:
            return f"latitude {place.latitude} is outside -90..90"
        if place.longitude is not None and not -180 <= place.longitude <= 180:
            return f"longitude {place.longitude} is outside -180..180"
    if any(not a.name.strip() for a in event.actors):
        return "an actor has no name"
    for c in event.casualties:
        if not 0 <= c.count <= 100_000_000:
            return f"casualty count {c.count} is out of range"
        if c.low is not None and c.low > c.count:
            return f"low {c.low} is more than the count {c.count}"
        if c.high is not None and c.high < c.count:
            return f"high {c.high} is less than the count {c.count}"
    if any(not s.names() for s in event.sources):
        return "a source names nobody"
    if any(not link.url.strip() for link in event.links):
        return "a link has no address"
    for name, items in (("tags", event.tags), ("actors", event.actors),
                        ("sources", event.sources), ("links", event.links)):
        if len(items) > MAX_ITEMS:
            return f"has {counted(len(items))} {name}; at most {counted(MAX_ITEMS)} are allowed"
    for key, value in event.attributes:
        if len(value) > MAX_TEXT:
            return (f"{key} is {counted(len(value))} characters long; at most "
                    f"{counted(MAX_TEXT)} are allowed")
    return None
