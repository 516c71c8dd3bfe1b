"""`match`: candidates in, matches, clusters and misses out, with progress and a way to
stop."""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from model.matching.best import in_order, pairs_of
from model.matching.candidate import Candidate
from model.matching.clusters import cluster
from model.matching.columns import columns_of, in_key_order
from model.matching.judge import Compatible, Judge
from model.matching.misses import MissSearch
from model.matching.pairs import PairSearch
from model.matching.reasons import Reasons
from model.matching.results import Match, Matching, MatchSettings, Miss
from model.matching.table import CandidateTable, table_of
from model.progress import NEVER_CANCELLED, NULL_PROGRESS, CancelToken, ProgressSink

STAGE = "matching"
"""The name progress hears the work under."""
WITHIN = "within the windows"
"""How a miss whose nearest candidate missed no window begins (`model.matching.misses`):
when the person rejected that candidate, the rejection is the reason."""
CHECK_EVERY = 1024
"""Misses (or matches) between two looks at the cancel token."""
# The share of the work done at the end of each part, as measured on 1M x 1M generated
# events: the columns, the pairs, the clusters and their reasons; then the misses.
_COLUMNS, _PAIRS, _CLUSTERS = 0.05, 0.6, 0.75


def default_compatible() -> Compatible:
    """The taxonomy's compatibility of kinds (`model.taxonomy.compatible`)."""
    from model import taxonomy  # imported when first asked: it reads its file then

    chosen: Compatible = taxonomy.compatible
    return chosen


def match(candidates: Sequence[Candidate] | CandidateTable,
          settings: MatchSettings = MatchSettings(), *, compatible: Compatible | None = None,
          progress: ProgressSink = NULL_PROGRESS, cancel: CancelToken = NEVER_CANCELLED,
          source_names: Sequence[str] = (), rejected: Iterable[tuple[int, int]] = (),
          confirmed: Iterable[tuple[int, int]] = ()) -> Matching:
    """Match the same events across sources: every pair of events of different sources
    within the day and km windows whose kinds `compatible` accepts (default: the
    taxonomy's) is scored, each event keeps its best partners in every other source, and
    the best pairs join clusters that never hold two events of one source. Every event in
    no cluster gets a miss for each other source: its nearest candidate there and the
    windows it missed. `source_names` name the sources in those words ("nothing in ACLED
    within 30 days and 500 km"; default "source 1"). Raises ValueError for two candidates
    with one key, ImportCancelled when `cancel` is cancelled.

    A person's decisions (pairs of keys) come first: a `rejected` pair is never a match
    (nor kept as a partner), a `confirmed` pair is one whatever the windows say, its
    reasons led by "confirmed by you"; a confirmed pair that cannot be joined (both of one
    source, or another confirmation already put an event of one of its sources in the
    cluster) is returned in `refused`."""
    judging = compatible if compatible is not None else default_compatible()
    ordered = in_key_order(table_of(candidates))
    keys = ordered.keys
    columns = columns_of(ordered)
    cancel.raise_if_cancelled(STAGE)
    progress.stage(STAGE, _COLUMNS)
    judge = Judge(columns, settings, judging)
    at = _Positions(ordered)
    no = {at.pair(a, b) for a, b in rejected} - {None}
    yes = [pair for pair in (at.pair(a, b) for a, b in confirmed) if pair is not None]
    search = PairSearch(columns, judge, cancel, lambda done: progress.stage(
        STAGE, _COLUMNS + (_PAIRS - _COLUMNS) * done))
    if no:
        search.best.offer = _refusing(search.best.offer, no)
    best = search.run()
    rank, compared = search.rank, search.compared
    del search  # its bins and its partners' slots are done with: a million events' worth
    kept, bits = best.kept()
    del best
    bands = in_order(kept, bits)
    del kept
    clusters = cluster((), columns.size, rank)
    refused, joined = [], set()
    for i, j in yes:
        if (i, j) not in joined and clusters.find(i) != clusters.find(j) \
                and not clusters.join(i, j):
            refused.append((keys[i], keys[j]))
        joined.add((i, j))
    for i, j in pairs_of(bands, bits):
        clusters.join(i, j)
    cancel.raise_if_cancelled(STAGE)
    reasons, shared = Reasons(judge), _Shared()
    matches = []
    find = clusters.find
    for i, j in dict.fromkeys(yes):
        if (keys[i], keys[j]) not in refused:
            if rank[i] > rank[j]:
                i, j = j, i
            score, said = reasons.confirmed(i, j)
            matches.append(Match(keys[i], keys[j], score, shared.of(said)))
    for i, j in pairs_of(bands, bits):
        if (i, j) in joined:
            continue
        if find(i) == find(j):
            if rank[i] > rank[j]:
                i, j = j, i  # a match's `a` is of the earlier source
            score, said = reasons.explain(i, j)
            matches.append(Match(keys[i], keys[j], score, shared.of(said)))
    del bands
    groups = clusters.groups()
    progress.stage(STAGE, _CLUSTERS)
    clustered = bytearray(columns.size)
    for group in groups:
        for i in group:
            clustered[i] = 1
    alone = array("q", (i for i in range(columns.size) if not clustered[i]))
    misses = _misses(judge, rank, alone, clustered, source_names, shared, progress,
                     cancel)
    if no:
        misses = [_rejected(miss, at, no) for miss in misses]
    progress.stage(STAGE, 1.0)
    return Matching(
        matches=tuple(matches),
        clusters=tuple(tuple(keys[i] for i in group) for group in groups),
        misses=tuple(misses),
        compared=compared,
        refused=tuple(refused),
    )


