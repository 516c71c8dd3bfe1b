"""Properties of matching over generated candidates: it finds every pair within the windows
that all-pairs comparison finds, keeps only pairs within them, never puts two events of one
source in a cluster, answers the same whichever way the sources are numbered or the
candidates ordered, finds each miss's true nearest, and never compares all pairs."""

from __future__ import annotations

import math
import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.matching_speed import generate
from bench.matching_speed import compatible as bench_compatible
from model.event import GeoPrecision
from model.kinds import EventKind
from model.matching import Candidate, Matching, MatchSettings, match
from model.matching.best import Best
from model.matching.columns import columns_of, in_key_order
from model.matching.engine import default_compatible
from model.matching.judge import Judge
from model.matching.misses import MissSearch
from model.matching.pairs import PairSearch
from model.matching.table import CandidateTable
from model.progress import NEVER_CANCELLED

TOWNS = [(31.2089, 16.5887), (31.45, 15.25), (31.40, 15.58), (32.89, 13.18), (31.7, 14.72)]
NAMES = ["Sirte", "Abu Grein", "Wadi al Washkah", "Tripoli", "As Saddadah"]
ADMINS = ["Surt", "Misratah", "Surt", "Tripoli", "Misratah"]
KINDS = [EventKind.CLASH, EventKind.CAPTURE, EventKind.AIR_STRIKE, EventKind.EXPLOSION,
         EventKind.PROTEST, EventKind.ATTACK_ON_CIVILIANS]
ACTORS = ["Al-Bunyan Al-Marsoos", "Bunyan Marsous forces", "Islamic State (Tripoli)",
          "Misratah Communal Militia (Libya)", "Civilians (Libya)"]
GEOS = [GeoPrecision.EXACT, GeoPrecision.EXACT, GeoPrecision.NEAR, GeoPrecision.REGION,
        GeoPrecision.COUNTRY, None]
SMALL = MatchSettings(search_days=12, search_km=300)


@st.composite
def candidate_sets(draw: st.DrawFn) -> list[Candidate]:
    """Up to 40 candidates in 2 or 3 sources, around five Libyan towns over three weeks."""
    sources = draw(st.integers(2, 3))
    size = draw(st.integers(0, 40))
    out = []
    for key in range(size):
        town = draw(st.integers(0, len(TOWNS) - 1))
        geo = draw(st.sampled_from(GEOS))
        lat, lon = TOWNS[town]
        located = geo is not None
        jitter = draw(st.floats(-0.6, 0.6)) if located else 0.0
        out.append(Candidate(
            key=key * 3 + 7, source=draw(st.integers(0, sources - 1)),
            earliest=(first := 736000 + draw(st.integers(0, 20))),
            latest=first + draw(st.sampled_from([0, 0, 0, 1, 6])),
            kind=draw(st.sampled_from(KINDS)),
            latitude=lat + jitter if located else None,
            longitude=lon - jitter if located else None, geo=geo,
            place=draw(st.sampled_from([NAMES[town], NAMES[town].upper(), None])),
            admin=draw(st.sampled_from([ADMINS[town], None])),
            country=draw(st.sampled_from(["Libya", None])),
            actors=tuple(draw(st.lists(st.sampled_from(ACTORS), max_size=2))),
            category=draw(st.sampled_from([None, "ACLED: Battles"]))))
    return out


SWAP = {0: 1, 1: 0}


def _comparable(found: Matching, swap: bool = False) -> tuple[object, ...]:
    """What must not depend on how the sources are numbered (`swap`: sources 0 and 1 of
    the misses swapped back)."""
    return (found.clusters,
            sorted((min(m.a, m.b), max(m.a, m.b), m.score) for m in found.matches),
            sorted((repr((m.key, SWAP.get(m.source, m.source) if swap else m.source,
                          m.nearest, m.days_apart, m.km_apart)) for m in found.misses)))


def _haversine(a: Candidate, b: Candidate) -> float:
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@settings(max_examples=150, deadline=None)
@given(candidate_sets())
def test_swapping_the_sources_changes_nothing_but_their_numbers(cands: list[Candidate]) -> None:
    swapped = [replace(c, source=SWAP.get(c.source, c.source)) for c in cands]
    assert _comparable(match(cands, SMALL)) == _comparable(match(swapped, SMALL), swap=True)


