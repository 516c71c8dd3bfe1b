"""Matching speed: n x n generated candidates (two sources) through `model.matching.match`.

    python -m bench.matching_speed [--sizes 100000,1000000] [--seed 1]

Each size runs in a fresh interpreter, so the peak RSS it reports (ru_maxrss) is its own.
The candidates are made directly (no file, no store): about 1000 days, events in 200 towns
spread over a country-sized box (about 1500 x 1500 km) with a few km of jitter, kinds of
fighting, bombardment, protest and violence against civilians, a handful of actors per
town with variant spellings. 80% of each source's events are the same underlying events
as the other's (dates 0-2 days off or widened to an ACLED week, coordinates up to 10 km
off, a compatible kind); the rest are in one source only. 5% of the places are areas
(region precision) and 1% have no coordinates, only names.

Targets (2 cores): 100k x 100k within 60 s, 1M x 1M within 5 minutes, peak RSS under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

from model.event import GeoPrecision
from model.kinds import EventKind
from model.matching import Candidate, CandidateTable, MatchSettings, match

DAYS = 1000
TOWNS = 200
FIRST_DAY = 735965  # 2016-01-01
SHARED = 0.8
GROUPS: tuple[tuple[EventKind, ...], ...] = (
    (EventKind.CLASH, EventKind.CAPTURE, EventKind.OFFENSIVE),
    (EventKind.SHELLING, EventKind.AIR_STRIKE, EventKind.EXPLOSION),
    (EventKind.PROTEST, EventKind.RIOT),
    (EventKind.ATTACK_ON_CIVILIANS, EventKind.ABDUCTION),
)
GROUP_OF = {kind: n for n, group in enumerate(GROUPS) for kind in group}
LIMIT_S = {100_000: 60.0, 1_000_000: 300.0}
LIMIT_RSS_MB = 1024.0


def compatible(a: EventKind, b: EventKind) -> str | None:
    """The benchmark's taxonomy: kinds of one group are compatible."""
    if a is b:
        return f"same kind: {a.value}"
    group = GROUP_OF.get(a)
    return f"{a.value} ~ {b.value}" if group is not None and group == GROUP_OF.get(b) else None


def generate(n: int, seed: int) -> list[Candidate]:
    """n candidates for each of two sources, keys 0..2n-1."""
    return list(generated(n, seed))


def generated(n: int, seed: int) -> Iterator[Candidate]:
    """The candidates of `generate`, one at a time."""
    rng = random.Random(seed)
    towns = [(28.0 + rng.random() * 13.5, 9.0 + rng.random() * 16.0) for _ in range(TOWNS)]
    names = [f"Town {t}" for t in range(TOWNS)]
    admins = [f"Area {t // 10}" for t in range(TOWNS)]
    actors = [[((f"Al-Brigade {t}-{k}",), (f"Brigade {t} {k} forces",)) for k in range(4)]
              for t in range(TOWNS)]
    kinds = [kind for group in GROUPS for kind in group]
    days = list(range(FIRST_DAY, FIRST_DAY + DAYS + 40))  # shared int objects, as a store's
    key = 0

    def one(source: int, day: int, span: int, town: int, kind: EventKind, spelling: int,
            actor: int) -> Candidate:
        nonlocal key
        lat0, lon0 = towns[town]
        roll = rng.random()
        geo = GeoPrecision.REGION if roll < 0.05 else GeoPrecision.EXACT
        jitter = rng.random() * 10.0
        angle = rng.random() * 2 * math.pi
        lat = lat0 + jitter * math.sin(angle) / 111.2
        lon = lon0 + jitter * math.cos(angle) / (111.2 * math.cos(math.radians(lat0)))
        named = roll > 0.99
        candidate = Candidate(
            key=key, source=source, earliest=days[day], latest=days[day + span], kind=kind,
            latitude=None if named else lat, longitude=None if named else lon,
            geo=None if named else geo, place=names[town], admin=admins[town],
            country="Testland", actors=actors[town][actor][spelling])
        key += 1
        return candidate

    shared = int(n * SHARED)
    for _ in range(shared):
        day, town = rng.randrange(DAYS), rng.randrange(TOWNS)
        kind = rng.choice(kinds)
        actor = rng.randrange(4)
        yield one(0, day, 0, town, kind, 0, actor)
        twin_kind = rng.choice(GROUPS[GROUP_OF[kind]])
        if rng.random() < 0.1:
            yield one(1, day - day % 7, 6, town, twin_kind, 1, actor)
        else:
            yield one(1, day + rng.randrange(3), 0, town, twin_kind, 1, actor)
    for source in (0, 1):
        for _ in range(n - shared):
            yield one(source, rng.randrange(DAYS), 0, rng.randrange(TOWNS),
                      rng.choice(kinds), source, rng.randrange(4))


def measure(n: int, seed: int) -> dict[str, Any]:
    """Generate n x n candidates and time `match` on them (in this interpreter)."""
    started = time.perf_counter()
    candidates = CandidateTable.of(generated(n, seed))  # no object per event kept
    made = time.perf_counter() - started
    started = time.perf_counter()
    result = match(candidates, MatchSettings(), compatible=compatible)
    seconds = time.perf_counter() - started
    truth = int(n * SHARED)
    pairs = {(m.a, m.b) for m in result.matches}
    twins = sum(1 for k in range(truth) if (2 * k, 2 * k + 1) in pairs)
    return {
        "n": n, "seed": seed, "generate_s": round(made, 2), "match_s": round(seconds, 2),
        "compared": result.compared, "all_pairs": n * n, "matches": len(result.matches),
        "clusters": len(result.clusters), "misses": len(result.misses),
        "twins_found": twins, "twins": truth,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str]) -> int:
    """Measure each size in a fresh interpreter and print a line per size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, args.seed)))
        return 0
    for n in (int(size) for size in args.sizes.split(",")):
        run = subprocess.run([sys.executable, "-m", "bench.matching_speed", "--one", str(n),
                              "--seed", str(args.seed)], capture_output=True, text=True,
                             check=True)
        got = json.loads(run.stdout.strip().splitlines()[-1])
        limit = LIMIT_S.get(n)
        verdict = "" if limit is None else (
            "PASS" if got["match_s"] <= limit and got["peak_rss_mb"] <= LIMIT_RSS_MB
            else "MISS")
        print(f"{n:>9,} x {n:,}: match {got['match_s']:7.1f} s (generate "
              f"{got['generate_s']:.1f} s), compared {got['compared']:,} of "
              f"{got['all_pairs']:,} pairs ({got['compared'] / got['all_pairs']:.2e}), "
              f"peak RSS {got['peak_rss_mb']:,.0f} MB, {got['clusters']:,} clusters, "
              f"twins found {got['twins_found']:,} of {got['twins']:,} {verdict}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
