"""The benchmark's generator: the same file for a seed, and every row imports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench import generate
from model.loading import open_path

FIXTURE = Path(__file__).parent.parent / "fixtures" / "acled" / "acled-2020-export-tool.csv"
ROWS = 200


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def test_a_seed_gives_the_same_file(tmp_path: Path) -> None:
    first = generate.write(ROWS, tmp_path / "a.csv", seed=7).read_bytes()
    again = generate.write(ROWS, tmp_path / "b.csv", seed=7).read_bytes()
    other = generate.write(ROWS, tmp_path / "c.csv", seed=8).read_bytes()
    assert first == again
    assert first != other


def test_columns_and_shape_follow_the_export_tool(tmp_path: Path) -> None:
    path = generate.write(ROWS, tmp_path / "a.csv", seed=3)
    with open(FIXTURE, newline="", encoding="utf-8") as stream:
        fixture_header = next(csv.reader(stream))
    with open(path, newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == fixture_header
    assert len(rows) == ROWS
    assert len({r["event_id_cnty"] for r in rows}) == ROWS
    assert all(150 <= len(r["notes"]) <= 300 for r in rows)
    assert all(2015 <= int(r["year"]) <= 2023 for r in rows)
    assert {r["time_precision"] for r in rows} <= {"1", "2", "3"}
    fatalities = [int(r["fatalities"]) for r in rows]
    assert fatalities.count(0) > ROWS // 2


def test_every_row_imports(cache_home: Path) -> None:
    path = generate.write(ROWS, cache_home / "a.csv", seed=5)
    opened = open_path(path)
    assert opened.report is not None
    assert opened.report.skipped_count == 0
    assert opened.report.imported == ROWS
    assert opened.store.total == ROWS
    ids = {e.id for e in opened.store.iter_events()}
    with open(path, newline="", encoding="utf-8") as stream:
        assert ids == {r["event_id_cnty"] for r in csv.DictReader(stream)}
