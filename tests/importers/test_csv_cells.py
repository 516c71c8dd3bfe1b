"""The CSV export carries no formula to a spreadsheet, and its own file reads back the same.

Cells beginning with =, +, -, @, a tab or a carriage return are written with a ' in front
(OWASP's advice for spreadsheet export) unless raw cells are asked for; a field holding a
line break is quoted; Dateline's import of its own file takes the added quote off again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.dates import DateSpan
from model.event import Actor, ActorRole, Certainty, Event, Place, Source
from model.exporters import ExportReport
from model.exporters.cells import FORMULA_START, NEUTRALISED, read_cell, written_cell
from model.exporters.csv import CSV_COLUMNS, write_acled_csv
from model.importers.common import clean
from model.kinds import EventKind
from tests.importers.conftest import Imported

DAY = DateSpan.day(dt.date(2016, 6, 9))
HOSTILE = ("=cmd|' /C calc'!A0", '=HYPERLINK("http://example.com/x","click")', "+1+2",
           "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
           "'=already quoted", "''+twice")


def hostile_event(event_id: str, text: str, *, latitude: float = -12.5) -> Event:
    """An event whose every written text field holds `text`."""
    return Event(
        id=event_id, title="A title", kind=EventKind.CLASH, date=DAY,
        certainty=Certainty.REPORTED,
        place=Place(text, text, text, latitude, 170.25),
        actors=(Actor(text, ActorRole.SIDE_A), Actor(text, ActorRole.SIDE_B)),
        sources=(Source(outlet=text),), tags=(text,), notes=text)


def written(events: list[Event], *, raw: bool = False) -> tuple[str, ExportReport]:
    report = ExportReport()
    stream = io.StringIO(newline="")
    write_acled_csv(events, stream, report=report, raw_cells=raw)
    return stream.getvalue(), report


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


_NAMES = itertools.count()


def imported(tmp_path: Path, text: str) -> Imported:
    """The import of `text` as a CSV file (a new file each time)."""
    path = tmp_path / f"exported-{next(_NAMES)}.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return Imported(path)


def test_no_written_cell_begins_a_formula() -> None:
    events = [hostile_event(f"e{i}", text) for i, text in enumerate(HOSTILE)]
    text, report = written(events)
    rows = rows_of(text)
    assert len(rows) == len(events)
    for row in rows:
        for column, value in row.items():
            if column not in ("latitude", "longitude"):
                assert not value or value[0] not in FORMULA_START, (column, value)
    # Numbers stay numbers: a negative latitude is no formula.
    assert {row["latitude"] for row in rows} == {"-12.5"}
    # Seven of the texts are formulas, each in the eight text cells of its row.
    assert report.changed[("cell", NEUTRALISED)] == 7 * 8
    assert f"56 cells: {NEUTRALISED}" in report.lines()


def test_raw_cells_are_written_as_they_are() -> None:
    events = [hostile_event(f"e{i}", text) for i, text in enumerate(HOSTILE)]
    text, report = written(events, raw=True)
    notes = [row["notes"] for row in rows_of(text)]
    # A formula as it is; a cell already quoted in front of one gains a quote to read back.
    assert notes[:7] == list(HOSTILE[:7])
    assert notes[7:] == ["''=already quoted", "'''+twice"]
    assert [what for what, _ in report.changed] == ["row"]  # no cell changed


def test_the_exported_file_reads_back_to_the_same_text(tmp_path: Path) -> None:
    events = [hostile_event(f"e{i}", text) for i, text in enumerate(HOSTILE)]
    for raw in (False, True):
        text, _ = written(events, raw=raw)
        again = imported(tmp_path, text)
        assert again.messages() == []
        for before, after in zip(events, again.events, strict=True):
            original = clean(before.notes)
            assert after.notes == original, raw
            assert [a.name for a in after.actors] == [original, original]
            assert after.place is not None
            assert (after.place.name, after.place.admin, after.place.country) == (
                original, original, original)
            assert after.tags == (original,)
            assert [s.outlet for s in after.sources] == [original]


def test_a_file_not_written_by_dateline_keeps_its_quotes(tmp_path: Path) -> None:
    text, _ = written([hostile_event("e1", "=1+1")])
    header, row = text.split("\n", 1)
    assert "dateline_kind" in header
    others = header.replace(",dateline_kind", "") + "\n" + row.rsplit(",", 1)[0] + "\n"
    assert imported(tmp_path, others).events[0].notes == "'=1+1"


def test_a_bare_carriage_return_is_quoted(tmp_path: Path) -> None:
    event = replace(hostile_event("e1", "place"), notes="visible\rline",
                    actors=(Actor("actor\rHIDDEN", ActorRole.SIDE_A),))
    text, _ = written([event])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2 and len(rows[1]) == len(CSV_COLUMNS)
    assert rows[1][CSV_COLUMNS.index("actor1")] == "actor\rHIDDEN"
    again = imported(tmp_path, text)
    assert again.messages() == []
    assert [a.name for a in again.events[0].actors] == ["actor\nHIDDEN"]
    assert again.events[0].notes == "visible\nline"


@given(st.text())
def test_written_cells_read_back(text: str) -> None:
    for raw in (False, True):
        cell, neutralised = written_cell(text, raw=raw)
        assert read_cell(cell) == text
        assert neutralised == (cell != text and text[:1] != "'")
        if not raw and cell and cell[0] in FORMULA_START:
            float(cell)  # only a plain number may begin with one of them


# Text a CSV cell can hold (no surrogates); lists are joined with "; ", so no ";" in them.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30
                   ).filter(lambda s: clean(s) != "")
item_text = any_text.filter(lambda s: ";" not in s and clean(s) != "")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(any_text, item_text, item_text, item_text, any_text, any_text,
                          item_text, item_text), min_size=1, max_size=4),
       st.booleans())
def test_csv_round_trip_of_arbitrary_text(tmp_path: Path, fields: list[tuple[str, ...]],
                                          raw: bool) -> None:
    events = [Event(id=f"e{i}", title="t", kind=EventKind.OTHER, date=DAY,
                    certainty=Certainty.REPORTED, place=Place(location, admin, country),
                    actors=(Actor(side_a, ActorRole.SIDE_A), Actor(side_b, ActorRole.SIDE_B)),
                    sources=(Source(outlet=outlet),), tags=(tag,), notes=notes)
              for i, (notes, side_a, side_b, tag, location, admin, country, outlet)
              in enumerate(fields)]
    text, _ = written(events, raw=raw)
    again = imported(tmp_path, text)
    assert again.messages() == []
    assert len(again.events) == len(events)
    for before, after in zip(events, again.events, strict=True):
        assert after.id == before.id
        assert after.notes == clean(before.notes)
        assert [a.name for a in after.actors] == [clean(a.name) for a in before.actors]
        assert before.place is not None and after.place is not None
        assert (after.place.name, after.place.admin, after.place.country) == tuple(
            clean(t) for t in (before.place.name, before.place.admin, before.place.country))
        assert after.tags == tuple(clean(t) for t in before.tags)
        assert [s.outlet for s in after.sources] == [clean(s.outlet or "")
                                                     for s in before.sources]
