"""GDELT event imports: BigQuery's quoted headerless CSV, the official TAB files, headers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from model import cameo
from model.days import Day
from model.dates import DateSpan
from model.event import ActorRole, Certainty, GeoPrecision
from model.importers.gdelt import LAYOUTS
from model.kinds import EventKind
from tests.importers.conftest import GDELT, Imported


def test_row_count(gdelt: Imported) -> None:
    assert len(gdelt.events) == 100
    assert gdelt.report.skipped_count == gdelt.report.notes_count == 0
    assert {e.certainty for e in gdelt.events} == {Certainty.REPORTED}


def test_first_row_field_by_field(gdelt: Imported) -> None:
    event = gdelt["760359406"]
    assert event.date == DateSpan.day(Day(2018, 5, 30))  # SQLDATE 20180530
    assert event.title == "UNITED STATES \u2192 CHINA: Reduce relations"  # EventCode 160
    assert event.kind is EventKind.OTHER
    assert [(a.name, a.role) for a in event.actors] == [
        ("UNITED STATES", ActorRole.SIDE_A), ("CHINA", ActorRole.SIDE_B)]
    place = event.place
    assert place is not None
    assert (place.name, place.admin, place.country) == (
        "White House", "District of Columbia", "United States")
    assert (place.latitude, place.longitude, place.precision) == (38.8951, -77.0364,
                                                                  GeoPrecision.EXACT)
    [source] = event.sources
    assert source.outlet == "180dfo.com"
    assert source.url == ("http://180dfo.com/2018/05/china-reportedly-lining-up-countries-"
                          "against-us-in-pending-trade-war/")
    attributes = dict(event.attributes)
    assert attributes["EventCode"] == "160"
    assert attributes["GoldsteinScale"] == "-4"
    assert attributes["DATEADDED"] == "20180530"
    assert "MonthYear" not in attributes and "Actor1Type2Code" not in attributes  # NULL


def test_lost_leading_zeros_are_put_back(gdelt: Imported) -> None:
    event = gdelt["794860320"]  # EventCode "80": CAMEO 080, yield
    assert event.title.endswith(": Yield")
    assert event.place is not None and event.place.precision is GeoPrecision.COUNTRY


def test_kinds(gdelt: Imported) -> None:
    kinds = {e.kind for e in gdelt.events}
    assert EventKind.STATEMENT in kinds and EventKind.CLASH in kinds


@pytest.mark.parametrize(("code", "kind"), [
    ("010", EventKind.STATEMENT), ("14", EventKind.STATEMENT), ("141", EventKind.PROTEST),
    ("1451", EventKind.RIOT), ("173", EventKind.ARREST), ("1831", EventKind.EXPLOSION),
    ("1833", EventKind.HAZARD), ("190", EventKind.CLASH), ("192", EventKind.CAPTURE),
    ("195", EventKind.AIR_STRIKE), ("57", EventKind.AGREEMENT), ("043", EventKind.OTHER),
    ("", EventKind.OTHER),
])
def test_cameo_kinds(code: str, kind: EventKind) -> None:
    assert cameo.kind_for(code) is kind


def _rows() -> list[list[str]]:
    with open(GDELT, newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))[:3]


def test_official_tab_separated_files(tmp_path: Path) -> None:
    path = tmp_path / "20180530.export.CSV"
    path.write_text("".join("\t".join("" if v == "NULL" else v for v in row) + "\n"
                            for row in _rows()), encoding="utf-8")
    imported = Imported(path)
    assert [e.id for e in imported.events] == ["760359406", "794860320", "771702393"]


def test_gdelt_2_layout(tmp_path: Path) -> None:
    def widen(row: list[str]) -> list[str]:
        row = ["" if v == "NULL" else v for v in row]
        # An ADM2Code after each ADM1Code, and DATEADDED with a time.
        return (row[:39] + ["X"] + row[39:46] + ["X"] + row[46:53] + ["X"] + row[53:56]
                + [row[56] + "120000", row[57]])

    path = tmp_path / "20180530120000.export.CSV"
    path.write_text("".join("\t".join(widen(r)) + "\n" for r in _rows()), encoding="utf-8")
    assert len(widen(_rows()[0])) == 61
    event = Imported(path)["760359406"]
    assert event.place is not None and event.place.name == "White House"
    assert dict(event.attributes)["ActionGeo_ADM2Code"] == "X"


def test_with_a_header(tmp_path: Path) -> None:
    path = tmp_path / "bigquery.csv"
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow([name.lower() for name in LAYOUTS[58]])
        writer.writerows(_rows())
    imported = Imported(path)
    assert len(imported.events) == 3
    assert imported["760359406"].title == "UNITED STATES \u2192 CHINA: Reduce relations"
    assert dict(imported["760359406"].attributes)["EventCode"] == "160"