class _Positions:
    """Where a key is among the candidates in key order."""

    def __init__(self, ordered: CandidateTable) -> None:
        self.keys = ordered.keys

    def of(self, key: int) -> int | None:
        """The position of `key`, or None when no candidate has it."""
        n = bisect_left(self.keys, key)
        return n if n < len(self.keys) and self.keys[n] == key else None

    def pair(self, a: int, b: int) -> tuple[int, int] | None:
        """The positions of two keys, smaller first; None unless both are here and differ."""
        i, j = self.of(a), self.of(b)
        if i is None or j is None or i == j:
            return None
        return (i, j) if i < j else (j, i)


def _refusing(offer: Callable[[int, int, float], None], refused: set[tuple[int, int] | None]
              ) -> Callable[[int, int, float], None]:
    """`offer` that never takes a rejected pair."""

    def offering(i: int, j: int, score: float) -> None:
        if ((i, j) if i < j else (j, i)) not in refused:
            offer(i, j, score)
    return offering


def _rejected(miss: Miss, at: _Positions, refused: set[tuple[int, int] | None]) -> Miss:
    """A miss whose nearest candidate the person rejected says so first."""
    if miss.nearest is None or at.pair(miss.key, miss.nearest) not in refused:
        return miss
    kept = () if miss.why[:1] and miss.why[0].startswith(WITHIN) else miss.why
    return replace(miss, why=("rejected by you", *kept))


class _Shared:
    """One copy of each reason and of each tuple of reasons (a million matches say "same
    day" a million times)."""

    def __init__(self) -> None:
        self._tuples: dict[tuple[str, ...], tuple[str, ...]] = {}

    def of(self, said: tuple[str, ...]) -> tuple[str, ...]:
        """The shared copy of `said`."""
        found = self._tuples.get(said)
        if found is None:
            found = tuple(sys.intern(words) for words in said)
            if len(self._tuples) < 1 << 18:
                self._tuples[found] = found
        return found


def _misses(judge: Judge, rank: array[int], alone: array[int], clustered: bytearray,
            source_names: Sequence[str], shared: _Shared, progress: ProgressSink,
            cancel: CancelToken) -> list[Miss]:
    """A miss for every event alone and every other source, by key then source."""
    columns = judge.columns
    sources = sorted(set(columns.source))
    names = [source_names[s] if 0 <= s < len(source_names) else f"source {s}" for s in sources]
    finder = MissSearch(judge, rank, alone)
    misses: list[Miss] = []
    for step, i in enumerate(alone):
        if step % CHECK_EVERY == 0:
            cancel.raise_if_cancelled(STAGE)
            progress.stage(STAGE, _CLUSTERS + (1 - _CLUSTERS) * step / len(alone))
        own = finder.rank[i]
        for r, source in enumerate(sources):
            if r != own:
                misses.append(finder.miss(i, r, source, names[r],
                                          lambda j: clustered[j] == 1, shared.of))
    return misses
