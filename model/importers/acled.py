"""ACLED CSV exports, every schema since the 2016 API: one event per row, or per actor.

Column names are matched case-insensitively in any order; `ally_actor_1/2` (before 2019) are
read as `assoc_actor_1/2`; a pandas index column is ignored. Columns the model does not hold
are kept verbatim in `Event.attributes` (always `event_type` and `sub_event_type`). A file of
one row per actor (no `actor2` column) has each event's rows made one event
(`model.importers.acled_actors`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from model.days import DAY_YEARS, Day
from model.categories import acled_label
from model.codec import IndexedEvent
from model.dataset import ID_PATTERN
from model.dates import DateSpan
from model.event import (
    Actor,
    ActorRole,
    CasualtyRecord,
    CasualtyType,
    Certainty,
    Event,
    GeoPrecision,
    Place,
)
from model.exporters.cells import WRITTEN_BY_DATELINE, read_cells
from model.importers.acled_actors import INTER_CODES as INTER_CODES  # the CSV exporter
from model.importers.acled_actors import inter_label as inter_label
from model.importers.acled_actors import is_monadic
from model.importers.common import (
    SOURCE_ID,
    ImportContext,
    ImportNote,
    Record,
    SkippedRow,
    actor,
    clean,
    make_id,
    outlet,
    parse_coordinate,
    parse_count,
    short,
    split_list,
    title_from,
)
from model.importers.csvsource import Columns, cell
from model.importers.datetext import parse_date
from model.importers.tabular import CsvFormat, read_table
from model.taxonomy import kind_for_acled as kind_for
from model.validation import MAX_ITEMS, MAX_TEXT

# The 2023+ export's columns, in its order (the CSV exporter writes these).
COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)
ALIASES = {
    "ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2",
    "actor_1": "actor1", "actor_2": "actor2", "inter_1": "inter1", "inter_2": "inter2",
    "lat": "latitude", "lon": "longitude", "long": "longitude", "lng": "longitude",
}
# Columns the model holds; every other column is kept as an attribute.
MAPPED = frozenset({
    "event_id_cnty", "event_date", "year", "time_precision", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "country", "admin1", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "tags",
})

GEO_PRECISION = {"1": GeoPrecision.EXACT, "2": GeoPrecision.NEAR, "3": GeoPrecision.REGION}


def event_title(event_type: str, sub_type: str, place: str, parties: list[str]) -> str:
    """"Armed clash in Aleppo: A vs B", from the row's type, place name and two sides."""
    title = (sub_type or event_type or "Event") + (f" in {place}" if place else "")
    if parties:
        title += ": " + " vs ".join(parties)
    return title_from(title)


def _unnamed(name: str) -> bool:
    return name == "" or name.startswith("unnamed:")


def describe(path: Path) -> tuple[str, str]:
    """The title and description of a dataset imported from an ACLED file."""
    return f"{path.stem} (ACLED)", f"Imported from {path.name} (ACLED export)."


def _not_acled(columns: Columns | None) -> str:
    if columns is None:
        return "is empty: no ACLED header"
    return (f"has no event_date column, so it is not an ACLED export "
            f"(columns: {columns.describe()})")


def read(ctx: ImportContext) -> Iterator[Record]:
    """Every row of an ACLED export (CSV, or JSON from the API) as an Event or a SkippedRow."""
    return read_table(ctx, FORMAT)


