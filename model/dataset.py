"""The dataset file format: TOML with a [dataset] table and [[events]], validated strictly.

This module holds the records and the reading; writing them back is `model.dataset_write`,
and checking quotes against their documents is `model.documents`."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.days import DAY_YEARS, Day
from model.dates import DatePrecision, DateSpan
from model.event import (
    Actor,
    ActorRole,
    CasualtyQualifier,
    CasualtyRecord,
    CasualtyScope,
    CasualtyType,
    Certainty,
    Event,
    GeoPrecision,
    Link,
    Place,
    Quote,
    Source,
    chronological_key,
)
from model.kinds import EventKind
from model.documents import check_quotes
from model.safe_read import MAX_FILE_BYTES as MAX_FILE_BYTES
from model.safe_read import ReadRefused, read_regular
from model.toml_lines import with_lines
from model.validation import DataError, Problem, TableReader

if TYPE_CHECKING:
    from model.sources import SourceSummary

FORMAT_VERSION = 1
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}\Z")


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document the events were read from (the quotes' offsets point into it)."""

    id: str
    title: str
    path: str | None = None
    """Relative to the dataset file."""
    sha256: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_inferred: bool = False
    """True when the publication date is inferred rather than printed on the document."""
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Era:
    """A named period (a phase, an offensive) shown as a band on the timeline."""

    name: str
    date: DateSpan
    notes: str = ""


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    """What a dataset is and where it came from."""

    title: str
    description: str = ""
    reference_date: dt.date | None = None
    """The date relative expressions ("on Thursday") were resolved against."""
    reference_date_inferred: bool = False
    reference_note: str = ""
    documents: tuple[SourceDocument, ...] = ()
    eras: tuple[Era, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    """Fields of the whole file kept verbatim from an import, in order, to be written back
    (e.g. a TimelineJS title slide's media and background, its scale)."""


@dataclass(frozen=True, slots=True)
class Dataset:
    """A whole dataset file: its description and its events."""

    info: DatasetInfo
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """A dataset read from disk, with what the file held beyond the dataset itself."""

    path: Path
    dataset: Dataset
    sha256: str
    view_table: Mapping[str, Any] | None
    """The raw [view] table of a view file, read by `model.views`."""
    warnings: tuple[str, ...] = ()
    """Things worth saying that do not stop the file from loading (e.g. unchecked quotes)."""

    def events(self) -> Iterator[Event]:
        """The dataset's events, in its chronological order (an event source: `model.sources`)."""
        return iter(self.dataset.events)

    def summary(self) -> SourceSummary:
        """What the file held beyond its events."""
        from model.sources import SourceSummary  # it names DatasetInfo, from here

        return SourceSummary(self.dataset.info, self.sha256, self.warnings,
                             view=self.view_table)


# -- reading ----------------------------------------------------------------------------


def read_bytes(path: Path) -> bytes:
    """A whole regular file, refused past MAX_FILE_BYTES; every failure is a DataError
    saying why."""
    try:
        return read_regular(path, MAX_FILE_BYTES)
    except ReadRefused as refused:
        raise DataError(str(path), [Problem("", refused.reason)]) from None


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file, returning the table and the file's sha256; errors become DataError."""
    name = str(path)
    raw = read_bytes(path)
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(
            name, [Problem("", f"byte {error.start} is not valid UTF-8; TOML files are UTF-8")]
        ) from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataError(name, [Problem("", f"not valid TOML: {error}")]) from None
    except RecursionError:
        raise DataError(name, [Problem("", "not valid TOML: nested too deeply")]) from None
    except ValueError:  # not TOMLDecodeError: Python reads no int of more than 4,300 digits
        raise DataError(name, [Problem(
            "", "not valid TOML: a number has more than 4,300 digits")]) from None
    return table, digest


def load_file(path: Path | str) -> LoadedFile:
    """Load and validate a dataset or view file; raises DataError listing every problem."""
    path = Path(path)
    table, digest = read_toml(path)
    problems: list[Problem] = []
    top = TableReader(table, "", problems)
    view_table = top.raw("view")
    warnings: list[str] = []
    dataset = parse_dataset(top, problems, base=path.parent, warnings=warnings)
    if problems:
        raise DataError(str(path), with_lines(path, problems))
    return LoadedFile(path, dataset, digest,
                      view_table if isinstance(view_table, Mapping) else None,
                      tuple(f"{path}: {w}" for w in warnings))


def load_dataset(path: Path | str) -> Dataset:
    """Load and validate a dataset file."""
    return load_file(path).dataset


def parse_dataset(top: TableReader, problems: list[Problem], *, base: Path | None = None,
                  warnings: list[str] | None = None) -> Dataset:
    """Build a Dataset from a top-level table reader (problems are collected, not raised).

    With `base` (the file's folder), quotes are checked against their documents.
    """
    info = parse_head(top)
    reader = EventReader(info, problems)
    events: list[tuple[int, Event]] = []
    for index, table in enumerate(top.table_items("events", required=True)):
        event = reader.read(index, table)
        if event is not None:
            events.append((index, event))
    top.finish()
    problems.extend(reader.references)
    if base is not None:
        # Every good event's quotes are checked even when other events have problems: one
        # run says them all (after the rest, in file order).
        check_quotes(info, events, base, problems, warnings if warnings is not None else [])
    ordered = sorted(events, key=lambda pair: chronological_key(pair[1], pair[0]))
    return Dataset(info, tuple(event for _, event in ordered))


def parse_head(top: TableReader) -> DatasetInfo:
    """The format version and the [dataset] table of a file's top-level table."""
    version = top.integer("format_version", required=True)
    if version is not None and version != FORMAT_VERSION:
        top.problem("format_version",
                    f"{version} is not supported (this version reads {FORMAT_VERSION})")
    info_reader = top.sub("dataset", required=True)
    return _parse_info(info_reader) if info_reader else DatasetInfo(title="")


class EventReader:
    """Reads [[events]] tables one at a time, in file order: each into an Event, or into
    problems (its own, and an id used before); a file read in parts reads every part's
    events through one reader, so the problems are the same as the whole file's."""

    def __init__(self, info: DatasetInfo, problems: list[Problem]) -> None:
        self.problems = problems
        self.seen: dict[str, int] = {}
        """Each event's id and its index in the file."""
        self.document_ids = {doc.id for doc in info.documents}
        self.references: list[Problem] = []
        """Quotes and sources naming a document the dataset does not have: said after
        every other problem of the events, as a whole file's reading says them."""

    def read(self, index: int, table: Any) -> Event | None:
        """The event of `events[index]`, or None (its problems recorded)."""
        reader = TableReader(table, f"events[{index}]", self.problems)
        event = _parse_event(reader)
        # The id is checked whatever else is wrong with either event: a duplicate is said
        # in the same run as every other problem, not once they are fixed.
        event_id = table.get("id") if isinstance(table, Mapping) else None
        if isinstance(event_id, str) and ID_PATTERN.match(event_id):
            if event_id in self.seen:
                reader.problem("id", f"'{event_id}' is already the id of "
                                     f"events[{self.seen[event_id]}]")
                return None
            self.seen[event_id] = index
        if event is None:
            return None
        for kind, documents in (("quotes", [q.document for q in event.quotes]),
                                ("sources", [s.document for s in event.sources])):
            for j, document in enumerate(documents):
                if document is not None and document not in self.document_ids:
                    self.references.append(Problem(
                        f"events[{index}].{kind}[{j}].document",
                        f"'{document}' is not the id of any [[dataset.documents]]",
                    ))
        return event


def _parse_info(r: TableReader) -> DatasetInfo:
    title = r.text("title", required=True, allow_empty=False) or ""
    description = r.text("description") or ""
    reference = r.calendar_date("reference_date")
    inferred = r.boolean("reference_date_inferred")
    note = r.text("reference_note") or ""
    documents: list[SourceDocument] = []
    for d in r.tables("documents"):
        doc_id = _id(d)
        if doc_id is not None and any(doc.id == doc_id for doc in documents):
            d.problem("id", f"'{doc_id}' is already the id of another document")
        doc_title = d.text("title", required=True, allow_empty=False)
        sha = d.text("sha256")
        if sha is not None and not re.fullmatch(r"[0-9a-f]{64}", sha):
            d.problem("sha256", "expected 64 lower-case hexadecimal digits")
        doc = SourceDocument(
            id=doc_id or "", title=doc_title or "", path=d.text("path"), sha256=sha,
            outlet=d.text("outlet"), url=d.text("url"), published=d.calendar_date("published"),
            published_inferred=d.boolean("published_inferred"), note=d.text("note"),
        )
        d.finish()
        documents.append(doc)
    eras: list[Era] = []
    for e in r.tables("eras"):
        name = e.text("name", required=True, allow_empty=False)
        span_reader = e.sub("date", required=True)
        span = _parse_span(span_reader) if span_reader else None
        notes = e.text("notes") or ""
        e.finish()
        if name and span:
            eras.append(Era(name, span, notes))
    attributes = _parse_attributes(r)
    r.finish()
    return DatasetInfo(title, description, reference, inferred, note, tuple(documents), tuple(eras),
                       attributes)


def parse_info_table(table: Mapping[str, Any]) -> DatasetInfo:
    """A [dataset] table on its own (as kept beside a cached store); raises DataError."""
    problems: list[Problem] = []
    info = _parse_info(TableReader(table, "dataset", problems))
    if problems:
        raise DataError("dataset", problems)
    return info


def _id(r: TableReader) -> str | None:
    value = r.text("id", required=True)
    if value is not None and not ID_PATTERN.match(value):
        r.problem("id", f"'{value[:60]}' is not an id (letters, digits, '.', '_', ':', '-'; "
                        "at most 200; starting with a letter or digit)")
        return None
    return value


def _parse_span(r: TableReader) -> DateSpan | None:
    earliest = r.date("earliest", required=True)
    latest = r.date("latest", last=True)
    precision = r.choice("precision", DatePrecision, default=DatePrecision.DAY)
    inferred = r.boolean("inferred")
    forecast = r.boolean("forecast")
    r.finish()
    if earliest is None or precision is None:
        return None
    if latest is None:
        # Without `latest`, a coarse precision means the whole week, month or year.
        # Only the one needed is computed: a week from the last days of 9999 has no end.
        if precision is DatePrecision.WEEK:
            last_held = Day.last_of(DAY_YEARS[-1])
            if earliest.year in DAY_YEARS and earliest.ordinal + 6 > last_held.ordinal:
                r.problem("earliest", f"a week from {earliest.isoformat()} runs past "
                                      f"{last_held.isoformat()}; give latest")
                return None
            latest = earliest + dt.timedelta(days=6)
        elif precision is DatePrecision.YEAR:
            latest = Day.last_of(earliest.year)
        elif precision is DatePrecision.MONTH and earliest.year in DAY_YEARS:
            latest = DateSpan.month(earliest.year, earliest.month).latest
        else:
            latest = earliest
    if latest < earliest:
        r.problem("latest", f"{latest.isoformat()} is before earliest {earliest.isoformat()}")
        return None
    try:
        return DateSpan(earliest, latest, precision, inferred, forecast)
    except ValueError as error:  # a day or month in a year held to the year only
        r.problem("precision", f"{error}; say precision = \"year\"")
        return None


def _parse_event(r: TableReader) -> Event | None:
    event_id = _id(r)
    title = r.text("title", required=True, allow_empty=False)
    kind = r.choice("kind", EventKind, required=True)
    certainty = r.choice("certainty", Certainty, required=True)
    span_reader = r.sub("date", required=True)
    span = _parse_span(span_reader) if span_reader else None
    place_reader = r.sub("place")
    place = _parse_place(place_reader) if place_reader else None
    actors = tuple(a for a in map(_parse_actor, r.tables("actors")) if a)
    casualties = tuple(c for c in (_parse_casualty(c, span) for c in r.tables("casualties")) if c)
    sources = tuple(s for s in map(_parse_source, r.tables("sources")) if s)
    quotes = tuple(q for q in map(_parse_quote, r.tables("quotes")) if q)
    tags = r.texts("tags")
    notes = r.text("notes") or ""
    links = tuple(link for link in map(_parse_link, r.tables("links")) if link)
    attributes = _parse_attributes(r)
    r.finish()
    if not r.ok or None in (event_id, title, kind, certainty, span):
        return None
    assert event_id and title and kind and certainty and span
    return Event(event_id, title, kind, span, certainty, place, actors, casualties, sources,
                 quotes, tags, notes, links, attributes)


def _parse_place(r: TableReader) -> Place | None:
    name = r.text("name", required=True, allow_empty=False)
    place = Place(
        name=name or "", admin=r.text("admin"), country=r.text("country"),
        latitude=r.number("latitude", minimum=-90, maximum=90),
        longitude=r.number("longitude", minimum=-180, maximum=180),
        precision=r.choice("precision", GeoPrecision),
    )
    r.finish()
    return place if name else None


def _parse_actor(r: TableReader) -> Actor | None:
    name = r.text("name", required=True, allow_empty=False)
    role = r.choice("role", ActorRole, default=ActorRole.SIDE_A)
    category = r.text("category")
    r.finish()
    return Actor(name, role or ActorRole.SIDE_A, category) if name else None


def _parse_casualty(r: TableReader, span: DateSpan | None) -> CasualtyRecord | None:
    kind = r.choice("type", CasualtyType, required=True)
    count = r.integer("count", required=True, minimum=0, maximum=100_000_000)
    qualifier = r.choice("qualifier", CasualtyQualifier, default=CasualtyQualifier.EXACT)
    scope = r.choice("scope", CasualtyScope, required=True)
    since = r.date("since")
    low = r.integer("low", minimum=0, maximum=100_000_000)
    high = r.integer("high", minimum=0, maximum=100_000_000)
    party = r.text("party")
    r.finish()
    if scope is CasualtyScope.CUMULATIVE and since is None:
        r.problem("since", "is required for a cumulative figure (the day it counts from)")
    if scope is CasualtyScope.INCIDENT and since is not None:
        r.problem("since", "only a cumulative figure counts since a date")
    if since is not None and span is not None and since > span.latest:
        r.problem("since", f"{since.isoformat()} is after the event's date")
    if count is not None and low is not None and low > count:
        r.problem("low", f"{low} is more than count {count}")
    if count is not None and high is not None and high < count:
        r.problem("high", f"{high} is less than count {count}")
    if kind is None or count is None or qualifier is None or scope is None:
        return None
    return CasualtyRecord(kind, count, qualifier, scope, since, low, high, party)


def _parse_source(r: TableReader) -> Source | None:
    source = Source(
        claimant=r.text("claimant"), channels=r.texts("channels"), outlet=r.text("outlet"),
        url=r.text("url"), document=r.text("document"),
    )
    r.finish()
    if not source.names():
        r.problem("", "a source needs at least a claimant, a channel or an outlet")
        return None
    return source


def _parse_quote(r: TableReader) -> Quote | None:
    text = r.text("text", required=True, allow_empty=False)
    start = r.integer("start", required=True, minimum=0)
    end = r.integer("end", required=True, minimum=0)
    document = r.text("document")
    r.finish()
    if text is None or start is None or end is None:
        return None
    if end - start != len(text):
        r.problem("end", f"end - start is {end - start} but the text is {len(text)} characters")
        return None
    return Quote(text, start, end, document)


def _parse_link(r: TableReader) -> Link | None:
    url = r.text("url", required=True, allow_empty=False)
    link = Link(url or "", r.text("caption"), r.text("credit"))
    r.finish()
    return link if url else None


def _parse_attributes(r: TableReader) -> tuple[tuple[str, str], ...]:
    value = r.raw("attributes")
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        r.problem("attributes", "expected a table of text values")
        return ()
    out: list[tuple[str, str]] = []
    for key, item in value.items():
        if isinstance(item, str):
            out.append((key, item))
        else:
            r.problems.append(Problem(f"{r.at('attributes')}.{key}", "expected text"))
    return tuple(out)
