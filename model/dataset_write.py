"""Writing the Dateline dataset format: events and the dataset's description as the TOML
tables `model.dataset` reads back (`docs/dataset-format.md`). Empty values are left out (TOML
has no null, and absent means the default), so a written file reads back to the same events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from model.dataset import FORMAT_VERSION, DatasetInfo
from model.dates import DatePrecision, DateSpan
from model.days import Day, year_iso
from model.event import Event


_SIZED = frozenset({str, tuple, list, dict})


def _prune(table: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: TOML has no null, and absent means default. Numbers are never
    empty: a count or an offset of 0 is data."""
    return {k: v for k, v in table.items()
            if v is not None and v is not False and (v or type(v) not in _SIZED)}


def toml_day(day: Day, *, year_only: bool = False) -> dt.date | str:
    """A day as TOML holds it: a local date for the years 1..9999, which TOML's dates
    cover; otherwise a string in ISO 8601's expanded form ("-0005-03-15"), or the year alone
    ("-13800000000") when `year_only` (the span's edge is its year's first or last day)."""
    date = day.to_date()
    if date is not None:
        return date
    return year_iso(day.year) if year_only else day.isoformat()


def span_to_table(span: DateSpan) -> dict[str, Any]:
    """A DateSpan as a TOML table."""
    by_year = span.precision is DatePrecision.YEAR
    table: dict[str, Any] = {"earliest": toml_day(
        span.earliest, year_only=by_year and (span.earliest.month, span.earliest.day) == (1, 1))}
    # Without `latest` the loader reads a coarse precision as its whole unit, so only a
    # single day may leave it out.
    if span.latest != span.earliest or span.precision is not DatePrecision.DAY:
        table["latest"] = toml_day(
            span.latest, year_only=by_year and (span.latest.month, span.latest.day) == (12, 31))
    table["precision"] = span.precision.value
    table["inferred"] = span.inferred
    table["forecast"] = span.forecast
    return _prune(table)


def event_to_table(event: Event) -> dict[str, Any]:
    """An Event as a TOML table using the dataset field names."""
    place = event.place
    return _prune({
        "id": event.id,
        "title": event.title,
        "kind": event.kind.value,
        "certainty": event.certainty.value,
        "date": span_to_table(event.date),
        "place": _prune({
            "name": place.name, "admin": place.admin, "country": place.country,
            "latitude": place.latitude, "longitude": place.longitude,
            "precision": place.precision.value if place.precision else None,
        }) if place else None,
        "actors": [_prune({"name": a.name, "role": a.role.value, "category": a.category})
                   for a in event.actors],
        "casualties": [_prune({
            "type": c.type.value, "count": c.count, "qualifier": c.qualifier.value,
            "scope": c.scope.value, "since": toml_day(c.since) if c.since else None,
            "low": c.low, "high": c.high,
            "party": c.party,
        }) for c in event.casualties],
        "sources": [_prune({"claimant": s.claimant, "channels": list(s.channels),
                            "outlet": s.outlet, "url": s.url, "document": s.document})
                    for s in event.sources],
        "quotes": [_prune({"text": q.text, "start": q.start, "end": q.end,
                           "document": q.document})
                   for q in event.quotes],
        "tags": list(event.tags),
        "notes": event.notes,
        "links": [_prune({"url": link.url, "caption": link.caption, "credit": link.credit})
                  for link in event.links],
        "attributes": dict(event.attributes),
    })


def info_to_table(info: DatasetInfo) -> dict[str, Any]:
    """The [dataset] table."""
    return _prune({
        "title": info.title,
        "description": info.description,
        "reference_date": info.reference_date,
        "reference_date_inferred": info.reference_date_inferred,
        "reference_note": info.reference_note,
        "documents": [_prune({
            "id": d.id, "title": d.title, "path": d.path, "sha256": d.sha256, "outlet": d.outlet,
            "url": d.url, "published": d.published, "published_inferred": d.published_inferred,
            "note": d.note,
        }) for d in info.documents],
        "eras": [_prune({"name": e.name, "date": span_to_table(e.date), "notes": e.notes})
                 for e in info.eras],
        "attributes": dict(info.attributes),
    })


def dataset_to_table(info: DatasetInfo, events: Iterable[Event]) -> dict[str, Any]:
    """A whole dataset file as a table ready for tomli_w."""
    return {
        "format_version": FORMAT_VERSION,
        "dataset": info_to_table(info),
        "events": [event_to_table(e) for e in events],
    }