class _RowReader:
    """Turns the fields of one row into an Event (column positions looked up once)."""

    def __init__(self, columns: Columns) -> None:
        get = columns.get
        self.i = {name: get(name) for name in MAPPED | {"event_type", "sub_event_type",
                                                       "data_id"}}
        self.attributes = [
            (i, name) for i, name in enumerate(columns.names)
            if ALIASES.get(name, name) not in MAPPED and not _unnamed(name)
            and columns.get(ALIASES.get(name, name)) == i
        ]
        self.said: list[str] = []
        """What is worth saying of the row just read (an id renamed, a date coarsened)."""
        self.monadic = is_monadic(columns)
        """Each event's rows are one per actor (see `model.importers.acled_actors`)."""
        self.ours = WRITTEN_BY_DATELINE in columns
        """Written by Dateline's export: its quoted formula cells are read back
        (`model.exporters.cells`)."""
        self._spans: dict[tuple[str, str, str], tuple[int, int, int] | None] = {}
        self._places: dict[tuple[str, str, str], tuple[str, str | None]] = {}
        self._kinds: dict[tuple[str, str, str], tuple[str, tuple[str, ...]]] = {}
        self._killed: dict[int, tuple[tuple[Any, ...], ...]] = {}
        # Fatalities and coordinates repeat (a few thousand places, a few hundred counts):
        # each text is judged once, as `event` would judge it.
        self._counts: dict[str, int | None | bool] = {}
        self._coordinates: dict[tuple[str, str], bool] = {}
        at = {name: -1 if index is None else index for name, index in self.i.items()}
        self._at = tuple(at[name] for name in (
            "event_date", "year", "time_precision", "fatalities", "latitude", "longitude",
            "event_id_cnty", "data_id", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
            "location", "admin1", "country", "event_type", "sub_event_type", "inter1", "notes",
            "source", "tags"))

    def event(self, f: list[str], line: int) -> Event | SkippedRow:
        i = self.i
        if self.ours:
            f = read_cells(f)
        self.said = []
        raw_date = cell(f, i["event_date"])
        if not raw_date:
            return SkippedRow(line, "event_date is empty")
        year = cell(f, i["year"])
        day = parse_date(raw_date, int(year) if year.isdigit() else None)
        if day is None:
            return SkippedRow(line, f"event_date '{short(raw_date)}' is not a date")
        precision = cell(f, i["time_precision"]).removesuffix(".0")
        extra: list[tuple[str, str]] = []
        if precision not in ("", "1", "2", "3"):
            return SkippedRow(line, f"time_precision '{short(precision)}' is not 1, 2 or 3")
        if not day.day_precise:
            span = DateSpan.year(day.year)
            extra.append(("event_date", raw_date))
            self.said.append(f"event_date {day.isoformat()} is read as the year {day.year}: "
                             f"days and months are held for years {DAY_YEARS[0]}.."
                             f"{DAY_YEARS[-1]} only")
        elif precision in ("", "1"):
            span = DateSpan.day(day)
        elif precision == "2":
            try:
                span = DateSpan.week_around(day)
            except ValueError as error:
                return SkippedRow(line, str(error))
        else:
            span = DateSpan.month(day.year, day.month)
            extra.append(("event_date", raw_date))  # the day itself is not in the span
        fatalities = parse_count(cell(f, i["fatalities"]))
        if isinstance(fatalities, str):
            return SkippedRow(line, f"fatalities {fatalities}")
        latitude = parse_coordinate(cell(f, i["latitude"]), "latitude", 90)
        longitude = parse_coordinate(cell(f, i["longitude"]), "longitude", 180)
        for value in (latitude, longitude):
            if isinstance(value, str):
                return SkippedRow(line, value)
        assert not isinstance(latitude, str) and not isinstance(longitude, str)

        raw_id = cell(f, i["event_id_cnty"]) or cell(f, i["data_id"])
        event_id = self.event_id(f, line)
        if raw_id and event_id != raw_id:
            extra.append((SOURCE_ID, raw_id))
            self.said.append(f"event_id_cnty '{short(raw_id)}' is not a valid id; imported "
                             f"as '{event_id}'")
        inter1 = inter_label(cell(f, i["inter1"]))
        actors = []
        name = cell(f, i["actor1"])
        if name:
            actors.append(actor(name, ActorRole.SIDE_A, inter1))
        actors.extend(actor(n, ActorRole.ALLY_A) for n in split_list(cell(f, i["assoc_actor_1"])))
        name = cell(f, i["actor2"])
        if name:
            actors.append(actor(name, ActorRole.SIDE_B, inter_label(cell(f, i["inter2"]))))
        actors.extend(actor(n, ActorRole.ALLY_B) for n in split_list(cell(f, i["assoc_actor_2"])))

        location, admin1, country = (cell(f, i["location"]), cell(f, i["admin1"]),
                                     cell(f, i["country"]))
        place = None
        if location or admin1 or country:
            place = Place(location or admin1 or country, admin1 or None, country or None,
                          latitude, longitude,
                          GEO_PRECISION.get(cell(f, i["geo_precision"]).removesuffix(".0")))
        event_type, sub_type = cell(f, i["event_type"]), cell(f, i["sub_event_type"])
        title = event_title(event_type, sub_type, place.name if place else "",
                            [a.name for a in actors if a.role in (ActorRole.SIDE_A,
                                                                   ActorRole.SIDE_B)])
        attributes = [(name, value) for index, name in self.attributes
                      if (value := cell(f, index))]
        return Event(
            id=event_id,
            title=title,
            kind=kind_for(event_type, sub_type, inter1),
            date=span,
            certainty=Certainty.REPORTED,
            place=place,
            actors=tuple(actors),
            # ACLED's 0 is a figure ("no reported fatalities"), kept as one and written back.
            casualties=(() if fatalities is None
                        else (CasualtyRecord(CasualtyType.KILLED, fatalities),)),
            sources=tuple(outlet(n) for n in split_list(cell(f, i["source"]))),
            tags=tuple(split_list(cell(f, i["tags"]))),
            notes=clean(cell(f, i["notes"])),
            attributes=tuple(attributes + extra),
        )

    def event_key(self, fields: list[str]) -> str | None:
        """The id of the event a row is of, None when the row names none."""
        if self.ours:
            fields = read_cells(fields)
        raw_id = cell(fields, self.i["event_id_cnty"]) or cell(fields, self.i["data_id"])
        return make_id(raw_id) or None

    def event_id(self, fields: list[str], line: int) -> str:
        """The id a row's event takes (from its line when the row names none)."""
        return self.event_key(fields) or f"acled-line-{line}"

    @staticmethod
    def finish(first: Event, actors: tuple[Actor, ...]) -> Event:
        """The event of a monadic file's rows: the first row's, with every row's actors (and
        the title and kind that the two sides give, as a dyadic row would)."""
        a = dict(first.attributes)
        event_type, sub_type = a.get("event_type", ""), a.get("sub_event_type", "")
        side_a = next((x for x in actors if x.role is ActorRole.SIDE_A), None)
        title = event_title(event_type, sub_type, first.place.name if first.place else "",
                            [x.name for x in actors if x.role in (ActorRole.SIDE_A,
                                                                   ActorRole.SIDE_B)])
        return replace(first, title=title, actors=actors, kind=kind_for(
            event_type, sub_type, side_a.category if side_a is not None else None))

    # -- the fast path of a big import -------------------------------------------------------

    def index(self, fields: list[str], line: int, *, checked: bool = False
              ) -> IndexedEvent | None:
        """The store's indexed form of a plain row, read straight from its fields; None when
        the row needs `event` (anything to skip, rename or note, or unusually large).

        A million rows are read this way without building an Event each; the events are
        built by `event` only when shown. Tests hold the two to the same result on every
        fixture and generated file. `checked` says the caller knows that no cell holds a
        carriage return or is longer than MAX_TEXT (a short record without one).
        """
        if not checked and (max(map(len, fields)) > MAX_TEXT
                            or any("\r" in cell_text for cell_text in fields)):
            return None
        if self.ours:
            fields = read_cells(fields)
        (date_i, year_i, precision_i, fatalities_i, latitude_i, longitude_i, id_i, data_id_i,
         actor1_i, assoc1_i, actor2_i, assoc2_i, location_i, admin1_i, country_i, type_i,
         sub_type_i, inter1_i, notes_i, source_i, tags_i) = self._at
        f = [*fields, ""]  # absent columns read the "" at the end
        span = self._span(f[date_i].strip(), f[year_i].strip(), f[precision_i].strip())
        if span is None:
            return None
        raw = f[fatalities_i]
        fatalities = self._counts.get(raw, False)
        if fatalities is False:
            fatalities = self._count(raw)
            if len(self._counts) < 100_000:
                self._counts[raw] = fatalities
        if fatalities is False:
            return None
        where = (f[latitude_i], f[longitude_i])
        usable = self._coordinates.get(where)
        if usable is None:
            usable = self._usable_coordinates(*where)
            if len(self._coordinates) < 100_000:
                self._coordinates[where] = usable
        if not usable:
            return None
        event_id = f[id_i].strip() or f[data_id_i].strip()
        if not event_id or not ID_PATTERN.match(event_id):
            return None
        actors: list[tuple[str, str]] = []
        side_a, side_b = f[actor1_i].strip(), f[actor2_i].strip()
        if side_a:
            actors.append((side_a, "side-a"))
        allies = f[assoc1_i].strip()
        if allies:
            actors.extend((n, "ally-a") for n in split_list(allies))
        if side_b:
            actors.append((side_b, "side-b"))
        allies = f[assoc2_i].strip()
        if allies:
            actors.extend((n, "ally-b") for n in split_list(allies))
        place_key = (f[location_i].strip(), f[admin1_i].strip(), f[country_i].strip())
        place = self._places.get(place_key)
        if place is None:
            location, admin1, country = place_key
            name = location or admin1 or country
            place = self._places[place_key] = (
                (name, Place(name, admin1 or None, country or None).display()) if name
                else ("", None))
        event_type, sub_type = f[type_i].strip(), f[sub_type_i].strip()
        kind_key = (event_type, sub_type, f[inter1_i].strip())
        kind_and_label = self._kinds.get(kind_key)
        if kind_and_label is None:
            label = acled_label(event_type, sub_type)
            kind_and_label = self._kinds[kind_key] = (
                kind_for(event_type, sub_type, inter_label(kind_key[2])).value,
                (label,) if label else ())
        kind, categories = kind_and_label
        title = event_title(event_type, sub_type, place[0], [n for n in (side_a, side_b) if n])
        notes = f[notes_i].strip()
        text = f[source_i].strip()
        sources = (text,) if text and ";" not in text else tuple(split_list(text))
        text = f[tags_i].strip()
        tags = (text,) if text and ";" not in text else tuple(split_list(text))
        if len(notes) > MAX_TEXT or max(len(actors), len(sources), len(tags)) > MAX_ITEMS:
            return None
        if fatalities is None:
            casualties: tuple[tuple[Any, ...], ...] = ()
        else:
            casualties = self._killed.get(fatalities, ())
            if not casualties:
                casualties = (("killed", fatalities, "exact", "incident", None),)
                if len(self._killed) < 10_000:
                    self._killed[fatalities] = casualties
        return (event_id, *span, 0, kind, "reported", title, place[1], tuple(actors), sources,
                tags, casualties, notes, "", categories)

    @staticmethod
    def _count(raw: str) -> int | None | bool:
        """Fatalities as `event` reads them: a number, None when empty, False when the row
        needs the full reading (which says why)."""
        text = raw.strip()
        if text.isascii() and text.isdigit() and len(text) < 9:
            return int(text)
        parsed = parse_count(text)
        return False if isinstance(parsed, str) else parsed

    @staticmethod
    def _usable_coordinates(latitude: str, longitude: str) -> bool:
        """Whether `event` would accept this latitude and longitude."""
        for text, limit in ((latitude.strip(), 90), (longitude.strip(), 180)):
            try:
                if not -limit <= float(text) <= limit:
                    return False
            except ValueError:
                if isinstance(parse_coordinate(text, "", limit), str):
                    return False
        return True

    def _span(self, raw_date: str, year: str, precision: str
              ) -> tuple[int, int, int] | None:
        """(earliest, latest, precision rank) as `event` reads them, remembered per text."""
        key = (raw_date, year, precision)
        found = self._spans.get(key, False)
        if found is not False:
            return found  # type: ignore[return-value]
        span: DateSpan | None = None
        day = parse_date(raw_date, int(year) if year.isdigit() else None) if raw_date else None
        precision = precision.removesuffix(".0")
        if day is not None and day.day_precise:  # others are coarsened by the exact reader
            if precision in ("", "1"):
                span = DateSpan.day(day)
            elif precision == "2" and WEEKS_HELD[0] <= day.ordinal <= WEEKS_HELD[1]:
                span = DateSpan.week_around(day)
            elif precision == "3":
                span = DateSpan.month(day.year, day.month)
        result = None if span is None else (
            span.earliest.ordinal, span.latest.ordinal, span.precision.rank)
        if len(self._spans) < 100_000:
            self._spans[key] = result
        return result


WEEKS_HELD = (Day(DAY_YEARS[0], 1, 4).ordinal, Day(DAY_YEARS[-1], 12, 28).ordinal)
"""The middle days whose week lies inside the years held to the day."""

FORMAT = CsvFormat("acled", ALIASES, "event_date", describe, _not_acled, _RowReader,
                   lambda reader, line: [ImportNote(line, said) for said in reader.said],
                   fast=True,
                   gathers=lambda reader: (reader.finish if reader.monadic else None))
