"""Clusters from scored pairs: the best pairs first, joined while no cluster would hold two
events of one source.

Pairs are taken by score, best first (ties by the smaller key, then the larger: the order
is the same whichever way the sources are numbered). A pair joins its two clusters only
when their sources are disjoint, so a cluster never holds two events of one source, and
an event is joined through its best match in each other source that is still free.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable


class Clusters:
    """Union-find over positions, each cluster knowing its sources (a bit mask)."""

    def __init__(self, size: int, source_rank: array[int]) -> None:
        self.parent = array("q", range(size))
        self.sources = [1 << r for r in source_rank]

    def find(self, i: int) -> int:
        """The root of i's cluster (halving the path on the way)."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> bool:
        """Join the clusters of i and j if their sources are disjoint; whether joined."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj or self.sources[ri] & self.sources[rj]:
            return False
        if rj < ri:
            ri, rj = rj, ri
        self.parent[rj] = ri
        self.sources[ri] |= self.sources[rj]
        return True

    def groups(self) -> list[list[int]]:
        """Every cluster of two or more, each in order, in order of its first member."""
        members: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            if self.parent[i] != i or self.sources[i] & (self.sources[i] - 1):
                members.setdefault(self.find(i), []).append(i)
        return [group for group in members.values() if len(group) > 1]


def cluster(pairs: Iterable[tuple[int, int]], size: int,
            source_rank: array[int]) -> Clusters:
    """The clusters the pairs (i, j with i < j, best first) make."""
    clusters = Clusters(size, source_rank)
    for i, j in pairs:
        clusters.join(i, j)
    return clusters
