"""The store's codec: an event as the store's indexed row and as its stored body, both ways.

It is written once, here, in the model's core rather than in `model.store`, so that an
importer's fast path (ACLED's, reading a million rows without building an Event each)
produces exactly the row the store's builder takes, without importing the store.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from model.categories import category_labels
from model.dates import DatePrecision, DateSpan
from model.days import Day
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
)
from model.kinds import EventKind

# Bodies are positional JSON arrays: encoding a list of plain values is several times faster
# than building a dict per event, which matters at a million events. BODY_VERSION changes
# whenever the layout (or the schema, or the order) does, so a cached store from another one
# is rebuilt.
BODY_VERSION = 10


def _day(value: Day | None) -> int | None:
    return value.ordinal if value is not None else None


def _from_day(value: int | None) -> Day | None:
    return Day.fromordinal(value) if value is not None else None


def encode_event(event: Event) -> str:
    """The event as a compact positional JSON array (see `decode_event`)."""
    d, p = event.date, event.place
    return json.dumps([
        event.id, event.title, event.kind.value, event.certainty.value,
        [d.earliest.ordinal, d.latest.ordinal, d.precision.value, d.inferred,
         d.forecast],
        None if p is None else [p.name, p.admin, p.country, p.latitude, p.longitude,
                                p.precision.value if p.precision else None],
        [[a.name, a.role.value, a.category] for a in event.actors],
        [[c.type.value, c.count, c.qualifier.value, c.scope.value, _day(c.since), c.low,
          c.high, c.party] for c in event.casualties],
        [[s.claimant, list(s.channels), s.outlet, s.url, s.document] for s in event.sources],
        [[q.text, q.start, q.end, q.document] for q in event.quotes],
        list(event.tags), event.notes,
        [[k.url, k.caption, k.credit] for k in event.links],
        [list(pair) for pair in event.attributes],
    ], ensure_ascii=False, separators=(",", ":"))


def decode_event(body: str) -> Event:
    """An event from the JSON the store wrote (trusted: it was validated on the way in)."""
    (event_id, title, kind, certainty, d, p, actors, casualties, sources, quotes, tags, notes,
     links, attributes) = json.loads(body)
    span = DateSpan(Day.fromordinal(d[0]), Day.fromordinal(d[1]), DatePrecision(d[2]),
                    d[3], d[4])
    place = None if p is None else Place(
        p[0], p[1], p[2], p[3], p[4], GeoPrecision(p[5]) if p[5] else None)
    return Event(
        id=event_id, title=title, kind=EventKind(kind), date=span,
        certainty=Certainty(certainty), place=place,
        actors=tuple(Actor(a[0], ActorRole(a[1]), a[2]) for a in actors),
        casualties=tuple(CasualtyRecord(
            CasualtyType(c[0]), c[1], CasualtyQualifier(c[2]), CasualtyScope(c[3]),
            _from_day(c[4]), c[5], c[6], c[7]) for c in casualties),
        sources=tuple(Source(s[0], tuple(s[1]), s[2], s[3], s[4]) for s in sources),
        quotes=tuple(Quote(q[0], q[1], q[2], q[3]) for q in quotes),
        tags=tuple(tags), notes=notes,
        links=tuple(Link(k[0], k[1], k[2]) for k in links),
        attributes=tuple((k, v) for k, v in attributes),
    )


IndexedEvent = tuple[Any, ...]
"""What the store keeps of an event beside its body, as a plain tuple (built a million times
on an import): id, earliest, latest, precision rank, forecast, kind, certainty, title, place
(as displayed, or None), actors ((name, role) in order), source names, tags, casualties
((type, count, qualifier, scope, since day) each), notes, quotes (joined by new lines),
source categories (their labels, `model.categories`)."""


def index_event(event: Event) -> IndexedEvent:
    """The indexed form of an event (importers may build the same tuple straight from a row;
    tests hold them to this one)."""
    span = event.date
    return (
        event.id, span.earliest.ordinal, span.latest.ordinal, span.precision.rank,
        int(span.forecast), event.kind.value, event.certainty.value, event.title,
        event.place.display() if event.place else None,
        tuple((a.name, a.role.value) for a in event.actors),
        tuple(name for source in event.sources for name in source.names()),
        event.tags,
        tuple((c.type.value, c.count, c.qualifier.value, c.scope.value, _day(c.since))
              for c in event.casualties),
        event.notes, "\n".join(q.text for q in event.quotes), category_labels(event),
    )


ZERO_BIT = {kind: 1 << i for i, kind in enumerate(sorted(t.value for t in CasualtyType))}
"""The bit of each casualty type in the store's `zeros` column, which holds the figures a
source gives as exactly none in one incident (see model.store.schema)."""


def zero_figures(casualties: Sequence[tuple[Any, ...]]
                  ) -> tuple[int, tuple[tuple[Any, ...], ...]]:
    """An event's figures of exactly none in one incident as bits (the `zeros` column),
    and the figures left for the casualties table."""
    zeros, kept = 0, []
    for c in casualties:
        bit = ZERO_BIT.get(c[0]) if c[1] == 0 and c[2] == "exact" and c[3] == "incident" \
            and c[4] is None else None
        if bit is None or zeros & bit:  # a second zero of a type is a row, as it was
            kept.append(c)
        else:
            zeros |= bit
    return zeros, tuple(kept)
