"""TimelineJS dates across all of history: BCE and cosmological years read and written back
as TimelineJS reads them, a day beyond the years held to the day read as its year."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.dates import DatePrecision, DateSpan, year_words
from model.days import Day, check_year
from model.event import Certainty, Event
from model.exporters import ExportReport
from model.exporters.timelinejs import FORMAT_REFUSED, event_slide, write_timelinejs
from model.importers.markup import html_to_text
from model.importers.tldates import DateParts, dates_of, read_parts, span_of
from model.kinds import EventKind
from tests.importers.conftest import FIXTURES, Imported

TL_COSMO = FIXTURES / "timelinejs" / "tl3-template-cosmological.json"
TL_TLDATE = FIXTURES / "timelinejs" / "tl3-tldate-cases.json"
HISTORY = (TL_COSMO, TL_TLDATE)


def _document(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _exported(imported: Imported) -> dict[str, Any]:
    buffer = io.BytesIO()
    write_timelinejs(imported.events, buffer, info=imported.report.info)
    document: dict[str, Any] = json.loads(buffer.getvalue().decode("utf-8"))
    return document


def _written(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", HISTORY, ids=lambda p: p.name)
def test_every_slide_is_imported(path: Path) -> None:
    slides = _document(path)["events"]
    imported = Imported(path)
    assert len(imported.events) == len(slides) and len(slides) in (7, 28)
    assert imported.report.skipped_count == 0
    assert imported.notes() == []
    assert [e.title for e in imported.events] == [
        html_to_text(s["text"]["headline"]) for s in slides]


def test_cosmological_years() -> None:
    cosmo = Imported(TL_COSMO)
    assert cosmo["the-big-bang"].date == DateSpan(
        Day.first_of(-13_800_000_000), Day.last_of(-13_800_000_000), DatePrecision.YEAR)
    paleozoic = cosmo["paleozoic-era"]
    assert paleozoic.title == "Paleozoic era"
    assert paleozoic.date == DateSpan(Day.first_of(-538_800_000), Day.last_of(-251_902_000),
                                      DatePrecision.YEAR)
    assert "end_precision" not in dict(paleozoic.attributes)
    wheel = cosmo["oldest-known-depiction-of-a-wheeled-vehicle"]
    assert wheel.date == DateSpan.year(-3500)


def test_negative_years_are_astronomical() -> None:
    cases = Imported(TL_TLDATE)
    minus_six = cases["tldate-year-minus-6"]
    assert minus_six.title == "year -6 (6 BCE)"  # the fixture's words, kept as they are
    assert minus_six.date == DateSpan(Day.first_of(-6), Day.last_of(-6), DatePrecision.YEAR)
    assert year_words(minus_six.date.earliest.year) == "7 BCE"  # year 0 is 1 BCE
    assert cases["tldate-bigdate-minus-500"].date == DateSpan.year(-500)
    assert cases["tldate-year-75"].date == DateSpan.year(75)
    assert cases["tldate-year-1000000"].date == DateSpan(
        Day.first_of(1_000_000), Day.last_of(1_000_000), DatePrecision.YEAR)
    assert cases["tldate-year-1000000"].title == "year 1000000 (cosmological)"
    assert cases["tldate-bigdate-minus-4500000000"].date == DateSpan.year(-4_500_000_000)
    assert cases["tldate-year-400-mixed-fields"].date == DateSpan.day(Day(400, 1, 1))
    assert dict(cases["tldate-year-400-mixed-fields"].attributes) == {"start_time": "00:00"}


def test_a_dates_display_date_and_format_are_kept_and_written_back() -> None:
    cases = Imported(TL_TLDATE)
    assert dict(cases["tldate-display-date-hello"].attributes) == {
        "start_display_date": "hello"}
    assert dict(cases["tldate-2014-12-format-yyyy"].attributes) == {"start_format": "yyyy"}
    slides = {s["unique_id"]: s for s in _exported(cases)["events"]}
    assert slides["tldate-display-date-hello"]["start_date"] == {
        "year": "2014", "display_date": "hello"}
    assert slides["tldate-bigdate-display-date-moon-landing"]["start_date"] == {
        "year": "1969", "display_date": "The Moon Landing"}
    assert slides["tldate-2014-12-format-yyyy"]["start_date"] == {
        "year": "2014", "month": "12", "format": "yyyy"}
    assert "display_date" not in slides["tldate-display-date-hello"]


def test_an_end_dates_own_display_date_is_kept_with_it(tmp_path: Path) -> None:
    path = _written(tmp_path / "end.json", {"events": [
        {"start_date": {"year": "-44"}, "end_date": {"year": "-44", "display_date": "Ides"},
         "text": {"headline": "Caesar"}}]})
    [caesar] = Imported(path).events
    assert caesar.date == DateSpan.year(-44)
    assert dict(caesar.attributes) == {"end_display_date": "Ides"}
    slide = event_slide(caesar)
    assert slide["end_date"] == {"year": "-44", "display_date": "Ides"}


def test_a_format_that_is_markup_is_not_written() -> None:
    event = Event("e", "E", EventKind.OTHER, DateSpan.year(2000), Certainty.REPORTED,
                  attributes=(("start_format", "<b>yyyy</b>"),))
    report = ExportReport()
    assert event_slide(event, report)["start_date"] == {"year": "2000"}
    assert report.lines() == [f"1 date: {FORMAT_REFUSED}"]


def test_a_month_or_day_beyond_the_years_held_to_the_day_is_read_as_the_year(
        tmp_path: Path) -> None:
    path = _written(tmp_path / "far.json", {
        "eras": [{"start_date": {"year": "-20000", "month": "3"},
                  "end_date": {"year": "-19000"}, "text": {"headline": "Early"}}],
        "events": [
            {"start_date": {"year": "12000", "month": "6", "day": "9", "hour": "10"},
             "text": {"headline": "Far"}},
            {"start_date": {"year": "9999", "month": "12"}, "end_date": {"year": "12000"},
             "text": {"headline": "Across"}},
            {"start_date": {"year": "-20000"}, "end_date": {"year": "2000", "month": "6"},
             "text": {"headline": "Into"}}]})
    imported = Imported(path)
    far, across, into = imported.events
    assert far.date == DateSpan.year(12_000) and far.attributes == ()
    assert across.date == DateSpan(Day.first_of(9999), Day.last_of(12_000),
                                   DatePrecision.YEAR)
    assert into.date == DateSpan(Day.first_of(-20_000), Day(2000, 6, 30), DatePrecision.YEAR)
    assert dict(into.attributes) == {"end_precision": "month"}
    info = imported.report.info
    assert info is not None and info.eras[0].date == DateSpan(
        Day.first_of(-20_000), Day.last_of(-19_000), DatePrecision.YEAR)
    held = "months and days are held for years -9999..9999 only"
    said = [re.sub(r"^line [0-9]+: ", "", n) for n in imported.notes()]
    assert said == [
        f"eras[0] 'Early': start_date -20000-03 is read as the year -20000: {held}",
        f"events[0] 'Far': start_date 12000-06-09 is read as the year 12000: {held}",
        f"events[1] 'Across': start_date 9999-12 is read as the year 9999, as the end_date "
        f"is in year 12000: {held}",
    ]
    assert all(n.startswith("line ") for n in imported.notes())
    assert imported.report.skipped_count == 0
    slides = _exported(imported)["events"]
    assert [(s["start_date"], s.get("end_date")) for s in slides] == [
        ({"year": "12000"}, None),
        ({"year": "9999"}, {"year": "12000"}),
        ({"year": "-20000"}, {"year": "2000", "month": "6"})]


def _refused(year: int) -> str:
    """What Dateline says of a year beyond the furthest it holds."""
    with pytest.raises(ValueError) as refused:
        check_year(year)
    return str(refused.value)


def test_years_beyond_the_limit_are_refused_naming_the_field(tmp_path: Path) -> None:
    path = _written(tmp_path / "beyond.json", {"events": [
        {"start_date": {"year": "-200000000000"}, "text": {"headline": "Before"}},
        {"start_date": {"year": 2000}, "end_date": {"year": 10**12}, "text": {"headline": "After"}},
        {"start_date": {"year": "-100000000000"}, "text": {"headline": "At the limit"}}]})
    imported = Imported(path)
    assert [re.sub(r"^line [0-9]+: ", "", m) for m in imported.messages()] == [
        f"events[0] 'Before': start_date {_refused(-200_000_000_000)}",
        f"events[1] 'After': end_date {_refused(10**12)}"]
    assert "year -200000000000 " in imported.messages()[0]
    assert [e.title for e in imported.events] == ["At the limit"]


def test_bce_and_huge_years_are_written_as_timelinejs_reads_them() -> None:
    assert dates_of(DateSpan.day(Day(-5, 3, 15))) == ({"year": "-5", "month": "3", "day": "15"},
                                                      None)
    assert dates_of(DateSpan.month(0, 2)) == ({"year": "0", "month": "2"}, None)
    assert dates_of(DateSpan.year(-13_800_000_000)) == ({"year": "-13800000000"}, None)
    assert dates_of(DateSpan(Day.first_of(-538_800_000), Day.last_of(-251_902_000),
                             DatePrecision.YEAR)) == ({"year": "-538800000"},
                                                      {"year": "-251902000"})
    # A year span reaching beyond the years held to the day, off its years' edges inside
    # them: its start is a year; its end inside them keeps its day.
    assert dates_of(DateSpan(Day(2000, 3, 5), Day.last_of(20_000), DatePrecision.YEAR)) == (
        {"year": "2000"}, {"year": "20000"})
    assert dates_of(DateSpan(Day.first_of(-20_000), Day(2000, 6, 15), DatePrecision.YEAR)) \
        == ({"year": "-20000"}, {"year": "2000", "month": "6", "day": "15"})


# -- round trips ---------------------------------------------------------------------

FAR_PAST = -13_800_000_000
HELD = (-9999, 9999)


def _round_trip(span: DateSpan, end_precision: DatePrecision | None = None) -> None:
    start_obj, end_obj = dates_of(span, end_precision)
    start, end = read_parts(start_obj), read_parts(end_obj)
    assert isinstance(start, DateParts) and not isinstance(end, str)
    assert start.coarsened_from is None and (end is None or end.coarsened_from is None)
    assert span_of(start, end) == span
    if end_precision is not None:
        assert end is not None and end.precision is end_precision


@given(st.integers(FAR_PAST, HELD[1]), st.integers(0, 10**10))
def test_year_spans_round_trip(first: int, length: int) -> None:
    last = min(first + length, HELD[1])
    _round_trip(DateSpan(Day.first_of(first), Day.last_of(last), DatePrecision.YEAR))


days = st.integers(Day.first_of(HELD[0]).ordinal, Day.last_of(HELD[1]).ordinal)


@given(days, st.integers(0, 3 * 366))
def test_day_spans_round_trip(first: int, length: int) -> None:
    last = min(first + length, Day.last_of(HELD[1]).ordinal)
    _round_trip(DateSpan(Day.fromordinal(first), Day.fromordinal(last), DatePrecision.DAY))


@given(st.integers(*HELD), st.integers(1, 12), st.integers(0, 40))
def test_month_spans_round_trip(year: int, month: int, months: int) -> None:
    index = min(year * 12 + month - 1 + months, HELD[1] * 12 + 11)
    last = DateSpan.month(index // 12, index % 12 + 1)
    _round_trip(DateSpan(Day(year, month, 1), last.latest, DatePrecision.MONTH))


@given(st.integers(FAR_PAST, HELD[1]), days,
       st.sampled_from([DatePrecision.MONTH, DatePrecision.DAY]))
def test_a_year_start_with_a_finer_end_round_trips(first: int, end: int,
                                                   precision: DatePrecision) -> None:
    latest = Day.fromordinal(end)
    if precision is DatePrecision.MONTH:
        latest = DateSpan.month(latest.year, latest.month).latest
    start = Day.first_of(min(first, latest.year))
    _round_trip(DateSpan(start, latest, DatePrecision.YEAR), precision)


_DATE_KEYS = ("year", "month", "day", "hour", "minute", "second")
_WHOLE = re.compile(r"-?[1-9][0-9]*|0")


def _in_datelines_form(obj: dict[str, Any]) -> bool:
    """Whether a date object is written as Dateline writes one: every part present a
    string without leading zeros, nothing Dateline does not keep."""
    return set(obj) <= {*_DATE_KEYS, "display_date", "format"} and all(
        isinstance(obj[k], str) and _WHOLE.fullmatch(obj[k]) for k in obj if k in _DATE_KEYS)


def _as_dateline_writes(obj: dict[str, Any]) -> dict[str, Any]:
    """A date object's parts as Dateline writes them: numbers and padded strings as plain
    strings, empty parts left out; a millisecond is not kept."""
    out: dict[str, Any] = {k: str(int(obj[k])) for k in _DATE_KEYS
                           if obj.get(k) not in (None, "")}
    out.update((k, obj[k]) for k in ("display_date", "format") if obj.get(k))
    return out


@pytest.mark.parametrize("path", HISTORY, ids=lambda p: p.name)
def test_export_and_import_again_give_the_same_events(path: Path, tmp_path: Path) -> None:
    imported = Imported(path)
    document = _exported(imported)
    again = Imported(_written(tmp_path / "again.json", document))
    assert again.report.skipped_count == 0 and again.notes() == []
    assert [(e.id, e.title, e.date, e.attributes) for e in again.events] == [
        (e.id, e.title, e.date, e.attributes) for e in imported.events]
    assert again.report.info == imported.report.info
    original = _document(path)["events"]
    kept_form = 0
    for before, after in zip(original, document["events"], strict=True):
        assert html_to_text(after["text"]["headline"]) == html_to_text(
            before["text"]["headline"])
        for key in ("start_date", "end_date"):
            if key not in before:
                assert key not in after
            elif _in_datelines_form(before[key]):
                assert after[key] == before[key]
                kept_form += 1
            else:
                assert after[key] == _as_dateline_writes(before[key])
    assert kept_form >= (8 if path == TL_COSMO else 12)


def test_the_cosmological_template_is_written_back_as_it_was() -> None:
    document = _exported(Imported(TL_COSMO))
    assert [(s["start_date"], s.get("end_date")) for s in document["events"]] == [
        (s["start_date"], s.get("end_date")) for s in _document(TL_COSMO)["events"]]
    assert "scale" not in document  # TimelineJS finds the scale from the years
