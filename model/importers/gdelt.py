"""GDELT event files: 1.0 (57 or 58 columns), and 2.0 (61), tab- or comma-separated.

The official files are tab-separated without a header; BigQuery exports are comma-separated,
every value quoted, missing values as NULL, with or without a header. Without a header the
columns are known by position from the column count; with one, by name (any case).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from model import cameo
from model.dates import DateSpan
from model.event import ActorRole, Certainty, Event, GeoPrecision, Place, Source
from model.importers.common import (
    ImportContext,
    Record,
    SkippedRow,
    actor,
    make_id,
    outlet,
    parse_coordinate,
    short,
    title_from,
)
from model.importers.csvsource import Columns, CsvSource, cell, normalise_header, walk_rows
from model.importers.datetext import parse_date
from model.importers.tabular import CsvFormat
from model.validation import DataError, Problem

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_EVENT = ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
          "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")


def _geo(adm2: bool) -> tuple[str, ...]:
    parts = ["Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID"]
    if adm2:
        parts.insert(4, "ADM2Code")
    return tuple(f"{who}Geo_{p}" for who in ("Actor1", "Actor2", "Action") for p in parts)


def _layout(adm2: bool, source_url: bool) -> tuple[str, ...]:
    head = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    actors = tuple(f"Actor{n}{p}" for n in (1, 2) for p in _ACTOR)
    tail = ("DATEADDED", "SOURCEURL") if source_url else ("DATEADDED",)
    return head + actors + _EVENT + _geo(adm2) + tail


# Column layouts of headerless files, by column count.
LAYOUTS = {57: _layout(False, False), 58: _layout(False, True), 61: _layout(True, True)}
CANONICAL = {normalise_header(name): name for layout in LAYOUTS.values() for name in layout}
MAPPED = frozenset(normalise_header(n) for n in (
    "GLOBALEVENTID", "SQLDATE", "Actor1Name", "Actor2Name", "Actor1Type1Code",
    "Actor2Type1Code", "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_Lat",
    "ActionGeo_Long", "SOURCEURL"))
REDUNDANT = frozenset(normalise_header(n) for n in ("MonthYear", "Year", "FractionDate"))
GEO_TYPE = {"1": GeoPrecision.COUNTRY, "2": GeoPrecision.REGION, "3": GeoPrecision.EXACT,
            "4": GeoPrecision.EXACT, "5": GeoPrecision.REGION}
_URL = re.compile(r"https?://", re.IGNORECASE)


def headerless(fields: list[str]) -> bool:
    """True when a first row is GDELT data: a known column count, an id, a YYYYMMDD day."""
    return (len(fields) in LAYOUTS and fields[0].strip().isdigit()
            and len(fields[1].strip()) == 8 and fields[1].strip().isdigit())


def has_header(names: list[str]) -> bool:
    """True when a header names GDELT's columns."""
    found = {normalise_header(n) for n in names}
    return "sqldate" in found and ("globaleventid" in found or "eventcode" in found)


def read(ctx: ImportContext) -> Iterator[Record]:
    """Every row of a GDELT events file as an Event or a SkippedRow."""
    source = CsvSource(ctx.path)
    title, description = describe(ctx.path)
    ctx.title = ctx.title or title
    ctx.description = ctx.description or description
    records = source.records()
    first: tuple[int, list[str]] | None = None
    for line, fields, why in records:
        if fields is None:
            yield SkippedRow(line, why)
            continue
        first = (line, fields)
        break
    if first is None:
        raise DataError(str(ctx.path), [Problem("", "is empty: no GDELT rows")])
    line, fields = first
    if headerless(fields):
        columns = Columns(list(LAYOUTS[len(fields)]))
        pending: list[tuple[int, list[str]]] = [first]
    elif has_header(fields):
        columns = Columns(fields)
        pending = []
    else:
        raise DataError(str(ctx.path), [Problem(
            "", f"is not a GDELT events file: the first row has {len(fields)} fields "
                f"(GDELT rows have {', '.join(map(str, LAYOUTS))}) and no SQLDATE header")])
    row = _RowReader(columns)

    def rows() -> Iterator[tuple[int, list[str] | None, str]]:
        for line, fields in pending:
            yield line, fields, ""
        yield from records

    def convert(line: int, fields: list[str]) -> Iterator[Record]:
        problem = misfit(fields, columns)
        yield SkippedRow(line, problem) if problem else row.event(fields, line)

    yield from walk_rows(ctx, source, rows(), convert)


