"""Formats told by content, not extension; encodings; empty and odd files."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest

from model.importers import ImportRun, detect_format
from model.loading import bundled_dataset_path
from model.validation import DataError
from tests.importers.conftest import (
    ACLED_2016,
    ACLED_2020,
    ACLED_2024,
    GDELT,
    TIMELINEJS,
    UCDP,
    Imported,
)


@pytest.mark.parametrize(("path", "format"), [
    (ACLED_2016, "acled"), (ACLED_2020, "acled"), (ACLED_2024, "acled"), (UCDP, "ucdp"),
    (GDELT, "gdelt"), *((p, "timelinejs") for p in TIMELINEJS),
])
def test_fixtures(path: Path, format: str) -> None:
    assert detect_format(path) == format


def test_datasets_are_left_to_the_dataset_loader(tmp_path: Path) -> None:
    assert detect_format(bundled_dataset_path()) == "toml"
    assert detect_format(tmp_path / "missing.csv") == "toml"  # the loader says "no such file"
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    assert detect_format(empty) == "toml"
    table = tmp_path / "events.toml"
    table.write_text("# a comment\n\n[[events]]\nid = 'x'\n")
    assert detect_format(table) == "toml"


def test_content_wins_over_the_extension(tmp_path: Path) -> None:
    for source, name in ((ACLED_2020, "export.toml"), (UCDP, "ged.txt"),
                         (TIMELINEJS[0], "timeline.csv"), (GDELT, "gdelt.json")):
        target = tmp_path / name
        shutil.copyfile(source, target)
        assert detect_format(target) == detect_format(source)


def test_empty_csv(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("\n\n")
    with pytest.raises(DataError, match="is empty"):
        detect_format(path)


def test_a_header_only_file_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("event_id_cnty,event_date,event_type\n")
    imported = Imported(path)
    assert imported.events == [] and imported.report.skipped_count == 0


def test_blank_lines_are_not_records(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text("event_id_cnty,event_date,event_type\n\nA1,2016-07-02,Battles\n\n"
                    "A2,2016-07-03,Battles\n,,\n")
    imported = Imported(path)
    assert [e.id for e in imported.events] == ["A1", "A2"]
    assert imported.report.skipped_count == 0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le-bom"])
def test_unicode_encodings(tmp_path: Path, encoding: str) -> None:
    text = ("event_id_cnty,event_date,event_type,location,notes\r\n"
            "MMR1,2016-07-02,Battles,Bh\u0101nd\u0101ria,\u201cQuoted\u201d\r\n")
    path = tmp_path / "events.csv"
    if encoding == "utf-16-le-bom":
        path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    else:
        path.write_bytes(text.encode(encoding))
    assert detect_format(path) == "acled"
    [event] = Imported(path).events
    assert event.id == "MMR1"
    assert event.place is not None and event.place.name == "Bh\u0101nd\u0101ria"
    assert event.notes == "\u201cQuoted\u201d"


def test_latin1_json_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "tl.json"
    path.write_bytes('{"events": [{"start_date": {"year": "1900"}, "text": {"headline": '
                     '"Caf\u00e9"}}]}'.encode("latin-1"))
    imported = Imported(path)
    assert imported.events[0].title == "Caf\u00e9"
    assert imported.notes() == [
        "line 1: not valid UTF-8; the file was read as Latin-1 (Windows-1252)"]


def test_invalid_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "events": [\n    {"start_date": }\n  ]\n}\n')
    with pytest.raises(DataError, match=r"line 3: not valid JSON: Expecting value"):
        list(ImportRun(path).events())


def test_a_list_of_slides_is_a_timeline(tmp_path: Path) -> None:
    path = tmp_path / "slides.json"
    path.write_text('[{"start_date": {"year": 1900}, "text": {"headline": "One"}}]')
    assert detect_format(path) == "timelinejs"
    assert [e.title for e in Imported(path).events] == ["One"]


def test_json_without_events(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(DataError, match='looked for an object with an "events" list'):
        list(ImportRun(path).events())


def test_an_hxl_hashtag_row_is_passed_over(tmp_path: Path) -> None:
    # HDX's copies of ACLED and UCDP data carry HXL tags under the header.
    path = tmp_path / "hdx.csv"
    path.write_text("event_id_cnty,event_date,event_type,country,fatalities\n"
                    "#event+code,#date+occurred,#event+type,#country+name,#affected+killed\n"
                    "LBY1,2016-07-02,Battles,Libya,3\n", encoding="utf-8")
    assert detect_format(path) == "acled"
    imported = Imported(path)
    assert [e.id for e in imported.events] == ["LBY1"]
    assert imported.notes() == ["line 2: HXL hashtag row passed over"]


def test_acled_api_json(tmp_path: Path) -> None:
    path = tmp_path / "acled-api.json"
    path.write_text(
        '{"status": 200, "success": true, "count": 2, "data": [\n'
        '  {"event_id_cnty": "LBY1", "event_date": "2016-07-02", "time_precision": 1,\n'
        '   "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "A",\n'
        '   "inter1": 1, "country": "Libya", "latitude": 31.2, "longitude": 16.5,\n'
        '   "fatalities": 3},\n'
        '  {"event_id_cnty": "LBY2", "event_date": "June 31 2016"}\n'
        ']}\n', encoding="utf-8")
    assert detect_format(path) == "acled"
    imported = Imported(path)
    [event] = imported.events
    assert (event.id, event.casualties[0].count, event.actors[0].category) == (
        "LBY1", 3, "State forces")
    assert event.place is not None and event.place.latitude == 31.2
    assert imported.messages() == ["line 6: event_date 'June 31 2016' is not a date"]


def test_ucdp_api_json(tmp_path: Path) -> None:
    path = tmp_path / "ucdp-api.json"
    path.write_text(
        '{"TotalCount": 1, "TotalPages": 1, "Result": [{"id": 244657, "relid": "IRQ-1",'
        ' "type_of_violence": 1, "side_a": "Government of Iraq", "side_b": "IS",'
        ' "date_start": "2017-07-31T00:00:00", "date_end": "2017-07-31T00:00:00",'
        ' "date_prec": 1, "best": 7, "low": 7, "high": 9, "country": "Iraq"}]}',
        encoding="utf-8")
    assert detect_format(path) == "ucdp"
    [event] = Imported(path).events
    assert event.id == "244657" and event.casualties[0].high == 9
    assert event.date.earliest.isoformat() == "2017-07-31"
