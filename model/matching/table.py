"""Candidates as a table: one compact column per field, no object per event.

Two million `Candidate` objects hold about 350 bytes each (an object, its integers and
floats, its tuple of actors): more than half of what matching two files of a million events
needs. A `CandidateTable` holds the same fields in arrays, about 60 bytes an event, each
name once in a list of names and each list of actors once in a list of lists. `match`
takes either; `CandidateTable.add` fills one straight from events, as big callers do.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator, Sequence

from model.event import Event, GeoPrecision
from model.kinds import EventKind
from model.matching.candidate import Candidate, checked, fields_of, words_of

KINDS: tuple[EventKind, ...] = tuple(EventKind)
"""The kinds in the order `CandidateTable.kinds` numbers them."""
KIND_INDEX = {kind: i for i, kind in enumerate(KINDS)}
GEOS: tuple[GeoPrecision | None, ...] = (None, *GeoPrecision)
"""The precisions in the order `CandidateTable.geos` numbers them (0: none given)."""
_GEO_INDEX = {geo: i for i, geo in enumerate(GEOS)}
_NOWHERE = math.nan


class CandidateTable:
    """Candidates as columns, `i` the i-th added. Names are numbered (0: none), their
    texts in `names`; actor lists likewise in `actor_lists` (0: none)."""

    def __init__(self) -> None:
        self.keys = array("q")
        self.sources = array("q")
        self.earliest = array("q")
        self.latest = array("q")
        self.kinds = bytearray()
        """Index into KINDS."""
        self.latitudes = array("d")
        self.longitudes = array("d")
        """NaN for an event without coordinates."""
        self.geos = bytearray()
        """Index into GEOS."""
        self.places, self.admins = array("i"), array("i")
        self.countries, self.categories = array("i"), array("i")
        self.actors_at = array("i")
        self.names: list[str | None] = [None]
        self.actor_lists: list[tuple[str, ...]] = [()]
        self._name_number: dict[str | None, int] = {None: 0}
        self._actors_number: dict[tuple[str, ...], int] = {(): 0}

    @classmethod
    def of(cls, candidates: Iterable[Candidate]) -> CandidateTable:
        """The table of `candidates`, in their order."""
        table = cls()
        for c in candidates:
            table.append(c)
        return table

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[Candidate]:
        return (self[i] for i in range(len(self)))

    def __getitem__(self, i: int) -> Candidate:
        """The i-th candidate as an object (for tests and rare callers: matching reads the
        columns)."""
        located = not math.isnan(self.latitudes[i])
        return Candidate(
            key=self.keys[i], source=self.sources[i], earliest=self.earliest[i],
            latest=self.latest[i], kind=KINDS[self.kinds[i]],
            latitude=self.latitudes[i] if located else None,
            longitude=self.longitudes[i] if located else None,
            geo=GEOS[self.geos[i]], place=self.place(i), admin=self.admin(i),
            country=self.country(i), actors=self.actors(i), category=self.category(i))

    # -- filling ---------------------------------------------------------------------------

    def append(self, c: Candidate) -> None:
        """Add one candidate (already checked when it was made)."""
        self._add(c.key, c.source, c.earliest, c.latest, c.kind, c.latitude, c.longitude,
                  c.geo, c.place, c.admin, c.country, c.actors, c.category)

    def add(self, event: Event, key: int, source: int) -> None:
        """Add the candidate `candidate_of(event, key, source)` would make, without making
        it. Raises ValueError as that would."""
        fields = fields_of(event)
        earliest, latest, _, latitude, longitude = fields[:5]
        checked(key, earliest, latest, latitude, longitude)
        self._add(key, source, *fields)

    def _add(self, key: int, source: int, earliest: int, latest: int, kind: EventKind,
             latitude: float | None, longitude: float | None, geo: GeoPrecision | None,
             place: str | None, admin: str | None, country: str | None,
             actors: tuple[str, ...], category: str | None) -> None:
        self.keys.append(key)
        self.sources.append(source)
        self.earliest.append(earliest)
        self.latest.append(latest)
        self.kinds.append(KIND_INDEX[kind])
        self.latitudes.append(_NOWHERE if latitude is None else latitude)
        self.longitudes.append(_NOWHERE if longitude is None else longitude)
        self.geos.append(_GEO_INDEX[geo])
        self.places.append(self._number(place))
        self.admins.append(self._number(admin))
        self.countries.append(self._number(country))
        self.categories.append(self._number(category))
        number = self._actors_number.get(actors)
        if number is None:
            number = self._actors_number[actors] = len(self.actor_lists)
            self.actor_lists.append(actors)
        self.actors_at.append(number)

    def _number(self, name: str | None) -> int:
        number = self._name_number.get(name)
        if number is None:
            number = self._name_number[name] = len(self.names)
            self.names.append(name)
        return number

    def reordered(self, order: Sequence[int]) -> CandidateTable:
        """A table of the same candidates in `order` (positions of this one), sharing its
        names and actor lists."""
        table = CandidateTable()
        table.names, table.actor_lists = self.names, self.actor_lists
        table._name_number, table._actors_number = self._name_number, self._actors_number
        for mine, theirs in ((table.keys, self.keys), (table.sources, self.sources),
                             (table.earliest, self.earliest), (table.latest, self.latest),
                             (table.places, self.places), (table.admins, self.admins),
                             (table.countries, self.countries),
                             (table.categories, self.categories),
                             (table.actors_at, self.actors_at)):
            mine.extend(theirs[n] for n in order)
        table.latitudes.extend(self.latitudes[n] for n in order)
        table.longitudes.extend(self.longitudes[n] for n in order)
        table.kinds = bytearray(self.kinds[n] for n in order)
        table.geos = bytearray(self.geos[n] for n in order)
        return table

    # -- reading ---------------------------------------------------------------------------

    def place(self, i: int) -> str | None:
        """The place name as given."""
        return self.names[self.places[i]]

    def admin(self, i: int) -> str | None:
        """The admin area as given."""
        return self.names[self.admins[i]]

    def country(self, i: int) -> str | None:
        """The country as given."""
        return self.names[self.countries[i]]

    def category(self, i: int) -> str | None:
        """The source's own category."""
        return self.names[self.categories[i]]

    def actors(self, i: int) -> tuple[str, ...]:
        """The actors' names."""
        return self.actor_lists[self.actors_at[i]]

    def kind(self, i: int) -> EventKind:
        """The kind, as matching refined it."""
        return KINDS[self.kinds[i]]

    def words(self, i: int) -> str:
        """What it is, as reasons say it (`Candidate.words`)."""
        return words_of(self.category(i), self.kind(i))


def table_of(candidates: Sequence[Candidate] | CandidateTable) -> CandidateTable:
    """`candidates` as a table (itself when it is one)."""
    return candidates if isinstance(candidates, CandidateTable) else CandidateTable.of(
        candidates)
