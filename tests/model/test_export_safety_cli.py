"""`dateline export` to CSV and TimelineJS carries no attack to the next program, and says
in its one report on stderr how many cells and addresses it changed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from model.days import Day
from model.dataset import DatasetInfo
from model.dates import DateSpan
from model.event import Actor, ActorRole, Certainty, Event, Link
from model.exporters.cells import NEUTRALISED
from model.exporters.timelinejs import REFUSED
from model.exporters.toml import write_dataset
from model.kinds import EventKind
from tests.model.test_cli import run

FORMULA = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://example.com/x","click")'


def hostile_dataset(tmp_path: Path) -> Path:
    events = [
        Event(id="formula", title="Formula", kind=EventKind.CLASH,
              date=DateSpan.day(Day(2016, 6, 9)), certainty=Certainty.REPORTED,
              actors=(Actor("@SUM(1+1)", ActorRole.SIDE_A),), notes=FORMULA,
              tags=("<img src=x onerror=alert(1)>",),
              links=(Link("javascript:alert(1)"),),
              attributes=(("background_url", "data:text/html,x"),)),
        Event(id="link", title="Link", kind=EventKind.CLASH,
              date=DateSpan.day(Day(2016, 6, 10)), certainty=Certainty.REPORTED,
              notes=LINK, tags=("plain",)),
    ]
    path = tmp_path / "hostile.toml"
    with open(path, "wb") as stream:
        write_dataset(DatasetInfo("Hostile"), events, stream)
    return path


def test_csv_export_neutralises_formulas_and_says_how_many(tmp_path: Path) -> None:
    path = hostile_dataset(tmp_path)
    result = run("export", str(path), "--format", "csv", "-o", "out.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"  3 cells: {NEUTRALISED}\n" in result.stderr
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["notes"] for row in rows] == ["'" + FORMULA, "'" + LINK]
    assert rows[0]["actor1"] == "'@SUM(1+1)"
    # Read back by Dateline, the cells are what the dataset holds.
    listed = run("list", "out.csv", "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [e["notes"] for e in json.loads(listed.stdout)["events"]] == [FORMULA, LINK]


def test_raw_cells_keeps_them_as_they_are(tmp_path: Path) -> None:
    path = hostile_dataset(tmp_path)
    result = run("export", str(path), "--format", "csv", "--raw-cells", "-o", "out.csv",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "cells" not in result.stderr
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["notes"] for row in rows] == [FORMULA, LINK]


def test_raw_cells_is_only_for_csv(tmp_path: Path) -> None:
    path = hostile_dataset(tmp_path)
    result = run("export", str(path), "--format", "timelinejs", "--raw-cells", "-o", "t.json",
                 cwd=tmp_path)
    assert result.returncode == 2
    assert "--raw-cells is for --format csv" in result.stderr
    assert not (tmp_path / "t.json").exists()


def test_timelinejs_export_escapes_and_drops_running_addresses(tmp_path: Path) -> None:
    path = hostile_dataset(tmp_path)
    result = run("export", str(path), "--format", "timelinejs", "-o", "t.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"  1 URL: {REFUSED.format('media.url (and so its media)')}\n" in result.stderr
    assert f"  1 URL: {REFUSED.format('background.url')}\n" in result.stderr
    text = (tmp_path / "t.json").read_text(encoding="utf-8")
    assert "javascript:" not in text and "data:" not in text and "<img" not in text
    slide = json.loads(text)["events"][0]
    assert slide["group"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "media" not in slide and "background" not in slide
