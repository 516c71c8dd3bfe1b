"""Paired ACLED and UCDP GED files with known truth (bench.pairs), and their scoring
(bench.match_quality): both files import, the truth names every row, the two records of an
event differ only within the stated bounds, and the scores mean what they say."""

from __future__ import annotations

import collections
import csv
import io
import json
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bench import generate, match_quality, pairs
from model.days import Day
from model.event import Event
from model.importers import ImportRun

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
ACLED_FIXTURE = FIXTURES / "acled" / "acled-2020-export-tool.csv"
UCDP_FIXTURE = FIXTURES / "ucdp" / "ged191-hdx-fixture-myanmar-bangladesh.csv"
MATCHER = ROOT / "model" / "matching" / "__init__.py"
N = 200
SEED = 11

# Which UCDP types of violence each ACLED event type may be written as.
COMPATIBLE = {"Battles": {"1", "2"}, "Explosions/Remote violence": {"1"},
              "Violence against civilians": {"3"}}


@dataclass
class Pair:
    files: pairs.PairFiles
    acled: ImportRun
    ucdp: ImportRun
    acled_events: dict[str, Event]
    ucdp_events: dict[str, Event]
    acled_rows: dict[str, dict[str, str]]
    ucdp_rows: dict[str, dict[str, str]]
    truth: list[dict[str, Any]]

    def both(self) -> list[dict[str, Any]]:
        return [t for t in self.truth if t["acled"] and t["ucdp"]]


def _rows(path: Path, key: str) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as stream:
        return {row[key]: row for row in csv.DictReader(stream)}


