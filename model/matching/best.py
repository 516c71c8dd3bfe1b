"""The best partners each event keeps in each other source, and those pairs in order, best
first, held as packed integers (a million-event source keeps millions of pairs: as tuples
they would take gigabytes).

A pair is kept when it is among the KEEP best of either of its events for the other's
source; the best, and one more in case the best is taken by an event that matches it better.
Ties go to the smaller key (positions are in key order, so to the smaller position).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator

KEEP = 2
"""Partners kept for each event in each other source."""
LEVELS = 1 << 20
"""Scores are ordered to one part in a million (then by keys): six decimals, and it packs
a pair with its score into one 64-bit integer."""
BAND = 1 << 16
"""Pairs are sorted a band of score levels at a time (16 bands), so that only one band's
pairs are ever Python integers at once."""


class Best:
    """The best KEEP partners of each event in each other source."""

    def __init__(self, size: int, source_rank: array[int], sources: int) -> None:
        self.size = size
        self.others = max(sources - 1, 1)
        self.rank = source_rank
        slots = size * self.others * KEEP
        self.score = array("d", [-1.0]) * slots
        self.partner = array("q", [-1]) * slots
        self.offer = self._offer()
        """offer(i, j, score): `j` scores `score` as a partner of `i`, and `i` of `j`."""

    def _base(self, me: int, other: int) -> int:
        r, o = int(self.rank[me]), int(self.rank[other])
        return (me * self.others + (o if o < r else o - 1)) * KEEP

    def _offer(self) -> Callable[[int, int, float], None]:
        scores, partners, rank, others = self.score, self.partner, self.rank, self.others

        def place(me: int, other: int, score: float) -> None:
            r, o = rank[me], rank[other]
            base = (me * others + (o if o < r else o - 1)) * KEEP
            for slot in range(base, base + KEEP):
                held = scores[slot]
                if score > held or (score == held and other < partners[slot]):
                    for back in range(base + KEEP - 1, slot, -1):
                        scores[back], partners[back] = scores[back - 1], partners[back - 1]
                    scores[slot], partners[slot] = score, other
                    return

        def offer(i: int, j: int, score: float) -> None:
            place(i, j, score)
            place(j, i, score)
        return offer

    def kept(self) -> tuple[array[int] | list[int], int]:
        """Every kept pair once, packed (score level, smaller, larger position), and the
        bits a position takes in it."""
        bits = max(1, (self.size - 1).bit_length())
        packed = array("q") if 20 + 1 + 2 * bits <= 63 else None
        out: array[int] | list[int] = packed if packed is not None else []
        per = self.others * KEEP
        for slot, other in enumerate(self.partner):
            if other < 0:
                continue
            me = slot // per
            if me > other:
                base = self._base(other, me)
                if me in self.partner[base:base + KEEP]:
                    continue  # kept by `other` too: packed at its turn
            low, high = (me, other) if me < other else (other, me)
            level = LEVELS - round(self.score[slot] * LEVELS)
            out.append((((level << bits) | low) << bits) | high)
        return out, bits


def in_order(kept: array[int] | list[int], bits: int) -> list[array[int] | list[int]]:
    """The kept pairs sorted, best first and ties by positions: one sorted list for each
    band of score levels, read with `pairs_of`."""
    shift = 2 * bits
    bands: list[array[int] | list[int]] = [
        array("q") if isinstance(kept, array) else [] for _ in range(LEVELS // BAND + 1)]
    for code in kept:
        bands[(code >> shift) // BAND].append(code)
    for n, band in enumerate(bands):
        bands[n] = array("q", sorted(band)) if isinstance(band, array) else sorted(band)
    return bands


def pairs_of(bands: list[array[int] | list[int]], bits: int) -> Iterator[tuple[int, int]]:
    """The pairs (smaller, larger position) of sorted bands, in order."""
    mask = (1 << bits) - 1
    for band in bands:
        for code in band:
            yield (code >> bits) & mask, code & mask
