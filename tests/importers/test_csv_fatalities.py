"""ACLED's `fatalities` holds only what it means: one incident's deaths. A figure that is
cumulative, qualified or a range, or no figure at all, is never written as a plain number;
what the column could not hold goes to notes, and the export's report counts each row."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from model.dates import DateSpan
from model.event import (
    CasualtyQualifier,
    CasualtyRecord,
    CasualtyScope,
    CasualtyType,
    Certainty,
    Event,
)
from model.exporters import ExportReport
from model.exporters.csv import write_acled_csv
from model.kinds import EventKind
from model.loading import bundled_dataset_path, open_path
from tests.importers.conftest import ACLED_2016, ACLED_2020, ACLED_2024, Imported

DAY = DateSpan.day(dt.date(2016, 6, 9))
KILLED = CasualtyType.KILLED


def event(*casualties: CasualtyRecord, notes: str = "") -> Event:
    return Event("e1", "Clashes near Sirte", EventKind.CLASH, DAY, Certainty.REPORTED,
                 casualties=casualties, notes=notes)


def exported(*events: Event) -> tuple[list[dict[str, str]], ExportReport]:
    report = ExportReport()
    stream = io.StringIO()
    assert write_acled_csv(events, stream, report=report) == len(events)
    return list(csv.DictReader(io.StringIO(stream.getvalue()))), report


def test_only_a_cumulative_figure_leaves_fatalities_empty_and_goes_to_notes() -> None:
    since = dt.date(2016, 5, 12)
    rows, report = exported(event(CasualtyRecord(
        KILLED, 100, CasualtyQualifier.MORE_THAN, CasualtyScope.CUMULATIVE, since,
        party="Libyan forces"), notes="Offensive so far."))
    assert rows[0]["fatalities"] == ""
    assert rows[0]["notes"] == (
        "Offensive so far. [Cumulative: more than 100 killed (Libyan forces), cumulative "
        "since 12 May 2016 \u2014 not to be added to incident figures]")
    assert report.lines() == [
        "1 row: fatalities left empty (only cumulative figures, written in notes)"]


def test_no_figure_leaves_fatalities_empty() -> None:
    rows, report = exported(event(), event(CasualtyRecord(CasualtyType.WOUNDED, 4)))
    assert [row["fatalities"] for row in rows] == ["", ""]
    assert report.lines() == ["2 rows: fatalities left empty (no figure of the killed)"]


def test_zero_is_written_only_when_a_figure_says_zero() -> None:
    rows, report = exported(event(CasualtyRecord(KILLED, 0)))
    assert rows[0]["fatalities"] == "0"
    assert report.lines() == []


def test_a_range_writes_its_best_figure_with_low_and_high_in_notes() -> None:
    rows, report = exported(event(CasualtyRecord(KILLED, 10, low=5, high=30)))
    assert rows[0]["fatalities"] == "10"
    assert rows[0]["notes"].endswith("[Fatalities: 10 killed (range 5\u201330)]")
    assert report.lines() == [
        "1 row: a range's best figure written in fatalities, low and high in notes"]


def test_a_qualified_figure_is_written_as_its_number_with_its_words_in_notes() -> None:
    rows, report = exported(event(CasualtyRecord(KILLED, 20, CasualtyQualifier.ABOUT)))
    assert rows[0]["fatalities"] == "20"
    assert rows[0]["notes"].endswith("[Fatalities: about 20 killed]")
    assert report.lines() == [
        "1 row: 'about', 'at least' or 'more than' figure written as its number, its words "
        "in notes"]


def test_incident_and_cumulative_figures_write_the_incident_one() -> None:
    rows, report = exported(event(
        CasualtyRecord(KILLED, 6),
        CasualtyRecord(KILLED, 50, scope=CasualtyScope.CUMULATIVE, since=dt.date(2016, 5, 1))))
    assert rows[0]["fatalities"] == "6"
    assert "[Cumulative: 50 killed, cumulative since 1 May 2016" in rows[0]["notes"]
    assert report.lines() == [
        "1 row: cumulative figures written in notes, not added to fatalities"]


@pytest.mark.parametrize("path", [ACLED_2016, ACLED_2020, ACLED_2024])
def test_acled_rows_come_back_with_their_own_fatalities_and_nothing_to_report(path) -> None:
    imported = Imported(path)
    rows, report = exported(*imported.events)
    with open(path, newline="", encoding="utf-8") as stream:
        original = {row["event_id_cnty"]: row["fatalities"] for row in csv.DictReader(stream)}
    assert {row["event_id_cnty"]: row["fatalities"] for row in rows} == {
        event.id: original[event.id] for event in imported.events}
    assert "0" in original.values()  # ACLED's own zero is a figure, written back as one
    assert report.lines() == []


def test_the_report_counts_what_the_rows_show() -> None:
    events = list(open_path(bundled_dataset_path()).store.iter_events())
    rows, report = exported(*events)
    empty = [row for row in rows if row["fatalities"] == ""]
    cumulative = [e for e in events if e.casualties and all(
        c.scope is CasualtyScope.CUMULATIVE for c in e.casualties if c.type is KILLED)
        and any(c.type is KILLED for c in e.casualties)]
    none = [e for e in events if not any(c.type is KILLED for c in e.casualties)]
    assert len(empty) == len(cumulative) + len(none) > 0
    expected = {f"{len(none):,} rows: fatalities left empty (no figure of the killed)"}
    if cumulative:
        expected.add(f"{len(cumulative)} row{'s' if len(cumulative) != 1 else ''}: "
                     "fatalities left empty (only cumulative figures, written in notes)")
    assert expected <= set(report.lines())
