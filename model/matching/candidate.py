"""One event as matching sees it: when (a span of days), where (coordinates and names), what
(a kind and the source's own category), who; and how it is made from an `Event`."""

from __future__ import annotations

from dataclasses import dataclass
from sys import intern

from model.categories import category_labels
from model.event import Event, GeoPrecision
from model.kinds import EventKind

NOT_POINTS = frozenset({GeoPrecision.COUNTRY})
"""Precisions whose coordinates say nothing finer than a country: matched by name only."""
AREAS = frozenset({GeoPrecision.REGION, GeoPrecision.WATER})
"""Precisions whose coordinates stand for an area (a region, a stretch of coast or sea):
matched within the km window plus the region allowance."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One event as matching sees it."""

    key: int
    """Unique across all sources (the store position)."""
    source: int
    """Which source it comes from (0, 1, ...)."""
    earliest: int
    """First day it may have happened on, as an ordinal (`model.days.Day.ordinal`)."""
    latest: int
    """Last day it may have happened on (inclusive): a week-precision row spans 7 days."""
    kind: EventKind
    latitude: float | None = None
    longitude: float | None = None
    geo: GeoPrecision | None = None
    """How exactly the coordinates place it (None: as exactly as given)."""
    place: str | None = None
    """The place name as given ("Sirte", "Abu Grein")."""
    admin: str | None = None
    """The admin area as given ("Surt", "Sirte District")."""
    country: str | None = None
    actors: tuple[str, ...] = ()
    category: str | None = None
    """The source's own category, for reasons ("ACLED: Battle-Government regains
    territory")."""

    def __post_init__(self) -> None:
        checked(self.key, self.earliest, self.latest, self.latitude, self.longitude)

    @property
    def located(self) -> bool:
        """Whether its coordinates place it finer than a country."""
        return self.latitude is not None and self.geo not in NOT_POINTS

    @property
    def area(self) -> bool:
        """Whether its coordinates stand for an area rather than a point."""
        return self.located and self.geo in AREAS

    @property
    def words(self) -> str:
        """What it is, as reasons say it: its source's category, or its kind."""
        return words_of(self.category, self.kind)


def words_of(category: str | None, kind: EventKind) -> str:
    """What an event is, as reasons say it: its source's category, or its kind."""
    return category or kind.value


def checked(key: int, earliest: int, latest: int, latitude: float | None,
            longitude: float | None) -> None:
    """Raise ValueError unless the fields make a candidate: a span in order, a latitude
    with its longitude and within -90..90."""
    if latest < earliest:
        raise ValueError(f"candidate {key}: latest day {latest} is before earliest day "
                         f"{earliest}")
    if (latitude is None) != (longitude is None):
        raise ValueError(f"candidate {key}: a latitude needs a longitude")
    if latitude is not None and not -90.0 <= latitude <= 90.0:
        raise ValueError(f"candidate {key}: latitude {latitude} is outside -90..90")


Fields = tuple[int, int, EventKind, "float | None", "float | None", "GeoPrecision | None",
               "str | None", "str | None", "str | None", tuple[str, ...], "str | None"]
"""A candidate's fields after its key and source, in `Candidate`'s order."""


def fields_of(event: Event) -> Fields:
    """What matching keeps of an event: its kind as the taxonomy refines it for matching
    (an explosion whose title or notes say it came from the air is an air strike;
    `model.taxonomy.refined_kind`), its first source category for reasons. Its title and
    notes are not kept."""
    from model.taxonomy import refined_kind  # read when first asked, as `match` reads it

    place = event.place
    labels = category_labels(event)
    text = f"{event.title}\n{event.notes}" if event.notes else event.title
    return (event.date.earliest.ordinal, event.date.latest.ordinal,
            refined_kind(event.kind, text),
            place.latitude if place and place.longitude is not None else None,
            place.longitude if place and place.latitude is not None else None,
            place.precision if place else None,
            place.name if place else None,
            place.admin if place else None,
            place.country if place else None,
            tuple(actor.name for actor in event.actors),
            labels[0] if labels else None)


def candidate_of(event: Event, key: int, source: int) -> Candidate:
    """The candidate for an event at `key` in `source` (`fields_of`), its names one copy
    each however many candidates give them. A million events are better added to a
    `model.matching.table.CandidateTable`, which makes no object per event."""
    (earliest, latest, kind, latitude, longitude, geo, place, admin, country, actors,
     category) = fields_of(event)
    return Candidate(key, source, earliest, latest, kind, latitude, longitude, geo,
                     _shared(place), _shared(admin), _shared(country),
                     tuple(intern(actor) for actor in actors), _shared(category))


def _shared(text: str | None) -> str | None:
    return None if text is None else intern(text)