@settings(max_examples=150, deadline=None)
@given(candidate_sets(), st.randoms(use_true_random=False))
def test_a_table_holds_its_candidates_exactly_and_matches_as_they_do(
        cands: list[Candidate], rnd: random.Random) -> None:
    table = CandidateTable.of(cands)
    assert list(table) == cands
    order = list(range(len(cands)))
    rnd.shuffle(order)
    assert list(table.reordered(order)) == [cands[n] for n in order]
    assert match(table, SMALL) == match(cands, SMALL)


@settings(max_examples=150, deadline=None)
@given(candidate_sets(), st.randoms(use_true_random=False))
def test_the_same_candidates_in_any_order_match_the_same(cands: list[Candidate],
                                                         rnd: random.Random) -> None:
    shuffled = list(cands)
    rnd.shuffle(shuffled)
    assert match(cands, SMALL) == match(shuffled, SMALL)


@settings(max_examples=150, deadline=None)
@given(candidate_sets())
def test_clusters_hold_one_event_a_source_and_matches_are_within_the_windows(
        cands: list[Candidate]) -> None:
    found = match(cands, SMALL)
    by_key = {c.key: c for c in cands}
    compatible = default_compatible()
    clustered: set[int] = set()
    for cluster in found.clusters:
        assert len(cluster) >= 2 and list(cluster) == sorted(cluster)
        assert len({by_key[k].source for k in cluster}) == len(cluster)
        clustered |= set(cluster)
    home = {k: n for n, cluster in enumerate(found.clusters) for k in cluster}
    for m in found.matches:
        a, b = by_key[m.a], by_key[m.b]
        assert a.source < b.source and home[m.a] == home[m.b]
        assert 0 <= m.score <= 1
        assert max(0, a.earliest - b.latest, b.earliest - a.latest) <= SMALL.days
        assert compatible(a.kind, b.kind) or compatible(b.kind, a.kind)
        if a.located and b.located:
            limit = SMALL.km + (SMALL.region_km if a.area or b.area else 0)
            assert _haversine(a, b) <= limit + 1e-6
        else:
            assert m.reasons[1].startswith(("both name ", "both in "))
    sources = {c.source for c in cands}
    expected = {(c.key, s) for c in cands if c.key not in clustered for s in sources
                if s != c.source}
    assert {(miss.key, miss.source) for miss in found.misses} == expected
    for miss in found.misses:
        assert miss.nearest is None or by_key[miss.nearest].source == miss.source


def _parts(cands: list[Candidate]) -> tuple[Judge, PairSearch]:
    columns = columns_of(in_key_order(CandidateTable.of(cands)))
    judge = Judge(columns, SMALL, default_compatible())
    return judge, PairSearch(columns, judge, NEVER_CANCELLED, lambda done: None)


@settings(max_examples=150, deadline=None)
@given(candidate_sets())
def test_the_bins_find_every_pair_all_pairs_would(cands: list[Candidate]) -> None:
    judge, search = _parts(cands)
    found = search.run()
    brute = Best(judge.columns.size, search.rank, search.sources)
    for i in range(judge.columns.size):
        for j in range(i + 1, judge.columns.size):
            if search.rank[i] != search.rank[j]:
                score = judge.pair_score(i, j) if search.rank[i] < search.rank[j] \
                    else judge.pair_score(j, i)
                if score is not None:
                    brute.offer(i, j, score)
    assert list(found.partner) == list(brute.partner)
    assert list(found.score) == list(brute.score)


@settings(max_examples=150, deadline=None)
@given(candidate_sets())
def test_a_miss_names_the_true_nearest(cands: list[Candidate]) -> None:
    judge, search = _parts(cands)
    alone = list(range(judge.columns.size))
    finder = MissSearch(judge, search.rank, alone)
    distance = judge.distance()
    for i in alone:
        for r in range(search.sources):
            if r == search.rank[i]:
                continue
            near = [(d, j) for j in alone if search.rank[j] == r
                    if (d := distance(i, j, math.inf)) is not None]
            assert finder.nearest(i, r) == (min(near)[1] if near else None)


def test_a_spread_out_set_is_never_compared_all_pairs() -> None:
    cands = generate(3000, 5)
    found = match(cands, compatible=bench_compatible)
    assert found.compared < 3000 * 3000 / 100
    assert len(found.clusters) > 2000