def _truth(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def _read(files: pairs.PairFiles) -> Pair:
    acled, ucdp = ImportRun(files.acled), ImportRun(files.ucdp)
    acled_events = {e.id: e for e in acled.events()}
    ucdp_events = {e.id: e for e in ucdp.events()}
    return Pair(files, acled, ucdp, acled_events, ucdp_events,
                _rows(files.acled, "event_id_cnty"), _rows(files.ucdp, "id"),
                _truth(files.truth))


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    return _read(pairs.write_pair(N, SEED, tmp_path_factory.mktemp("pairs")))


def _slack(true: int) -> int:
    return max(2, math.ceil(0.15 * true))


def _days_apart(a: Event, b: Event) -> int:
    return max(0, a.date.earliest.ordinal - b.date.latest.ordinal,
               b.date.earliest.ordinal - a.date.latest.ordinal)


def _km(a: Event, b: Event) -> float:
    assert a.place is not None and b.place is not None
    assert a.place.latitude is not None and a.place.longitude is not None
    assert b.place.latitude is not None and b.place.longitude is not None
    return pairs.haversine_km(a.place.latitude, a.place.longitude, b.place.latitude,
                              b.place.longitude)


# -- the files -------------------------------------------------------------------------------


def test_both_files_import_with_no_row_skipped(pair: Pair) -> None:
    for run in (pair.acled, pair.ucdp):
        assert run.report.skipped_count == 0, run.report.lines()
        assert run.report.imported == N
    assert (pair.acled.format, pair.ucdp.format) == ("acled", "ucdp")
    assert len(pair.acled_events) == len(pair.ucdp_events) == N


def test_headers_and_cells_are_those_of_the_fixtures(pair: Pair) -> None:
    for path, fixture in ((pair.files.acled, ACLED_FIXTURE), (pair.files.ucdp, UCDP_FIXTURE)):
        with open(path, encoding="utf-8") as a, open(fixture, encoding="utf-8") as b:
            assert a.readline() == b.readline()
    # Written the way the pair writes its rows, the fixtures' own rows come out byte for byte.
    raw = ACLED_FIXTURE.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert "".join(pairs.acled_line(row) for row in rows) == raw
    raw = UCDP_FIXTURE.read_text(encoding="utf-8")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(csv.reader(io.StringIO(raw, newline="")))
    assert out.getvalue() == raw


def test_acled_rows_come_newest_day_first(pair: Pair) -> None:
    days = [pair.acled_events[i].date.earliest.ordinal
            + (3 if pair.acled_rows[i]["time_precision"] == "2" else 0)
            for i in pair.acled_rows]
    assert days == sorted(days, reverse=True)


def test_the_truth_names_every_row_once(pair: Pair) -> None:
    one_sided = round(N * pairs.ONE_SIDED)
    acled = [t["acled"] for t in pair.truth if t["acled"]]
    ucdp = [t["ucdp"] for t in pair.truth if t["ucdp"]]
    assert sorted(acled) == sorted(pair.acled_events)
    assert sorted(ucdp) == sorted(pair.ucdp_events)
    assert len(pair.truth) == pair.files.events == N + one_sided
    assert [t["event"] for t in pair.truth] == list(range(len(pair.truth)))
    assert len(pair.both()) == pair.files.both == N - one_sided
    assert sum(1 for t in pair.truth if not t["ucdp"]) == pair.files.acled_only == one_sided
    assert sum(1 for t in pair.truth if not t["acled"]) == pair.files.ucdp_only == one_sided


# -- the differences and their bounds --------------------------------------------------------


def test_dates_are_within_two_days_of_the_truth_and_of_each_other(pair: Pair) -> None:
    gaps: collections.Counter[int] = collections.Counter()
    for t in pair.truth:
        day = Day.fromisoformat(t["day"]).ordinal
        for event in (pair.acled_events.get(t["acled"]), pair.ucdp_events.get(t["ucdp"])):
            if event is not None:
                off = max(0, event.date.earliest.ordinal - day, day - event.date.latest.ordinal)
                assert off <= pairs.MAX_DAYS_APART, (t, event.date)
        if t["acled"] and t["ucdp"]:
            gap = _days_apart(pair.acled_events[t["acled"]], pair.ucdp_events[t["ucdp"]])
            assert gap <= pairs.MAX_DAYS_APART, t
            gaps[gap] += 1
    assert gaps[0] and gaps[1] and gaps[2]
    precisions = collections.Counter(r["time_precision"] for r in pair.acled_rows.values())
    assert set(precisions) == {"1", "2"} and precisions["2"] >= N * 0.05
    ranges = collections.Counter(r["date_prec"] for r in pair.ucdp_rows.values())
    assert set(ranges) == {"1", "2", "3"}
    for row in pair.ucdp_rows.values():
        days = (Day.fromisoformat(row["date_end"]).ordinal
                - Day.fromisoformat(row["date_start"]).ordinal + 1)
        assert days == 1 if row["date_prec"] == "1" else 2 <= days <= 6 \
            if row["date_prec"] == "2" else days == 7


def test_places_are_within_ten_km(pair: Pair) -> None:
    distances = [_km(pair.acled_events[t["acled"]], pair.ucdp_events[t["ucdp"]])
                 for t in pair.both()]
    assert max(distances) <= pairs.MAX_KM_APART
    assert sum(d > 1 for d in distances) > len(distances) / 2
    assert any(d == 0 for d in distances)
    where = collections.Counter(r["where_prec"] for r in pair.ucdp_rows.values())
    assert where["1"] and where["2"] and where["3"] + where["4"] > 0
    for t in pair.both():
        acled, ucdp = pair.acled_rows[t["acled"]], pair.ucdp_rows[t["ucdp"]]
        assert ucdp["adm_1"].startswith(acled["admin1"] + " ")
        assert ucdp["priogrid_gid"] == str(pairs.priogrid(float(ucdp["latitude"]),
                                                          float(ucdp["longitude"])))


def test_kinds_are_each_datasets_own_and_compatible(pair: Pair) -> None:
    acled_types = {(t, s) for t, s, _ in generate.SUB_EVENTS}  # ACLED's 25
    for row in pair.acled_rows.values():
        assert (row["event_type"], row["sub_event_type"]) in acled_types
    for t in pair.both():
        acled, ucdp = pair.acled_rows[t["acled"]], pair.ucdp_rows[t["ucdp"]]
        assert ucdp["type_of_violence"] in COMPATIBLE[acled["event_type"]], t
    assert {r["type_of_violence"] for r in pair.ucdp_rows.values()} == {"1", "2", "3"}
    acled_only = {pair.acled_rows[t["acled"]]["event_type"] for t in pair.truth
                  if not t["ucdp"]}
    assert acled_only - set(COMPATIBLE), "ACLED's own rows include what UCDP never codes"


def test_fatalities_differ_slightly(pair: Pair) -> None:
    differ = 0
    for t in pair.truth:
        true = t["fatalities"]
        if t["acled"]:
            figure = int(pair.acled_rows[t["acled"]]["fatalities"])
            assert figure == t["acled_fatalities"] and abs(figure - true) <= _slack(true)
        if t["ucdp"]:
            row = pair.ucdp_rows[t["ucdp"]]
            low, best, high = int(row["low"]), int(row["best"]), int(row["high"])
            assert best == t["ucdp_best"] >= 1 and abs(best - true) <= _slack(true)
            assert low <= min(best, true) and high >= max(best, true)
            assert sum(int(row[k]) for k in ("deaths_a", "deaths_b", "deaths_civilians",
                                             "deaths_unknown")) == best
        if t["acled"] and t["ucdp"]:
            differ += t["acled_fatalities"] != t["ucdp_best"]
    assert 0 < differ < len(pair.both())


def test_actors_are_named_as_each_dataset_names_them(pair: Pair) -> None:
    renamed = 0
    for t in pair.both():
        acled, ucdp = pair.acled_rows[t["acled"]], pair.ucdp_rows[t["ucdp"]]
        renamed += not {acled["actor1"], acled["actor2"]} & {ucdp["side_a"], ucdp["side_b"]}
        assert acled["country"] in pairs.WARS
        assert ucdp["country"] == pairs.WARS[acled["country"]][0]
    assert renamed >= 0.9 * len(pair.both())


def test_distinct_events_are_apart_but_for_confusable_couples(tmp_path: Path) -> None:
    """Records of distinct violent events of compatible kinds within 2 days and 50 km are
    those of confusable couples (the same town, day and kind), and about 5% of events are
    in such a couple."""
    files = pairs.write_pair(3000, 2, tmp_path)
    truth = _truth(files.truth)
    acled, ucdp = ImportRun(files.acled), ImportRun(files.ucdp)
    acled_events = {e.id: e for e in acled.events()}
    ucdp_events = {e.id: e for e in ucdp.events()}
    acled_rows, ucdp_rows = _rows(files.acled, "event_id_cnty"), _rows(files.ucdp, "id")
    event_of = {("a", t["acled"]): t for t in truth if t["acled"]}
    event_of.update({("u", t["ucdp"]): t for t in truth if t["ucdp"]})
    by_day = collections.defaultdict(list)
    for uid, e in ucdp_events.items():
        for day in range(e.date.earliest.ordinal - 2, e.date.latest.ordinal + 3):
            by_day[day].append(uid)
    strangers = couples = 0
    for aid, e in acled_events.items():
        kinds = COMPATIBLE.get(acled_rows[aid]["event_type"])
        if kinds is None:
            continue
        mine = event_of[("a", aid)]
        near = {uid for day in range(e.date.earliest.ordinal, e.date.latest.ordinal + 1)
                for uid in by_day[day]}
        for uid in near:
            other = event_of[("u", uid)]
            if other is mine or ucdp_rows[uid]["type_of_violence"] not in kinds \
                    or _km(e, ucdp_events[uid]) > 50:
                continue
            if mine["near"] == other["event"] or other["near"] == mine["event"]:
                couples += 1
            else:
                strangers += 1
    assert strangers <= 0.002 * len(acled_events)
    assert couples > 0
    twins = [t for t in truth if t["near"] is not None and t["near"] < t["event"]]
    assert len(twins) == files.couples
    assert 0.03 <= 2 * files.couples / files.events <= 0.07
    for twin in twins:
        first = truth[twin["near"]]
        assert first["near"] == twin["event"]
        assert (first["day"], first["kind"]) == (twin["day"], twin["kind"])
        towns = {acled_rows[t["acled"]]["location"] if t["acled"]
                 else ucdp_rows[t["ucdp"]]["where_coordinates"] for t in (first, twin)}
        if first["acled"] and twin["acled"]:
            assert len(towns) == 1


def test_a_seed_gives_the_same_files(tmp_path: Path) -> None:
    def written(seed: int, where: str) -> list[bytes]:
        files = pairs.write_pair(N, seed, tmp_path / where)
        return [p.read_bytes() for p in (files.acled, files.ucdp, files.truth)]

    first = written(SEED, "a")
    assert written(SEED, "b") == first
    other = written(SEED + 1, "c")
    assert all(x != y for x, y in zip(first, other))


def test_a_kept_pair_is_reused(tmp_path: Path) -> None:
    files = pairs.ensure_pair(50, 3, tmp_path)
    written = files.acled.stat().st_mtime_ns
    again = pairs.ensure_pair(50, 3, tmp_path)
    assert again == files
    assert again.acled.stat().st_mtime_ns == written


# -- scoring ---------------------------------------------------------------------------------


def test_the_truth_itself_scores_one(pair: Pair) -> None:
    right = match_quality.truth_pairs(pair.files.truth)
    assert len(right) == len(pair.both())
    scores = match_quality.quality(right, pair.files.truth)
    assert scores["precision"] == scores["recall"] == scores["f1"] == 1.0
    assert scores["wrong"] == scores["missed"] == 0
    doubled = match_quality.quality(right + right[:10], pair.files.truth)
    assert doubled["precision"] == 1.0 and doubled["matched"] == len(right)


def test_no_matches_recall_nothing(pair: Pair) -> None:
    scores = match_quality.quality([], pair.files.truth)
    assert scores["recall"] == 0.0 and scores["precision"] == 0.0
    assert scores["missed"] == len(pair.both())


def test_a_shuffled_pairing_has_low_precision(pair: Pair) -> None:
    right = match_quality.truth_pairs(pair.files.truth)
    ucdp = [u for _, u in right]
    random.Random(4).shuffle(ucdp)
    shuffled = list(zip((a for a, _ in right), ucdp))
    scores = match_quality.quality(shuffled, pair.files.truth)
    assert scores["precision"] < 0.05 and scores["recall"] < 0.05
    half = right[: len(right) // 2] + shuffled[len(right) // 2:]
    scores = match_quality.quality(half, pair.files.truth)
    assert 0.45 < scores["precision"] < 0.55
    unknown = match_quality.quality([("XYZ1", "1")], pair.files.truth)
    assert unknown["precision"] == 0.0 and unknown["wrong"] == 1


def test_fatalities_quality_is_the_relative_error() -> None:
    assert match_quality.fatalities_quality(110, 100) == pytest.approx(0.1)
    assert match_quality.fatalities_quality(90, 100) == pytest.approx(-0.1)
    assert match_quality.fatalities_quality(100, 100) == 0.0
    assert match_quality.fatalities_quality(0, 0) == 0.0
    assert match_quality.fatalities_quality(5, 0) == math.inf


def test_truth_fatalities_count_each_event_once(pair: Pair) -> None:
    totals = match_quality.truth_fatalities(pair.files.truth)
    assert totals["truth"] == sum(t["fatalities"] for t in pair.truth)
    acled = sum(int(r["fatalities"]) for r in pair.acled_rows.values())
    ucdp = sum(int(r["best"]) for r in pair.ucdp_rows.values())
    assert totals["naive"] == acled + ucdp
    only_ucdp = sum(t["ucdp_best"] for t in pair.truth if not t["acled"])
    assert totals["floor"] == acled + only_ucdp
    assert abs(match_quality.fatalities_quality(totals["floor"], totals["truth"])) < 0.1
    assert match_quality.fatalities_quality(totals["naive"], totals["truth"]) > 0.5


@pytest.mark.skipif(not MATCHER.exists(),
                    reason="model/matching/ (the matcher this measures) is not written yet")
def test_the_matcher_finds_the_truth(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = match_quality.run(300, 1, tmp_path / "work")
    assert (result["acled_rows"], result["ucdp_rows"]) == (300, 300)
    assert result["precision"] >= 0.95, result
    assert result["recall"] >= 0.90, result
    assert result["match_seconds"] >= 0 and result["peak_rss_mb"] > 0
    fatalities = result["fatalities"]
    assert fatalities["low"] <= fatalities["dedup"] <= fatalities["high"]
    assert fatalities["dedup"] < fatalities["naive"]
