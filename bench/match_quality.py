"""How well matches across two datasets find the truth of a generated pair (bench.pairs).

`quality(matches, truth_path)` scores (ACLED event_id_cnty, UCDP id) pairs against the truth:
precision, recall and F1. `fatalities_quality(total, truth_total)` is the relative error of a
deduplicated fatality total. Both are pure: they read the truth file and nothing else.

`run(n, seed, work)` measures Dateline's matcher (model.matching) end to end on a pair of n
rows a file: it opens both files as Dateline opens any file, matches, and scores the clusters
and the fatalities they count. It needs model.matching, which it imports only when called.
"""

from __future__ import annotations

import json
import math
import resource
import time
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bench.pairs import ensure_pair


def _truth(truth_path: Path) -> Iterator[dict[str, Any]]:
    with open(truth_path, encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def truth_pairs(truth_path: Path) -> list[tuple[str, str]]:
    """Every (ACLED id, UCDP id) of an underlying event in both files: the right answer."""
    return [(t["acled"], t["ucdp"]) for t in _truth(truth_path)
            if t["acled"] is not None and t["ucdp"] is not None]


def quality(matches: Iterable[tuple[str, str]], truth_path: Path) -> dict[str, Any]:
    """Precision, recall and F1 of matched (ACLED id, UCDP id) pairs against the truth.

    A pair is right when both ids are records of one underlying event. A pair given twice
    counts once; an id the truth does not know makes its pair wrong. With no pairs at all,
    precision is 0 (an empty answer never looks good). Also: how many pairs were given,
    right and wrong, how many true pairs were missed, and how many of the wrong pairs join
    the two events of a confusable couple (same town, day and kind; bench.pairs).
    """
    acled_event: dict[str, int] = {}
    ucdp_event: dict[str, int] = {}
    near: dict[int, int] = {}
    truth = 0
    for t in _truth(truth_path):
        if t["acled"] is not None:
            acled_event[t["acled"]] = t["event"]
        if t["ucdp"] is not None:
            ucdp_event[t["ucdp"]] = t["event"]
        if t["acled"] is not None and t["ucdp"] is not None:
            truth += 1
        if t.get("near") is not None:
            near[t["event"]] = t["near"]
    given = set(matches)
    right = wrong_confusable = 0
    for acled_id, ucdp_id in given:
        a, u = acled_event.get(acled_id), ucdp_event.get(ucdp_id)
        if a is not None and a == u:
            right += 1
        elif a is not None and u is not None and (near.get(a) == u or near.get(u) == a):
            wrong_confusable += 1
    precision = right / len(given) if given else 0.0
    recall = right / truth if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "matched": len(given),
            "right": right, "wrong": len(given) - right, "missed": truth - right,
            "truth_pairs": truth, "wrong_confusable": wrong_confusable}


def fatalities_quality(total: int, truth_total: int) -> float:
    """The relative error of a deduplicated fatality total: (total - truth) / truth, positive
    when it counts too many (0 for a right total; inf for any total when the truth is 0)."""
    if truth_total == 0:
        return 0.0 if total == 0 else math.inf
    return (total - truth_total) / truth_total


def truth_fatalities(truth_path: Path) -> dict[str, int]:
    """The true total, and two totals over the files' own figures: `floor`, each underlying
    event once with its ACLED figure (UCDP's best when ACLED has none), the best a matcher
    counting by that rule can do; `naive`, every row of both files added up."""
    total = floor = naive = 0
    for t in _truth(truth_path):
        acled, ucdp = t["acled_fatalities"], t["ucdp_best"]
        total += t["fatalities"]
        floor += acled if acled is not None else ucdp or 0
        naive += (acled or 0) + (ucdp or 0)
    return {"truth": total, "floor": floor, "naive": naive}


def peak_rss_mb() -> float:
    """This process's peak resident set so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _default_settings(matching: Any) -> Any:
    """The matcher's default settings (windows of 2 days and 50 km)."""
    for name in ("DEFAULT_SETTINGS", "DEFAULTS", "MatchSettings", "MatchingSettings",
                 "Settings"):
        found = getattr(matching, name, None)
        if found is not None:
            return found() if isinstance(found, type) else found
    raise RuntimeError("model.matching names no default settings; pass settings to run()")


