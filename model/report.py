"""Plain-text and JSON renderings of events, shared by the CLI (and its tests)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator
from typing import Any

from model.casualties import CasualtySummary
from model.categories import SourceCategory, kind_inferred, source_categories
from model.dataset import DatasetInfo
from model.event import Actor, Certainty, Event, Place
from model.text import counted, safe_text

CERTAINTY_GLYPH = {
    Certainty.CONFIRMED: "\u25cf",  # ● solid: established
    Certainty.REPORTED: "\u25d0",  # ◐ half: a third party says so
    Certainty.CLAIMED: "\u25cb",  # ○ hollow: a party to the events says so
    Certainty.FORECAST: "\u25b8",  # ▸ pointing ahead: not happened yet
}


def event_json(event: Event) -> dict[str, Any]:
    """Every field, with the dataset's field names and explicit nulls."""
    d = event.date
    place = event.place
    return {
        "id": event.id,
        "title": event.title,
        "kind": event.kind.value,
        "categories": [{"scheme": c.scheme, "code": c.code, "words": c.words,
                        "label": c.label()} for c in source_categories(event)],
        "date": {
            "earliest": d.earliest.isoformat(), "latest": d.latest.isoformat(),
            "precision": d.precision.value, "inferred": d.inferred, "forecast": d.forecast,
            "display": d.display(),
        },
        "certainty": event.certainty.value,
        "place": None if place is None else {
            "name": place.name, "admin": place.admin, "country": place.country,
            "latitude": place.latitude, "longitude": place.longitude,
            "precision": place.precision.value if place.precision else None,
        },
        "actors": [{"name": a.name, "role": a.role.value, "category": a.category}
                   for a in event.actors],
        "casualties": [{
            "type": c.type.value, "count": c.count, "qualifier": c.qualifier.value,
            "scope": c.scope.value, "since": c.since.isoformat() if c.since else None,
            "low": c.low, "high": c.high, "party": c.party,
        } for c in event.casualties],
        "sources": [{"claimant": s.claimant, "channels": list(s.channels), "outlet": s.outlet,
                     "url": s.url, "document": s.document, "chain": s.chain()}
                    for s in event.sources],
        "quotes": [{"text": q.text, "start": q.start, "end": q.end, "document": q.document}
                   for q in event.quotes],
        "tags": list(event.tags),
        "notes": event.notes,
        "links": [{"url": k.url, "caption": k.caption, "credit": k.credit}
                  for k in event.links],
        "attributes": dict(event.attributes),
    }


BADGE_UNITS = {"killed": "\u2020", "wounded": "w"}
"""After a count in a casualty badge: † killed, w wounded (a "k" would read as thousands:
"15k", ">100k")."""


def casualty_badge(event: Event) -> str:
    """"6† 15w", with "Σ" marking cumulative figures so nobody adds them up by eye."""
    parts = []
    for c in event.casualties:
        mark = "\u03a3" if c.scope.value == "cumulative" else ""
        parts.append(f"{mark}{c.qualifier.mark}{counted(c.count)}{BADGE_UNITS[c.type.value]}")
    return " ".join(parts)


def _fit(text: str, width: int | None) -> str:
    if width is None or len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "\u2026"


NARROW = 100
"""Below this width the list gives the certainty as its glyph alone, leaving room for titles."""


def list_lines(events: Iterable[Event], *, width: int | None = 80, id_width: int = 0
               ) -> Iterator[str]:
    """Aligned rows under a header line: date, kind, certainty, id, title and casualty
    badge (fixed columns, so each row is written as it is read). The title is fitted to
    `width`; with None every field is whole (output that is not a terminal). An id is never
    cut: the id column is `id_width` wide, and a longer id takes room from the title. Under
    NARROW columns the certainty is its glyph alone."""
    id_width = max(id_width, 2)
    words = width is None or width >= NARROW
    certainty = f"{'CERTAINTY':<11}" if words else "C"
    yield _fit(f"{'DATE':<15} {'KIND':<13} {certainty} {'ID':<{id_width}} TITLE", width)
    for event in events:
        glyph = CERTAINTY_GLYPH[event.certainty]
        badge = casualty_badge(event)
        certainty = f"{glyph} {event.certainty.value:<9}" if words else glyph
        head = (f"{_fit(event.date.short(), 15 if width else None):<15} "
                f"{_fit(event.kind.value, 13 if width else None):<13} "
                f"{certainty} {safe_text(event.id):<{id_width}} ")
        room = None if width is None else max(1, width - len(head))
        title = safe_text(event.title)
        if badge:
            title = _fit(title, None if room is None else max(1, room - len(badge) - 1))
            title += " " + badge
        yield head + _fit(title, room)


