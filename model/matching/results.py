"""What matching is asked (its windows and weights) and what it finds (matches, clusters,
misses)."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """The windows two events must both fall within to be the same event, the weights of
    their score, and how far a miss is searched. docs/matching.md gives the reasons."""

    days: int = 2
    """The most days apart two spans may be (0: they must overlap). Two days takes in a
    report dated by its publication and a row dated by the event, and a night's fighting
    dated on either side of midnight."""
    km: float = 50.0
    """The most kilometres apart two places may be: a town and its outskirts as two
    geocoders place them, and a front line named after the nearest town."""
    region_km: float = 50.0
    """Added to `km` when either place is an area (region- or water-precision coordinates
    stand for somewhere within the area, not a point)."""
    date_weight: float = 0.4
    """Weight of how close the dates are in the score."""
    place_weight: float = 0.3
    """Weight of how close the places are."""
    kind_weight: float = 0.2
    """Weight of the kinds: the same kind scores 1, compatible kinds half of it."""
    actor_weight: float = 0.1
    """Weight of a party both name (names differ most between datasets: never required)."""
    search_days: int = 30
    """How far a miss's nearest candidate is searched, in days either way (never less than
    `days`)."""
    search_km: float = 500.0
    """How far a miss's nearest candidate is searched, in km (never less than the
    windows)."""

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) \
                    or not math.isfinite(value) or value < 0:
                raise ValueError(f"matching setting {field.name} must be a number of 0 or "
                                 f"more, not {value!r}")
        for name in ("days", "search_days"):
            if not isinstance(getattr(self, name), int):
                raise ValueError(f"matching setting {name} must be a whole number of days")
        for field in fields(self):
            if isinstance(field.default, float):  # km=40 and km=40.0 are one setting
                object.__setattr__(self, field.name, float(getattr(self, field.name)))
        if self.weight_sum == 0:
            raise ValueError("matching settings: at least one weight must be above 0")

    @property
    def weight_sum(self) -> float:
        """The sum of the weights (a score is their weighted mean)."""
        return self.date_weight + self.place_weight + self.kind_weight + self.actor_weight


@dataclass(frozen=True, slots=True)
class Match:
    """Two events of different sources matching as the same event."""

    a: int
    """Key of the event whose source comes first."""
    b: int
    """Key of the event of the later source."""
    score: float
    """0 to 1: the weighted mean of how close the dates, places, kinds and actors are."""
    reasons: tuple[str, ...]
    """What a person can check: ("same day", "12 km apart", "ACLED: Battle-Government
    regains territory ~ capture", "both name Al-Bunyan Al-Marsoos")."""


@dataclass(frozen=True, slots=True)
class Miss:
    """An event no event of another source matches: the nearest candidate there, and
    the windows it missed."""

    key: int
    source: int
    """The OTHER source."""
    nearest: int | None
    """Key of the nearest event in that source (None: none within the search limits)."""
    days_apart: int | None
    km_apart: float | None
    """None when either place has no coordinates finer than a country."""
    why: tuple[str, ...]
    """Each window it missed: ("4 days apart, window 2", "186 km, window 50")."""


@dataclass(frozen=True, slots=True)
class Matching:
    """Everything matching found."""

    matches: tuple[Match, ...]
    """The matches between events of one cluster, best first."""
    clusters: tuple[tuple[int, ...], ...]
    """Keys, in order; each cluster has 2 events or more, never two of one source."""
    misses: tuple[Miss, ...]
    """For every event in no cluster, one for each other source, by key then source."""
    compared: int
    """Pairs of events of different sources looked at (far fewer than all pairs)."""
    refused: tuple[tuple[int, int], ...] = ()
    """Confirmed pairs (keys) that could not be joined: both of one source, or joining
    them would put two events of one source in one cluster (confirmed otherwise)."""