def misfit(fields: list[str], columns: Columns) -> str | None:
    """Why a row is too short for its columns (a missing last SOURCEURL is fine, and so are
    extra fields)."""
    if len(fields) < columns.width and not (
            len(fields) == columns.width - 1 and "sourceurl" in columns):
        return f"has {len(fields)} fields; expected {columns.width}"
    return None


def describe(path: Path) -> tuple[str, str]:
    """The title and description of a dataset imported from a GDELT file."""
    return f"{path.stem} (GDELT)", f"Imported from {path.name} (GDELT events)."


def _not_gdelt(columns: Columns | None) -> str:
    if columns is None:
        return "is empty: no GDELT rows"
    return f"is not a GDELT events file (columns: {columns.describe()})"


def _host(url: str) -> str | None:
    """The host a source address names, or None for one that does not parse as an address
    (a bracket in it, say: urlsplit reads that as a broken IPv6 address and raises)."""
    if not _URL.match(url):
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _value(fields: list[str], index: int | None) -> str:
    value = cell(fields, index)
    return "" if value == "NULL" else value


class _RowReader:
    """Turns the fields of one row into an Event (column positions looked up once)."""

    def __init__(self, columns: Columns) -> None:
        self.i = {name: columns.get(name) for name in MAPPED | {"eventcode"}}
        self.attributes = [
            (i, CANONICAL.get(name, name)) for i, name in enumerate(columns.names)
            if name and name not in MAPPED | REDUNDANT and columns.get(name) == i
        ]

    def event(self, f: list[str], line: int) -> Event | SkippedRow:
        i = self.i
        raw_date = _value(f, i["sqldate"])
        day = parse_date(raw_date) if raw_date else None
        if day is None:
            return SkippedRow(line, f"SQLDATE '{short(raw_date)}' is not a date"
                              if raw_date else "SQLDATE is empty")
        latitude = parse_coordinate(_value(f, i["actiongeo_lat"]), "ActionGeo_Lat", 90)
        longitude = parse_coordinate(_value(f, i["actiongeo_long"]), "ActionGeo_Long", 180)
        if isinstance(latitude, str) or isinstance(longitude, str):
            return SkippedRow(line, latitude if isinstance(latitude, str) else str(longitude))
        raw_id = _value(f, i["globaleventid"])
        event_id = make_id(raw_id) or f"gdelt-line-{line}"
        actors = []
        for role, name_key, type_key in ((ActorRole.SIDE_A, "actor1name", "actor1type1code"),
                                         (ActorRole.SIDE_B, "actor2name", "actor2type1code")):
            name = _value(f, i[name_key])
            if name:
                category = cameo.ACTOR_TYPES.get(_value(f, i[type_key]))
                actors.append(actor(name, role, category))
        code = _value(f, i["eventcode"])
        place = None
        full = _value(f, i["actiongeo_fullname"])
        if full:
            parts = [p.strip() for p in full.split(",") if p.strip()] or [full]
            country = parts[-1]
            admin = parts[-2] if len(parts) >= 3 else None
            place = Place(parts[0], admin, country, latitude, longitude,
                          GEO_TYPE.get(_value(f, i["actiongeo_type"])))
        url = _value(f, i["sourceurl"])
        sources: tuple[Source, ...] = ()
        if url:
            host = _host(url)
            sources = (Source(outlet=host.removeprefix("www."), url=url) if host
                       else outlet(url),)
        who = " \u2192 ".join(a.name for a in actors)
        title = f"{who}: {cameo.describe(code)}" if who else cameo.describe(code)
        attributes = tuple((name, value) for index, name in self.attributes
                           if (value := _value(f, index)))
        return Event(
            id=event_id,
            title=title_from(title),
            kind=cameo.kind_for(code),
            date=DateSpan.day(day),
            certainty=Certainty.REPORTED,
            place=place,
            actors=tuple(actors),
            sources=sources,
            attributes=attributes,
        )


FORMAT = CsvFormat("gdelt", {}, "sqldate", describe, _not_gdelt, _RowReader,
                   lambda _reader, _line: [], misfit=misfit)
"""How `model.store.bulk` reads a big GDELT file in parts (`read` is the one-process
import; a headerless file's columns come from `LAYOUTS` by its first row's width)."""