def kind_words(event: Event, categories: tuple[SourceCategory, ...], *, gap: str = " "
               ) -> str:
    """"explosion (inferred from the source's category)" when the kind is the one an import
    infers from the event's source categories, else the kind alone."""
    if kind_inferred(event, categories):
        return f"{event.kind.value}{gap}(inferred from the source's category)"
    return event.kind.value


def category_lines(categories: tuple[SourceCategory, ...]) -> list[str]:
    """Each source category's label, made safe to show ("ACLED: Battles / Armed clash")."""
    return [safe_text(category.label()) for category in categories]


def place_words(place: Place, *, gap: str = " ") -> str:
    """Name, admin area, country, coordinates and their precision, made safe to show."""
    text = safe_text(place.display())
    if place.latitude is not None and place.longitude is not None:
        text += f"{gap}({place.latitude:.4f}, {place.longitude:.4f})"
    if place.precision:
        text += f"{gap}[{place.precision.value}]"
    return text


def actor_words(actor: Actor) -> str:
    """"GNA forces (side-a, State forces)", made safe to show."""
    category = f", {actor.category}" if actor.category else ""
    return safe_text(f"{actor.name} ({actor.role.value}{category})")


def show_lines(event: Event, info: DatasetInfo | None = None) -> list[str]:
    """One event in full, every field, casualty scope in words."""
    s = safe_text
    out = [s(event.title), "=" * min(78, len(event.title)), ""]
    out.append(f"id:         {s(event.id)}")
    categories = source_categories(event)
    out.append(f"kind:       {kind_words(event, categories)}")
    out.extend(f"category:   {line}" for line in category_lines(categories))
    out.append(f"date:       {event.date.described()}")
    glyph = CERTAINTY_GLYPH[event.certainty]
    out.append(f"certainty:  {glyph} {event.certainty.value}")
    if event.place:
        out.append(f"place:      {place_words(event.place)}")
    if event.actors:
        out.append("actors:")
        out.extend(f"  - {actor_words(a)}" for a in event.actors)
    if event.casualties:
        out.append("casualties:")
        for c in event.casualties:
            out.append(f"  - {s(c.figure())}: {c.scope_words()}")
    if event.sources:
        out.append("sources:")
        for src in event.sources:
            out.append(f"  - {s(src.chain())}")
    if event.quotes:
        out.append("quotes:")
        for q in event.quotes:
            out.append(f"  - \u201c{s(q.text)}\u201d [{q.start}..{q.end}]")
    if event.tags:
        out.append(f"tags:       {s(', '.join(event.tags))}")
    if event.notes:
        out.append(f"notes:      {s(event.notes)}")
    for link in event.links:
        caption = f" \u2014 {s(link.caption)}" if link.caption else ""
        out.append(f"link:       {s(link.url)}{caption}")
    for key, value in event.attributes:
        out.append(f"{s(key)}: {s(value)}")
    return out


def summary_lines(shown: int, total: int, summary: CasualtySummary, *, width: int = 80
                  ) -> list[str]:
    """"19 of 19 events · more than 100 killed, about 490 wounded since 12 May 2016 (a running
    total; …)", wrapped to `width`: the totals explained in full (`CasualtySummary.explained`)."""
    text = f"{counted(shown)} of {counted(total, 'event')} \u00b7 {summary.explained()}"
    return textwrap.wrap(text, width=max(20, width)) or [text]
