"""Deliberately broken copies of the fixtures: every bad row reported with line and reason."""

from __future__ import annotations

import pytest

from model.importers import ImportRun
from model.validation import DataError
from tests.importers.conftest import BROKEN, Imported

ACLED_SKIPS = [
    "line 3: event_date 'June 31 2016' is not a date",
    "line 4: event_date is empty",
    "line 5: time_precision '7' is not 1, 2 or 3",
    "line 6: fatalities 'many' is not a whole number",
    "line 7: latitude '95.2' is outside -90..90",
    "line 8: has 12 fields; the header has 31",
    "line 12: longitude 'east' is not a number",
]
ACLED_NOTES = [
    "line 9: id 'AFG44631' is already used by an earlier record; imported as 'AFG44631-2'",
    "line 13: event_id_cnty 'AFG 446/99' is not a valid id; imported as 'AFG-446-99'",
]
UCDP_SKIPS = [
    "line 3: date_start '2015-02-30' is not a date",
    "line 4: date_end 2015-05-01 is before date_start 2015-05-11",
    "line 5: date_prec '9' is not 1 to 5",
    "line 6: best 'x' is not a whole number",
    "line 8: latitude '-123' is outside -90..90",
]
GDELT_SKIPS = [
    "line 2: SQLDATE '20181316' is not a date",
    "line 3: has 20 fields; expected 58",
]
TIMELINEJS_SKIPS = [
    "line 6: eras[1] 'Backwards': end_date 1890-12-31 is before start_date 1900-01-01",
    "line 11: events[2] 'Month thirteen': start_date month 13 is not a month",
    "line 12: events[3] 'Thirtieth of February': start_date 2001-02-30 is not a date",
    "line 13: events[4] 'Ends before it starts': end_date 2005-12-31 is before start_date "
    "2010-01-01",
    "line 14: events[5] 'No start date': start_date has no year",
    "line 15: events[6] is not an object",
]


def test_acled() -> None:
    imported = Imported(BROKEN / "acled-bad-rows.csv")
    assert imported.messages() == ACLED_SKIPS
    assert imported.notes() == ACLED_NOTES
    # 13 rows: 7 skipped, 6 imported (two of them renamed), every one accounted for.
    assert len(imported.events) == 6
    assert imported.report.summary().endswith("acled-bad-rows.csv (7 rows skipped)")
    assert set(imported.by_id) == {"AFG44631", "AFG44631-2", "AFG-446-99", "AFG44601",
                                   "AFG44621", "AFG44632"}


def test_acled_odd_dates_in_the_same_file_are_read() -> None:
    imported = Imported(BROKEN / "acled-bad-rows.csv")
    days = sorted(e.date.earliest.isoformat() for e in imported.events)
    assert "2015-01-01" in days  # 01-January-2015
    assert "2020-05-09" in days  # 9-May-20


def test_ucdp() -> None:
    imported = Imported(BROKEN / "ucdp-bad-rows.csv")
    assert imported.messages() == UCDP_SKIPS
    assert imported.notes() == ["line 7: low 50 is more than best 3; left out"]
    assert len(imported.events) == 3


def test_gdelt() -> None:
    imported = Imported(BROKEN / "gdelt-bad-rows.csv")
    assert imported.messages() == GDELT_SKIPS
    assert len(imported.events) == 2


def test_timelinejs() -> None:
    imported = Imported(BROKEN / "timelinejs-bad-slides.json")
    assert imported.messages() == TIMELINEJS_SKIPS
    assert imported.notes() == [
        "line 16: id 'moon' is already used by an earlier record; imported as 'moon-2'",
        "line 17: unique_id 'has spaces/and slashes' is not a valid id; imported as "
        "'has-spaces-and-slashes'",
    ]
    assert [e.title for e in imported.events] == [
        "Moon landing", "Big Bang", "Same id again", "A bad id", "Only a caption"]
    assert imported["moon"].notes == "Numbers, not strings."  # the script is dropped
    info = imported.report.info
    assert info is not None and info.title == "Broken slides & eras"
    assert [era.name for era in info.eras] == ["Early"]


@pytest.mark.parametrize(("name", "first"), [
    ("acled-bad-rows.csv", "line 3: event_date 'June 31 2016' is not a date"),
    ("ucdp-bad-rows.csv", "line 3: date_start '2015-02-30' is not a date"),
    ("gdelt-bad-rows.csv", "line 2: SQLDATE '20181316' is not a date"),
    ("timelinejs-bad-slides.json", TIMELINEJS_SKIPS[0]),
])
def test_strict_stops_at_the_first(name: str, first: str) -> None:
    run = ImportRun(BROKEN / name, strict=True)
    with pytest.raises(DataError) as caught:
        list(run.events())
    assert caught.value.lines() == [f"{BROKEN / name}: {first}"]


def test_unknown_format_says_what_it_looked_for() -> None:
    with pytest.raises(DataError) as caught:
        ImportRun(BROKEN / "not-an-import.csv")
    [line] = caught.value.lines()
    assert "cannot tell what format this is" in line
    for looked_for in ("TimelineJS", "ACLED", "UCDP GED", "GDELT", "event_date",
                       "date_start", "SQLDATE"):
        assert looked_for in line
    assert line.endswith("the first line is 'name,colour,size'")


def test_a_named_format_that_does_not_fit() -> None:
    with pytest.raises(DataError, match="has no event_date column, so it is not an ACLED"):
        list(ImportRun(BROKEN / "ucdp-bad-rows.csv", "acled").events())
    with pytest.raises(DataError, match="line 1: not valid JSON"):
        path = BROKEN / "not-an-import.csv"
        list(ImportRun(path, "timelinejs").events())
    with pytest.raises(DataError, match="'excel' is not an import format"):
        ImportRun(BROKEN / "acled-bad-rows.csv", "excel")
