"""ACLED-layout CSV of dates outside the years 1..9999: a BCE day in ISO 8601's expanded form
reads back as that day; a year beyond the years held to the day reads back as its year, with
a note saying so, and never stops the import."""

from __future__ import annotations

import io
from pathlib import Path

from model.dates import DateSpan
from model.days import Day
from model.event import Certainty, Event
from model.exporters.csv import write_acled_csv
from model.kinds import EventKind
from tests.importers.conftest import FIXTURES, Imported

COSMOS = FIXTURES / "timelinejs" / "tl3-template-cosmological.json"


def _through_csv(events: list[Event], tmp_path: Path) -> Imported:
    stream = io.StringIO()
    write_acled_csv(events, stream)
    path = tmp_path / "history.csv"
    path.write_text(stream.getvalue(), encoding="utf-8")
    return Imported(path)


def test_a_bce_day_reads_back_as_that_day(tmp_path: Path) -> None:
    ides = Event("ides", "The Ides of March", EventKind.ATTACK_ON_CIVILIANS,
                 DateSpan.day(Day(-43, 3, 15)), Certainty.REPORTED)
    imported = _through_csv([ides], tmp_path)
    assert imported["ides"].date == ides.date
    assert not imported.report.skipped and not imported.report.notes


def test_cosmological_years_read_back_as_their_years(tmp_path: Path) -> None:
    slides = Imported(COSMOS).events
    imported = _through_csv(slides, tmp_path)
    assert [e.id for e in imported.events] == [e.id for e in slides]
    assert not imported.report.skipped
    for slide in slides:
        if slide.date.earliest.year == slide.date.latest.year:  # a range is written as its middle
            assert imported[slide.id].date.earliest.year == slide.date.earliest.year
    beyond = [s for s in slides if not s.date.earliest.day_precise]
    notes = [str(n) for n in imported.report.notes]
    assert len(notes) == len(beyond) == 6  # all but the wheeled vehicle, 3501 BCE
    assert "is read as the year -13800000000: days and months are held for years " \
           "-9999..9999 only" in notes[0]
