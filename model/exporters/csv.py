"""Events as ACLED-style CSV: the 2023+ export's columns, filled from what the model holds,
and Dateline's kind in a column of its own (`dateline_kind`).

Modelled fields come from the event (date and precision, actors and their categories,
place, sources, notes, killed figures, tags); ACLED columns the model does not hold
(event_type, admin2, region, timestamp ...) come from the attributes an ACLED import kept.
event_type and sub_event_type are the event's own ACLED category (`model.categories`):
empty for an event that never had one, never worked out from its kind. Events imported from
ACLED come back with the columns they had.

`fatalities` is one incident's deaths: the sum of the incident `killed` figures, empty when
there are none (0 only when a figure says 0). What it cannot hold (cumulative figures, a
range's low and high, "about" and "more than") is written in notes, and counted in the
export's report.

Cells a spreadsheet would run as formulas are written as text (`model.exporters.cells`), and
a field holding a line break is quoted, so that the file reads back as it was written.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from model.days import Day
from model.categories import ACLED_COLUMNS
from model.dates import DatePrecision, DateSpan
from model.event import (
    ActorRole,
    CasualtyQualifier,
    CasualtyScope,
    CasualtyType,
    Event,
    GeoPrecision,
)
from model.exporters import ExportReport, as_text
from model.exporters.cells import NEUTRALISED, WRITTEN_BY_DATELINE, written_cell
from model.importers.acled import COLUMNS, INTER_CODES
from model.importers.common import SOURCE_ID
from model.importers.datetext import parse_date

CSV_COLUMNS = (*COLUMNS, WRITTEN_BY_DATELINE)
"""ACLED's columns, then the event's kind, which ACLED has no column for."""
GEO_CODES = {GeoPrecision.EXACT: "1", GeoPrecision.NEAR: "2", GeoPrecision.REGION: "3",
             GeoPrecision.COUNTRY: "3", GeoPrecision.WATER: "3"}
FROM_ATTRIBUTES = (*ACLED_COLUMNS, "disorder_type", "interaction", "civilian_targeting", "iso",
                   "region", "admin2", "admin3", "source_scale", "timestamp")


def acled_date(span: DateSpan, original: str | None = None) -> tuple[Day, str]:
    """ACLED's event_date and time_precision for a span (a mid date for wider spans)."""
    if span.precision is DatePrecision.DAY and span.earliest == span.latest:
        return span.earliest, "1"
    if span.precision is DatePrecision.MONTH and original:
        day = parse_date(original)
        if day is not None and span.earliest <= day <= span.latest:
            return day, "3"
    middle = Day.fromordinal((span.earliest.ordinal + span.latest.ordinal) // 2)
    return middle, "2" if span.days <= 7 else "3"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


FATALITIES_EMPTY = "fatalities left empty (no figure of the killed)"
ONLY_CUMULATIVE = "fatalities left empty (only cumulative figures, written in notes)"
CUMULATIVE_IN_NOTES = "cumulative figures written in notes, not added to fatalities"
RANGE_IN_NOTES = "a range's best figure written in fatalities, low and high in notes"
QUALIFIED_IN_NOTES = ("'about', 'at least' or 'more than' figure written as its number, its "
                      "words in notes")


def fatalities(event: Event, report: ExportReport | None = None) -> tuple[str, str]:
    """ACLED's `fatalities` for an event, and what notes must add (each change counted in
    `report`)."""
    killed = [c for c in event.casualties if c.type is CasualtyType.KILLED]
    incident = [c for c in killed if c.scope is CasualtyScope.INCIDENT]
    cumulative = [c for c in killed if c.scope is CasualtyScope.CUMULATIVE]
    why: list[str] = []
    notes: list[str] = []
    if not killed:
        why.append(FATALITIES_EMPTY)
    elif not incident:
        why.append(ONLY_CUMULATIVE)
    elif cumulative:
        why.append(CUMULATIVE_IN_NOTES)
    for c in incident:
        ranged = c.low is not None or c.high is not None
        qualified = c.qualifier is not CasualtyQualifier.EXACT
        why.extend(w for w, flag in ((RANGE_IN_NOTES, ranged), (QUALIFIED_IN_NOTES, qualified))
                   if flag and w not in why)
        if ranged or qualified:
            notes.append(f"[Fatalities: {c.figure()}]")
    notes.extend(f"[Cumulative: {c.figure()}, {c.scope_words()}]" for c in cumulative)
    if report is not None:
        for reason in why:
            report.note(reason)
    return (str(sum(c.count for c in incident)) if incident else ""), " ".join(notes)


def acled_row(event: Event, report: ExportReport | None = None) -> dict[str, str]:
    """One event as ACLED columns (what they cannot hold as the event does counted in
    `report`)."""
    a = dict(event.attributes)
    day, precision = acled_date(event.date, a.get("event_date"))
    row = dict.fromkeys(CSV_COLUMNS, "")
    row.update({k: a[k] for k in FROM_ATTRIBUTES if k in a})
    row["event_id_cnty"] = a.get(SOURCE_ID, event.id)  # the id ACLED gave, never a made one
    row["event_date"] = day.isoformat()
    row["year"] = str(day.year)
    row["time_precision"] = precision
    row[WRITTEN_BY_DATELINE] = event.kind.value
    sides = {role: [x for x in event.actors if x.role is role] for role in ActorRole}
    for n, side, ally in ((1, ActorRole.SIDE_A, ActorRole.ALLY_A),
                          (2, ActorRole.SIDE_B, ActorRole.ALLY_B)):
        main = sides[side]
        if main:
            row[f"actor{n}"] = main[0].name
            row[f"inter{n}"] = main[0].category or ""
        row[f"assoc_actor_{n}"] = "; ".join(x.name for x in main[1:] + sides[ally])
    if not row["interaction"] and row["inter1"] in INTER_CODES:
        row["interaction"] = (f"{row['inter1']}-{row['inter2']}" if row["inter2"]
                              else f"{row['inter1']} only")
    place = event.place
    if place is not None:
        row["country"] = place.country or ""
        row["admin1"] = place.admin or ""
        row["location"] = place.name
        row["latitude"], row["longitude"] = _number(place.latitude), _number(place.longitude)
        row["geo_precision"] = GEO_CODES.get(place.precision, "") if place.precision else ""
    outlets: list[str] = []
    for source in event.sources:
        name = source.outlet or (source.names()[-1] if source.names() else "")
        if name and name not in outlets:
            outlets.append(name)
    row["source"] = "; ".join(outlets)
    row["fatalities"], more = fatalities(event, report)
    row["notes"] = " ".join(filter(None, (event.notes or event.title, more)))
    row["tags"] = "; ".join(event.tags)
    return row


def write_acled_csv(events: Iterable[Event], stream: IO[Any], *,
                    report: ExportReport | None = None, raw_cells: bool = False) -> int:
    """Write ACLED-style CSV (header and one row per event); returns the number of events.
    What the columns could not hold as the events do is counted in `report`, and so are
    the cells a spreadsheet would run as formulas, written as text (`model.exporters.cells`)
    unless `raw_cells`. A field holding a line break (CR or LF) is always quoted."""
    count = 0
    with as_text(stream) as out:
        writer = csv.writer(out, lineterminator="\n")
        quoting_all = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(CSV_COLUMNS)
        for event in events:
            cells = []
            row = acled_row(event, report)
            for text in (row[column] for column in CSV_COLUMNS):
                cell, neutralised = written_cell(text, raw=raw_cells)
                if neutralised and report is not None:
                    report.note(NEUTRALISED, what="cell")
                cells.append(cell)
            # The csv module quotes LF (the line terminator) but not a bare CR.
            (quoting_all if any("\r" in c for c in cells) else writer).writerow(cells)
            count += 1
    return count
