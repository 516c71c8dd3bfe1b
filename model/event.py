"""The chronological event model: what happened, when, where, who says so, how sure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from model.days import Day
from model.dates import DateSpan, format_day
from model.kinds import EventKind
from model.text import counted

ARROW = " \u2192 "


class Certainty(str, Enum):
    """How far a statement has travelled from "someone says" to "established"."""

    CLAIMED = "claimed"
    """Asserted by a party to the events (a spokesman, a statement)."""
    REPORTED = "reported"
    """Reported by a third party or "reportedly", without confirmation."""
    CONFIRMED = "confirmed"
    """Independently confirmed or part of the public record."""
    FORECAST = "forecast"
    """A prediction about what will happen."""


class GeoPrecision(str, Enum):
    """How exactly a place is known (ACLED geo_precision, UCDP where_prec)."""

    EXACT = "exact"
    NEAR = "near"
    REGION = "region"
    COUNTRY = "country"
    WATER = "water"


class ActorRole(str, Enum):
    """Which side of an event an actor is on (ACLED actor1/actor2, UCDP side_a/side_b)."""

    SIDE_A = "side-a"
    SIDE_B = "side-b"
    ALLY_A = "ally-a"
    ALLY_B = "ally-b"
    OTHER = "other"


class CasualtyType(str, Enum):
    """What a casualty figure counts."""

    KILLED = "killed"
    WOUNDED = "wounded"


class CasualtyQualifier(str, Enum):
    """How the source qualified the figure."""

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at-least"
    MORE_THAN = "more-than"

    @property
    def words(self) -> str:
        """The qualifier as it reads before a number."""
        return {"exact": "", "about": "about ", "at-least": "at least ", "more-than": "more than "}[
            self.value
        ]

    @property
    def mark(self) -> str:
        """The qualifier as one sign before a number, where room is short ("~490")."""
        return {"exact": "", "about": "~", "at-least": "\u2265", "more-than": ">"}[self.value]


class CasualtyScope(str, Enum):
    """Whether a figure counts one incident or everything since a date."""

    INCIDENT = "incident"
    CUMULATIVE = "cumulative"


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened."""

    name: str
    admin: str | None = None
    """Administrative area (province, district)."""
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    precision: GeoPrecision | None = None

    def display(self) -> str:
        """Name, admin area and country, skipping what is missing or repeated."""
        parts: list[str] = []
        for part in (self.name, self.admin, self.country):
            if part and part not in parts:
                parts.append(part)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Actor:
    """A party to an event."""

    name: str
    role: ActorRole = ActorRole.SIDE_A
    category: str | None = None
    """The kind of party, e.g. "State forces" (ACLED inter codes)."""


@dataclass(frozen=True, slots=True)
class CasualtyRecord:
    """One casualty figure as reported, with its scope."""

    type: CasualtyType
    count: int
    """The figure as reported; with `qualifier` it reads "more than 100"."""
    qualifier: CasualtyQualifier = CasualtyQualifier.EXACT
    scope: CasualtyScope = CasualtyScope.INCIDENT
    since: Day | None = None
    """First day a cumulative figure counts from; None for incident figures."""
    low: int | None = None
    high: int | None = None
    party: str | None = None
    """Whose casualties these are, when the source says (e.g. "Libyan forces", "civilians")."""

    def figure(self) -> str:
        """The figure in words: "more than 100 killed"."""
        text = f"{self.qualifier.words}{counted(self.count)} {self.type.value}"
        if self.low is not None or self.high is not None:
            low = counted(self.low) if self.low is not None else "?"
            high = counted(self.high) if self.high is not None else "?"
            text += f" (range {low}\u2013{high})"
        if self.party:
            text += f" ({self.party})"
        return text

    def scope_words(self) -> str:
        """The scope as a reader must understand it."""
        if self.scope is CasualtyScope.CUMULATIVE:
            since = format_day(self.since) if self.since else "an unstated date"
            return f"cumulative since {since} \u2014 not to be added to incident figures"
        return "one incident"


@dataclass(frozen=True, slots=True)
class Source:
    """An attribution chain: who claims it, through which channels, in which outlet."""

    claimant: str | None = None
    """Who made the claim ("Mohamad Ghassri, GNA spokesman"); None when unattributed."""
    channels: tuple[str, ...] = ()
    """Intermediaries the claim passed through, in order ("AFP", "Al Jazeera")."""
    outlet: str | None = None
    """Where we read it ("IBTimes UK")."""
    url: str | None = None
    document: str | None = None
    """Id of the dataset's source document the claim is read from."""

    def chain(self) -> str:
        """The chain as one readable line: "Ghassri → AFP → IBTimes UK"."""
        links = [self.claimant or "unattributed", *self.channels]
        if self.outlet:
            links.append(self.outlet)
        return ARROW.join(links)

    def names(self) -> tuple[str, ...]:
        """Every name in the chain, for searching."""
        return tuple(n for n in (self.claimant, *self.channels, self.outlet) if n)


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim span of a source document, located by character offsets."""

    text: str
    start: int
    """Offset of the first character in the document (Python string index)."""
    end: int
    """Offset just past the last character."""
    document: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A link to media or a page about the event."""

    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened, or was claimed, reported or forecast to happen."""

    id: str
    title: str
    kind: EventKind
    date: DateSpan
    certainty: Certainty
    place: Place | None = None
    actors: tuple[Actor, ...] = ()
    casualties: tuple[CasualtyRecord, ...] = ()
    sources: tuple[Source, ...] = ()
    quotes: tuple[Quote, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""
    links: tuple[Link, ...] = ()
    attributes: tuple[tuple[str, str], ...] = field(default=())
    """Fields kept verbatim from an imported record (e.g. ACLED's event_type), in order."""

    def casualty(self, kind: CasualtyType) -> tuple[CasualtyRecord, ...]:
        """The records of one casualty type."""
        return tuple(c for c in self.casualties if c.type is kind)


def chronological_key(event: Event, position: int) -> tuple[int, int, int, str]:
    """Chronological order: earliest day, then finer precision first, then `position` (the
    event's place in the file it was read from: the order its author gave), then id. The
    store's order is the same, in SQL (`model.store.CHRONOLOGICAL`)."""
    return (*event.date.sort_key, position, event.id)


def chronological(events: Iterable[Event]) -> list[Event]:
    """Events given in the order of their file, in chronological order."""
    return [event for _, event in sorted(enumerate(events),
                                         key=lambda pair: chronological_key(pair[1], pair[0]))]
