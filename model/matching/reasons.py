"""The words a person checks: the reasons of a match ("same day", "12 km apart", "ACLED:
Battle-Government regains territory ~ capture", "both name Al-Bunyan Al-Marsoos") and the
windows a miss missed ("4 days apart, window 2", "186 km, window 50", "kinds differ: protest
vs capture"). The decisions are the judge's (`model.matching.judge`); this module only says
them."""

from __future__ import annotations

import re

from model.matching.columns import BY_PLACE, NAMED, km_of
from model.matching.judge import Judge, shared

_GROUP = re.compile(r"\(([^()]*)\)$")
"""The taxonomy's group at the end of its reason: "capture ~ clash (fighting over ground)"."""


def _km_words(km: float, window: float) -> str:
    if km < 0.5:
        return "under 1 km"
    text = f"{km:.0f}"
    if float(text) == window:
        text = f"{km:.1f}"
    return f"{text} km"


def _both(a: str | None, b: str | None) -> str:
    """A name as the first gives it, and as the second does when it spells it otherwise:
    "Sirte District (Surt)"."""
    return f"{a} ({b})" if b and b != a else str(a)


class Reasons:
    """Says what the judge decided about a pair."""

    def __init__(self, judge: Judge) -> None:
        self.judge = judge
        self.columns = judge.columns

    def date_words(self, i: int, j: int) -> str:
        """"same day", "dates overlap", "1 day apart"."""
        gap = self.judge.gap(i, j)
        if gap:
            return f"{gap} day{'s' if gap > 1 else ''} apart"
        c = self.columns
        same = c.earliest[i] == c.latest[i] == c.earliest[j] == c.latest[j]
        return "same day" if same else "dates overlap"

    def place_words(self, i: int, j: int) -> tuple[bool, float | None, str]:
        """Whether the places are within the window, the km between their coordinates
        (None unless both have some) and the words: "12 km apart", "186 km, window 50",
        "both name Sirte", "both in Surt", "no place finer than the country in common"."""
        judge, c = self.judge, self.columns
        if c.where[i] != NAMED and c.where[j] != NAMED:
            chord2 = c.chord2(i, j)
            km = km_of(chord2)
            area = judge.area_pair(i, j)
            window = judge.area_km if area else judge.km
            words = _km_words(km, window)
            if chord2 <= (judge.area_chord2 if area else judge.chord2):
                return True, km, f"{words} apart" + (" (an area)" if area else "")
            allowance = f" + {judge.settings.region_km:g} for an area" if area else ""
            return False, km, f"{words}, window {judge.km:g}{allowance}"
        cands = c.candidates
        place = judge.names_place(i, j)
        if place == 1.0:
            return True, None, f"both name {_both(cands.place(i), cands.place(j))}"
        if place is not None:
            return True, None, f"both in {_both(cands.admin(i), cands.admin(j))}"
        if judge.country(i) and judge.country(j) and judge.country(i) != judge.country(j):
            return False, None, (f"in different countries ({cands.country(i)}, "
                                 f"{cands.country(j)})")
        lacking = [n for n in (i, j) if c.where[n] == NAMED]
        said = " and ".join(dict.fromkeys(
            cands.place(n) or cands.admin(n) or "an event with no place given"
            for n in lacking))
        detail = f"{said} {'has' if len(lacking) == 1 else 'have'} no coordinates"
        if all(c.placed(n) for n in (i, j)):
            by = " and ".join(dict.fromkeys(
                (cands.place(n) if c.anchored[n] == BY_PLACE else cands.admin(n)) or ""
                for n in lacking))
            detail += (f"; placed by the events located in {by}: "
                       f"{_km_words(km_of(c.chord2(i, j)), judge.km)} "
                       f"{'from it' if len(lacking) == 1 else 'apart'}")
        common = "the country" if judge.country(i) and judge.country(i) == judge.country(j) \
            else ""
        return False, None, (f"no place finer than {common} in common ({detail})" if common
                             else f"no place in common ({detail})")

    def kind_words(self, i: int, j: int) -> str:
        """"ACLED: Battle-Government regains territory ~ capture" (a source's own category
        first; the taxonomy's group after kinds that differ: "... ~ capture (fighting over
        ground)"), or the taxonomy's reason when neither has a category of its own."""
        cands = self.columns.candidates
        reason = self.judge.kind_reason(i, j) or ""
        if cands.category(i) is None and cands.category(j) is None:
            return reason
        first, second = (j, i) if cands.category(i) is None else (i, j)
        said = f"{cands.words(first)} ~ {cands.words(second)}"
        if cands.kinds[i] == cands.kinds[j] or not reason:
            return said
        group = _GROUP.search(reason)
        return f"{said} ({group.group(1)})" if group else f"{said}: {reason}"

    def explain(self, i: int, j: int) -> tuple[float, tuple[str, ...]]:
        """The score and reasons of a pair within every window, `i` of the earlier
        source."""
        score = self.judge.pair_score(i, j)
        if score is None:
            raise ValueError(f"candidates {i} and {j} are not within the windows")
        reasons = [self.date_words(i, j), self.place_words(i, j)[2], self.kind_words(i, j)]
        cands = self.columns.candidates
        if self.judge.weights[3] and cands.actors(i) and cands.actors(j):
            actor = shared(cands.actors(i), cands.actors(j))
            if actor is not None:
                reasons.append(f"both name {actor}")
        return score, tuple(reasons)

    def confirmed(self, i: int, j: int) -> tuple[float, tuple[str, ...]]:
        """The score and reasons of a pair the person confirmed, whether or not it is
        within the windows: "confirmed by you" first, then what a match says (a window
        it misses says so: "4 days apart, window 2")."""
        if self.judge.pair_score(i, j) is not None:
            score, said = self.explain(i, j)
            return score, ("confirmed by you", *said)
        gap, _, missed = self.missed(i, j)
        within, _, place = self.place_words(i, j)
        kinds = self.kind_words(i, j) if self.judge.kind_reason(i, j) is not None else ""
        words = [self.date_words(i, j) if gap <= self.judge.days else "",
                place if within else "", kinds]
        return 0.0, ("confirmed by you", *missed, *(w for w in words if w))

    def missed(self, i: int, j: int) -> tuple[int, float | None, tuple[str, ...]]:
        """For an event `i` and a candidate `j`: days apart, km apart and each window
        missed ("4 days apart, window 2", "186 km, window 50", "kinds differ: ...")."""
        judge = self.judge
        gap = judge.gap(i, j)
        within, km, place = self.place_words(i, j)
        why = [f"{self.date_words(i, j)}, window {judge.days}"] if gap > judge.days else []
        if not within:
            why.append(place)
        if judge.kind_reason(i, j) is None:
            cands = self.columns.candidates
            why.append(f"kinds differ: {cands.words(i)} vs {cands.words(j)}")
        return gap, km, tuple(why)