def _killed(event: Any) -> int:
    """An event's incident killed figure (0 when it has none)."""
    from model.event import CasualtyScope, CasualtyType

    for record in event.casualties:
        if record.type is CasualtyType.KILLED and record.scope is CasualtyScope.INCIDENT:
            return int(record.count)
    return 0


def run(n: int, seed: int, work: Path, settings: Any = None) -> dict[str, Any]:
    """Match a generated pair of n rows a file with model.matching and score the result.

    The pair is written into `work` (or reused from there, bench.pairs.ensure_pair). Both
    files are opened with model.loading.open_path; every event becomes a candidate
    (`CandidateTable.add(event, key, source)`, the key a running integer, the source 0 for
    ACLED and 1 for UCDP) and `match(candidates, settings)` runs at its defaults unless
    `settings` is given. Each cluster holding an ACLED and a UCDP event is a matched pair.

    Fatalities are counted as a summary over both files must count them: each event that
    is in no cluster with its own figure, and each cluster once, with its ACLED event's
    figure (ACLED codes one figure an event; UCDP's best is one of a range). `low` and
    `high` count each cluster with the least and the most of its events' figures (the
    spread), `naive` adds up every row of both files, and each total's relative error
    against the truth is given; `floor` is what the ACLED rule gives with the true
    pairing, the least error any matcher can reach by that rule.

    Seconds are the matching's alone (`match_seconds`) and the opening of the two files
    (`open_seconds`); `peak_rss_mb` is the process's peak after matching, opening and
    writing included (the events' ids, for scoring only, are read once matching is done).
    """
    try:
        from model import matching  # type: ignore[attr-defined, unused-ignore]
    except ImportError as error:
        raise RuntimeError(f"model.matching cannot be imported ({error}): the matcher is "
                           "needed to measure it") from error
    from model.loading import open_path

    pair = ensure_pair(n, seed, Path(work))
    started = time.perf_counter()
    opened = [("acled", open_path(pair.acled)), ("ucdp", open_path(pair.ucdp))]
    open_seconds = time.perf_counter() - started
    killed = array("q")
    candidates = matching.CandidateTable()
    boundary = 0
    for source, (_, file) in enumerate(opened):
        for event in file.store.iter_events():
            candidates.add(event, len(killed), source)
            killed.append(_killed(event))
        if source == 0:
            boundary = len(killed)
    chosen = settings if settings is not None else _default_settings(matching)
    started = time.perf_counter()
    result = matching.match(candidates, chosen)
    match_seconds = time.perf_counter() - started
    rss = peak_rss_mb()
    del candidates
    ids = [event.id for _, file in opened for event in file.store.iter_events()]

    pairs: list[tuple[str, str]] = []
    dedup = low = high = spread = 0
    clustered = 0
    for cluster in result.clusters:
        keys = tuple(cluster)
        if len(keys) < 2:
            continue
        acled_keys = [k for k in keys if k < boundary]
        ucdp_keys = [k for k in keys if k >= boundary]
        pairs.extend((ids[a], ids[u]) for a in acled_keys for u in ucdp_keys)
        figures = [killed[k] for k in keys]
        dedup += max(killed[k] for k in acled_keys) if acled_keys else max(figures)
        low += min(figures)
        high += max(figures)
        spread += min(figures) != max(figures)
        clustered += sum(figures)
    singles = sum(killed) - clustered
    scores = quality(pairs, pair.truth)
    truth = truth_fatalities(pair.truth)
    totals = {
        "truth": truth["truth"], "dedup": singles + dedup, "low": singles + low,
        "high": singles + high, "clusters_with_spread": spread, "naive": sum(killed),
        "floor": truth["floor"],
    }
    fatalities: dict[str, float] = dict(totals)
    for name in ("dedup", "low", "high", "naive", "floor"):
        fatalities[f"{name}_error"] = fatalities_quality(totals[name], truth["truth"])
    return {
        "rows": n, "seed": seed, "events": pair.events, "acled_rows": boundary,
        "ucdp_rows": len(ids) - boundary, **scores, "open_seconds": open_seconds,
        "match_seconds": match_seconds, "peak_rss_mb": rss, "fatalities": fatalities,
    }
