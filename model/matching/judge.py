"""Whether two events can be the same event, how close they are, and how near a candidate
is for a miss: the windows, the score and the distance, each decided here and nowhere else.

The pair search (`model.matching.pairs`) hands the located events of two bins to
`Judge.meet`, which tests the windows and scores the pairs within in one loop, the score
written out there as `Judge.scorer` computes it (a call per pair was most of the search's
time at a million events); `pair_score` decides any one pair through `scorer`, for the
reasons of a match (`model.matching.reasons`) and for tests, which compare the two.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from functools import lru_cache

from model.kinds import EventKind
from model.matching.columns import AREA, EARTH_KM, NAMED, Columns, chord2_within, km_of
from model.matching.names import admin_key, place_key, shared_actor
from model.matching.results import MatchSettings
from model.matching.table import KINDS
from model.text import fold

Compatible = Callable[[EventKind, EventKind], str | None]
"""A taxonomy's answer for two kinds: None when they cannot be the same event, else why
they can ("capture ~ clash (fighting over ground)")."""
Scorer = Callable[[int, int, float], float]
"""The score of a pair within every window, given its place closeness (0 to 1)."""
Distance = Callable[[int, int, float], "float | None"]
Offer = Callable[[int, int, float], None]
Event = tuple[int, int, int, int, tuple["str | None", ...], int, int, float, float, float]
"""A located event as `Judge.meet` reads it: (position, first day, last day, last day plus
the day window, why its kind may be one event with each kind (None: it cannot), its kind,
the number of its actors (`Judge.actors_of`; 0: none), x, y, z)."""
SHARED_CACHE = 1 << 18
"""Pairs of actor lists remembered as sharing an actor or not (then forgotten at once)."""

OVERLAP_FLOOR = 0.75
"""Spans that overlap score 0.75 to 1 for dates (by how much of their union they share:
the same day is 1, a day inside an ACLED week 0.79); spans apart score below 0.75."""
COMPATIBLE_KIND = 0.5
"""The kind closeness of two different kinds the taxonomy calls compatible (the same
kind is 1)."""
SAME_ADMIN = 0.5
"""The place closeness of two events placed only by the same admin area (the same place
name is 1, as if 0 km apart)."""
UNPLACED = 2.0
"""What a miss's distance adds for two places with nothing finer than a country in common
(then their anchors' km count as well, or FAR when either has none)."""
FAR = 5.0
"""What a miss's distance adds for a place that cannot be placed at all, in km windows."""
WRONG_KIND = 1.0
"""What a miss's distance adds for kinds the taxonomy calls incompatible: as much as a
window missed by its own width."""


@lru_cache(maxsize=1 << 16)
def shared(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    """The first actor of `a` that `b` names too (cached: actor lists repeat)."""
    return shared_actor(a, b)


@lru_cache(maxsize=1 << 12)
def _country(name: str | None) -> str:
    return fold(name) if name else ""


def closeness(km: float, window: float) -> float:
    """How close two located places are, 1 at 0 km and 0 at the window's edge."""
    return 1 - km / window if window else 1.0


class Judge:
    """Decides pairs of candidates (by their positions in `columns`)."""

    def __init__(self, columns: Columns, settings: MatchSettings, compatible: Compatible):
        self.columns = columns
        self.settings = settings
        self.days = settings.days
        self.km = settings.km
        self.area_km = settings.km + settings.region_km
        self.chord2 = chord2_within(self.km)
        self.area_chord2 = chord2_within(self.area_km)
        self.cell_km = max(self.km, self.area_km / 2, 1.0)
        """Grid cubes this wide: a point meets the 26 cubes around its own, an area the
        124 within two cubes (the window plus the allowance is at most two cubes)."""
        self.search_days = max(settings.search_days, settings.days)
        self.search_km = max(settings.search_km, self.area_km)
        self.search_chord2 = chord2_within(self.search_km)
        self.day_unit = max(settings.days, 1)
        self.km_unit = max(self.km, 1.0)
        self.area_unit = max(self.area_km, 1.0)
        total = settings.weight_sum
        self.weights = (settings.date_weight / total, settings.place_weight / total,
                        settings.kind_weight / total, settings.actor_weight / total)
        self._score = self.scorer()
        self._actor_numbers: dict[tuple[str, ...], int] = {(): 0}
        self._actor_lists: list[tuple[str, ...]] = [()]
        self._sharing: dict[int, bool] = {}
        present = sorted(set(columns.kind))
        n = len(KINDS)
        self.kinds: list[str | None] = [None] * (n * n)
        """Why the kinds at row a*len(KINDS) + b may be one event (None: they cannot)."""
        for a in present:
            for b in present:
                self.kinds[a * n + b] = (compatible(KINDS[a], KINDS[b])
                                         or compatible(KINDS[b], KINDS[a]))

    # -- the parts of a decision -----------------------------------------------------------

    def gap(self, i: int, j: int) -> int:
        """Days between the two spans (0 when they overlap)."""
        e, last = self.columns.earliest, self.columns.latest
        return max(0, e[i] - last[j], e[j] - last[i])

    def kind_reason(self, i: int, j: int) -> str | None:
        """The taxonomy's reason the two kinds may be one event, or None."""
        kind = self.columns.kind
        return self.kinds[kind[i] * len(KINDS) + kind[j]]

    def area_pair(self, i: int, j: int) -> bool:
        """Whether either place is an area (the window widens by the region allowance)."""
        where = self.columns.where
        return where[i] == AREA or where[j] == AREA

    def place(self, i: int) -> str:
        """The folded place name ("" for none)."""
        return place_key(self.columns.candidates.place(i))

    def admin(self, i: int) -> str:
        """The folded admin area ("" for none)."""
        return admin_key(self.columns.candidates.admin(i))

    def country(self, i: int) -> str:
        """The folded country ("" for none)."""
        return _country(self.columns.candidates.country(i))

    def names_place(self, i: int, j: int) -> float | None:
        """For a pair placed by names: 1 for the same place name, SAME_ADMIN for the same
        admin area (both given), None when nothing finer than a country is common."""
        if self.country(i) and self.country(j) and self.country(i) != self.country(j):
            return None
        if self.place(i) and self.place(i) == self.place(j):
            return 1.0
        if self.admin(i) and self.admin(i) == self.admin(j):
            return SAME_ADMIN
        return None

    # -- scoring -------------------------------------------------------------------------

    def scorer(self) -> Scorer:
        """The score of a pair within every window, given its place closeness: the
        weighted mean of date, place, kind and actor closeness."""
        c, cands = self.columns, self.columns.candidates
        first, last, kind = c.earliest, c.latest, c.kind
        reach, floor = self.days + 1, OVERLAP_FLOOR
        w_date, w_place, w_kind, w_actor = self.weights

        def score(i: int, j: int, place: float) -> float:
            ei, li, ej, lj = first[i], last[i], first[j], last[j]
            gap = ei - lj if ei - lj > ej - li else ej - li
            if gap > 0:
                date = floor * (1 - gap / reach)
            else:
                date = 1 - (1 - floor) * (1 - ((li if li < lj else lj) - (ei if ei > ej else ej)
                                               + 1)
                                          / ((li if li > lj else lj) - (ei if ei < ej else ej)
                                             + 1))
            total = w_date * date + w_place * place
            total += w_kind * (1.0 if kind[i] == kind[j] else COMPATIBLE_KIND)
            if w_actor:
                a, b = cands.actors(i), cands.actors(j)
                if a and b and shared(a, b) is not None:
                    total += w_actor
            return total if total < 1.0 else 1.0  # the weights' sum may round above 1
        return score

    def actors_of(self, i: int) -> int:
        """The number of the actor list of `i` (0: it names none), for `Judge.meet`."""
        actors = self.columns.candidates.actors(i)
        number = self._actor_numbers.get(actors)
        if number is None:
            number = self._actor_numbers[actors] = len(self._actor_lists)
            self._actor_lists.append(actors)
        return number

    def meet(self, parts: Iterable[tuple[list[Event], list[Event]]], area: bool,
             offer: Offer) -> None:
        """Offer every pair within the windows, one event of each list of a part (each
        list in order of first day), with its score: exactly `scorer` with the closeness
        of `closeness(km_of(chord2), window)`."""
        limit, window = (self.area_chord2, self.area_km) if area else (self.chord2, self.km)
        reach, floor, rest = self.days + 1, OVERLAP_FLOOR, 1 - OVERLAP_FLOOR
        w_date, w_place, w_kind, w_actor = self.weights
        twice_earth, asin, sqrt = 2 * EARTH_KM, math.asin, math.sqrt
        sharing, lists = self._sharing, self._actor_lists
        for mine, theirs in parts:
            for i, ei, li, reach_i, fits, ki, ai, xi, yi, zi in mine:
                for j, ej, lj, end, _, kj, aj, xj, yj, zj in theirs:
                    if ej > reach_i:
                        break
                    if ei > end or fits[kj] is None:
                        continue
                    dx, dy, dz = xi - xj, yi - yj, zi - zj
                    chord2 = dx * dx + dy * dy + dz * dz
                    if chord2 > limit:
                        continue
                    half = sqrt(chord2) / 2
                    km = twice_earth * asin(half if half < 1.0 else 1.0)
                    place = 1 - km / window if window else 1.0
                    gap = ei - lj if ei - lj > ej - li else ej - li
                    if gap > 0:
                        date = floor * (1 - gap / reach)
                    else:
                        date = 1 - rest * (1 - ((li if li < lj else lj)
                                                - (ei if ei > ej else ej) + 1)
                                           / ((li if li > lj else lj)
                                              - (ei if ei < ej else ej) + 1))
                    total = w_date * date + w_place * place
                    total += w_kind * (1.0 if ki == kj else COMPATIBLE_KIND)
                    if w_actor and ai and aj:
                        key = (ai << 32) | aj
                        both = sharing.get(key)
                        if both is None:
                            both = shared(lists[ai], lists[aj]) is not None
                            if len(sharing) >= SHARED_CACHE:
                                sharing.clear()
                            sharing[key] = both
                        if both:
                            total += w_actor
                    offer(i, j, total if total < 1.0 else 1.0)

    def pair_score(self, i: int, j: int) -> float | None:
        """The score of any pair, or None when it is outside a window."""
        if self.gap(i, j) > self.days or self.kind_reason(i, j) is None:
            return None
        where = self.columns.where
        if where[i] == NAMED or where[j] == NAMED:
            place = self.names_place(i, j)
            return None if place is None else self._score(i, j, place)
        chord2 = self.columns.chord2(i, j)
        area = self.area_pair(i, j)
        if chord2 > (self.area_chord2 if area else self.chord2):
            return None
        window = self.area_km if area else self.km
        return self._score(i, j, closeness(km_of(chord2), window))

    # -- the distance of a miss ------------------------------------------------------------

    def distance(self) -> Distance:
        """How near a candidate `j` is for a miss of `i`: days apart in day windows, plus
        km apart in km windows (for names: 0 for the same place name, 0.5 for the same
        admin area, else UNPLACED plus the anchors' km, or FAR without), plus WRONG_KIND
        for incompatible kinds. None when `j` is beyond the search limits, or when its
        days alone, or days and km, are beyond `bound`."""
        c = self.columns
        first, last, kind, where, anchored = c.earliest, c.latest, c.kind, c.where, c.anchored
        x, y, z, kinds, rows = c.x, c.y, c.z, self.kinds, len(KINDS)
        search_days, search_chord2, day_unit = self.search_days, self.search_chord2, \
            self.day_unit
        km_unit, area_unit, names_place = self.km_unit, self.area_unit, self.names_place

        def distance(i: int, j: int, bound: float) -> float | None:
            gap = max(0, first[i] - last[j], first[j] - last[i])
            if gap > search_days:
                return None
            near = gap / day_unit
            if near > bound:
                return None
            if kinds[kind[i] * rows + kind[j]] is None:
                near += WRONG_KIND
            where_i, where_j = where[i], where[j]
            unit = km_unit
            if where_i == NAMED or where_j == NAMED:
                named = names_place(i, j)
                if named is not None:
                    return near + 1 - named
                near += UNPLACED
                if (where_i == NAMED and not anchored[i]) or (where_j == NAMED
                                                              and not anchored[j]):
                    return near + FAR
            elif where_i == AREA or where_j == AREA:
                unit = area_unit
            dx, dy, dz = x[i] - x[j], y[i] - y[j], z[i] - z[j]
            chord2 = dx * dx + dy * dy + dz * dz
            if chord2 > search_chord2:
                return None
            room = (bound - near) * unit / EARTH_KM  # the chord is shorter than the arc
            if room < 0 or chord2 > room * room:
                return None
            return near + km_of(chord2) / unit
        return distance
