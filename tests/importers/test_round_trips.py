"""Exports and round trips: TimelineJS -> Dateline -> TimelineJS, ACLED -> TOML -> CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from model.days import Day
from model.dataset import DatasetInfo, load_file
from model.dates import DateSpan
from model.event import Certainty, Event
from model.exporters.csv import acled_date, acled_row, write_acled_csv
from model.exporters.timelinejs import write_timelinejs
from model.exporters.toml import write_dataset
from model.importers.acled import inter_label
from model.importers.datetext import parse_date
from model.importers.markup import html_to_text
from model.importers.tldates import DateParts, read_parts
from model.kinds import EventKind
from model.loading import bundled_dataset_path
from tests.importers.conftest import (
    ACLED_2016,
    ACLED_2020,
    ACLED_2024,
    GDELT,
    TIMELINEJS,
    UCDP,
    Imported,
)


def _timelinejs(events: list[Event], info: DatasetInfo | None) -> dict:
    buffer = io.BytesIO()
    write_timelinejs(events, buffer, info=info)
    return json.loads(buffer.getvalue().decode("utf-8"))


def _date(obj: object) -> DateParts | None:
    parts = read_parts(obj)
    assert not isinstance(parts, str)
    return parts


def _slides(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["events"]


@pytest.mark.parametrize("path", TIMELINEJS)
def test_timelinejs_round_trip_keeps_headlines_dates_and_precision(path: Path,
                                                                   tmp_path: Path) -> None:
    imported = Imported(path)
    out = tmp_path / "again.json"
    out.write_text(json.dumps(_timelinejs(imported.events, imported.report.info)))
    original = _slides(path)
    exported = _slides(out)
    assert len(exported) == len(original)
    for before, after in zip(original, exported, strict=True):
        assert html_to_text(after["text"]["headline"]) == html_to_text(
            before.get("text", {}).get("headline"))
        assert _date(after["start_date"]) == _date(before["start_date"])
        end_before, end_after = _date(before.get("end_date")), _date(after.get("end_date"))
        if end_before is None or end_before.last == _date(before["start_date"]).last:
            assert end_after is None or end_after.last == _date(after["start_date"]).last
        else:
            assert end_after == end_before
        assert after.get("group", "") == (before.get("group") or "")
    again = Imported(out)
    assert [(e.id, e.title, e.date) for e in again.events] == [
        (e.id, e.title, e.date) for e in imported.events]
    assert again.report.info == imported.report.info


def test_exported_timelinejs_has_what_timelinejs_needs() -> None:
    imported = Imported(TIMELINEJS[0])
    document = _timelinejs(imported.events, imported.report.info)
    assert document["title"]["text"]["headline"] == "Eras Test"
    assert [e["text"]["headline"] for e in document["eras"]] == [
        "Era Test 650-700", "Era Test 600-650", "Era Test 700-720"]
    assert all("start_date" in e and "end_date" in e for e in document["eras"])
    ids = [slide["unique_id"] for slide in document["events"]]
    assert len(ids) == len(set(ids)) == 20
    for slide in document["events"]:
        assert slide["start_date"]["year"].isdigit()
        assert set(slide["text"]) == {"headline", "text"}


def test_parts_match_the_precision() -> None:
    events = [
        Event("d", "Day", EventKind.OTHER, DateSpan.day(Day(2016, 6, 9)), Certainty.REPORTED),
        Event("w", "Week", EventKind.OTHER, DateSpan.week_around(Day(2016, 6, 9)),
              Certainty.REPORTED),
        Event("m", "Month", EventKind.OTHER, DateSpan.month(2016, 6), Certainty.REPORTED),
        Event("y", "Year <b>&", EventKind.OTHER, DateSpan.year(2016), Certainty.REPORTED,
              notes="Line one\nline two\n\n<script>x</script>", tags=("Group A",)),
    ]
    slides = {s["unique_id"]: s for s in _timelinejs(events, None)["events"]}
    assert slides["d"]["start_date"] == {"year": "2016", "month": "6", "day": "9"}
    assert "end_date" not in slides["d"]
    assert slides["w"]["start_date"] == {"year": "2016", "month": "6", "day": "6"}
    assert slides["w"]["end_date"] == {"year": "2016", "month": "6", "day": "12"}
    assert slides["w"]["display_date"] == "week of 6\u201312 Jun 2016"
    assert slides["m"]["start_date"] == {"year": "2016", "month": "6"}
    assert slides["y"]["start_date"] == {"year": "2016"}
    assert slides["y"]["text"] == {
        "headline": "Year &lt;b&gt;&amp;",
        "text": "<p>Line one<br>line two</p><p>&lt;script&gt;x&lt;/script&gt;</p>"}
    assert slides["y"]["group"] == "Group A"


def test_ucdp_spans_keep_their_days_in_timelinejs(tmp_path: Path) -> None:
    imported = Imported(UCDP)
    out = tmp_path / "ucdp.json"
    out.write_text(json.dumps(_timelinejs(imported.events, imported.report.info)))
    again = Imported(out)
    for before, after in zip(imported.events, again.events, strict=True):
        assert (after.date.earliest, after.date.latest) == (before.date.earliest,
                                                            before.date.latest)
        assert after.title == before.title


MODELLED = ("event_id_cnty", "time_precision", "event_type", "sub_event_type", "actor1",
            "actor2", "country", "admin1", "location", "notes", "fatalities", "admin2")


def _acled_rows(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    return {row["event_id_cnty"]: row for row in rows}


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


@pytest.mark.parametrize("path", [ACLED_2016, ACLED_2020, ACLED_2024])
def test_acled_to_toml_to_csv_keeps_the_modelled_columns(path: Path, tmp_path: Path) -> None:
    imported = Imported(path)
    dataset = tmp_path / "acled.toml"
    with open(dataset, "wb") as stream:
        write_dataset(imported.report.info or DatasetInfo("x"), imported.events, stream)
    loaded = load_file(dataset).dataset
    assert sorted(loaded.events, key=lambda e: e.id) == sorted(imported.events,
                                                               key=lambda e: e.id)
    out = tmp_path / "acled.csv"
    with open(out, "wb") as stream:
        assert write_acled_csv(loaded.events, stream) == len(imported.events)
    original, exported = _acled_rows(path), _acled_rows(out)
    assert set(original) == set(exported)
    for event_id, before in original.items():
        after = exported[event_id]
        for column in MODELLED:
            if column in before:
                assert after[column].strip() == before[column].strip(), (event_id, column)
        assert parse_date(after["event_date"]) == parse_date(before["event_date"])
        for column in ("latitude", "longitude"):
            assert float(after[column]) == float(before[column])
        assert after["geo_precision"] == before["geo_precision"]
        for column in ("inter1", "inter2"):
            assert after[column] == (inter_label(before[column]) or "")
        for column in ("source", "assoc_actor_1", "assoc_actor_2"):
            old = before.get(column, before.get(column.replace("assoc", "ally"), ""))
            assert _split(after[column]) == _split(old)
        for column in ("interaction", "region", "iso", "source_scale", "timestamp",
                       "disorder_type", "tags"):
            if column in before:
                assert after[column] == before[column], (event_id, column)


def test_csv_of_events_that_did_not_come_from_acled() -> None:
    events = load_file(bundled_dataset_path()).dataset.events
    stream = io.StringIO()
    write_acled_csv(events, stream)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert len(rows) == len(events)
    by_id = {row["event_id_cnty"]: row for row in rows}
    capture = by_id["tagreft-barracks-taken"]
    # The report never gave ACLED categories: none is made up from the kind.
    assert (capture["event_type"], capture["sub_event_type"]) == ("", "")
    assert capture["dateline_kind"] == "capture"
    assert all(row["notes"] for row in rows)  # the title when there are no notes


def test_acled_dates_for_each_precision() -> None:
    day = Day(2016, 6, 9)
    assert acled_date(DateSpan.day(day)) == (day, "1")
    assert acled_date(DateSpan.week_around(day)) == (day, "2")
    assert acled_date(DateSpan.month(2016, 6), "15 June 2016") == (Day(2016, 6, 15), "3")
    assert acled_date(DateSpan.month(2016, 6)) == (Day(2016, 6, 15), "3")
    assert acled_date(DateSpan(day, day + dt.timedelta(days=2))) == (
        day + dt.timedelta(days=1), "2")
    assert acled_date(DateSpan.year(2016))[1] == "3"


def test_other_imports_export_as_csv_too() -> None:
    for path in (UCDP, GDELT):
        imported = Imported(path)
        rows = [acled_row(e) for e in imported.events]
        assert len(rows) == len(imported.events)
        assert all(row["event_date"] for row in rows)


def test_the_streamed_dataset_file_is_one_toml_document(tmp_path: Path) -> None:
    imported = Imported(TIMELINEJS[0])
    path = tmp_path / "eras.toml"
    with open(path, "wb") as stream:
        write_dataset(imported.report.info or DatasetInfo("x"), imported.events, stream,
                      comment="Imported for a test.")
    assert path.read_text(encoding="utf-8").startswith("# Imported for a test.\n")
    loaded = load_file(path).dataset
    assert loaded.info == imported.report.info
    assert set(loaded.events) == set(imported.events)
    empty = tmp_path / "empty.toml"
    with open(empty, "wb") as stream:
        assert write_dataset(DatasetInfo("Nothing"), [], stream) == 0
    assert load_file(empty).dataset.events == ()


def test_every_fixture_saves_as_a_valid_dataset(tmp_path: Path) -> None:
    for path in (ACLED_2016, ACLED_2020, ACLED_2024, UCDP, GDELT, *TIMELINEJS):
        imported = Imported(path)
        target = tmp_path / f"{path.stem}.toml"
        with open(target, "wb") as stream:
            write_dataset(imported.report.info or DatasetInfo("x"), imported.events, stream)
        loaded = load_file(target).dataset
        assert len(loaded.events) == len(imported.events), path.name
        assert {e.id: e for e in loaded.events} == imported.by_id, path.name

