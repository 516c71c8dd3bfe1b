"""ACLED CSV imports: every schema variant of the fixtures, row by row and field by field."""

from __future__ import annotations


import pytest

from model.days import Day
from model.dates import DatePrecision, DateSpan
from model.event import ActorRole, CasualtyScope, CasualtyType, Certainty, GeoPrecision
from model.importers.acled import inter_label, kind_for
from model.importers.csvsource import CsvSource
from model.kinds import EventKind
from tests.importers.conftest import ACLED_2016, BROKEN, Imported
from tests.sinks import HeardReads


def test_row_counts(acled_2016: Imported, acled_2020: Imported, acled_2024: Imported) -> None:
    for imported, rows in ((acled_2016, 300), (acled_2020, 300), (acled_2024, 2)):
        assert len(imported.events) == rows
        assert imported.report.imported == rows
        assert imported.report.skipped_count == 0
        assert imported.report.notes_count == 0
        assert imported.report.format == "acled"


def test_every_event_is_a_reported_media_report(acled_2020: Imported) -> None:
    assert {e.certainty for e in acled_2020.events} == {Certainty.REPORTED}


def test_2016_api_row_field_by_field(acled_2016: Imported) -> None:
    # Line 5: ",...,Battle-Government regains territory,3,1,620,1,2,12,..."
    event = acled_2016["8015RTA"]
    assert event.title == ("Battle-Government regains territory in Sirte: Military Forces of "
                           "Libya (2016-) Presidential Guard vs Islamic State (Tripoli)")
    assert event.kind is EventKind.CAPTURE
    assert event.date == DateSpan.day(Day(2016, 7, 2))
    place = event.place
    assert place is not None
    assert (place.name, place.admin, place.country) == ("Sirte", "Surt", "Libya")
    assert (place.latitude, place.longitude, place.precision) == (31.2089, 16.5887,
                                                                  GeoPrecision.EXACT)
    assert [(a.name, a.role, a.category) for a in event.actors] == [
        ("Military Forces of Libya (2016-) Presidential Guard", ActorRole.SIDE_A, "State forces"),
        ("Misratah Communal Militia (Libya)", ActorRole.ALLY_A, None),  # ally_actor_1
        ("Islamic State (Tripoli)", ActorRole.SIDE_B, "Rebel group"),
    ]
    [killed] = event.casualties
    assert (killed.type, killed.count, killed.scope) == (CasualtyType.KILLED, 3,
                                                         CasualtyScope.INCIDENT)
    assert [s.outlet for s in event.sources] == ["Xinhua General News Service"]
    assert event.notes.startswith("Three Libyan government troops were killed on 2 July")
    assert dict(event.attributes) == {"admin2": "Surt", "data_id": "78467",
                                      "event_type": "Battle-Government regains territory",
                                      "gwno": "620", "interaction": "12"}


def test_2016_time_precision_2_is_the_week_around_the_date(acled_2016: Imported) -> None:
    # 8016RTA: event_date 2016-07-02, time_precision 2.
    event = acled_2016["8016RTA"]
    assert event.date == DateSpan(Day(2016, 6, 29), Day(2016, 7, 5), DatePrecision.WEEK)
    assert event.kind is EventKind.EXPLOSION  # "Remote violence"
    # fatalities 0: ACLED's own figure (no reported fatalities), kept as a figure of 0
    assert [(c.type, c.count, c.scope) for c in event.casualties] == [
        (CasualtyType.KILLED, 0, CasualtyScope.INCIDENT)]


def test_2016_precision_counts(acled_2016: Imported) -> None:
    precisions = [e.date.precision for e in acled_2016.events]
    assert precisions.count(DatePrecision.DAY) == 290
    assert precisions.count(DatePrecision.WEEK) == 10


def test_2016_riots_and_protests_split_by_rioters(acled_2016: Imported) -> None:
    kinds = {e.kind for e in acled_2016.events
             if dict(e.attributes).get("event_type") == "Riots/Protests"}
    assert kinds == {EventKind.RIOT, EventKind.PROTEST}
    for event in acled_2016.events:
        if dict(event.attributes).get("event_type") == "Riots/Protests":
            rioters = event.actors[0].category == "Rioters"
            assert (event.kind is EventKind.RIOT) == rioters


def test_2020_export_row_field_by_field(acled_2020: Imported) -> None:
    event = acled_2020["AFG44667"]  # line 3
    assert event.date == DateSpan.day(Day(2020, 3, 21))  # "21 March 2020"
    assert event.kind is EventKind.ATTACK_ON_CIVILIANS
    assert [(a.name, a.role, a.category) for a in event.actors] == [
        ("Unidentified Armed Group (Afghanistan)", ActorRole.SIDE_A, "Political militia"),
        ("Civilians (Afghanistan)", ActorRole.SIDE_B, "Civilians"),
        ("Muslim Group (Afghanistan)", ActorRole.ALLY_B, None),
        ("Teachers (Afghanistan)", ActorRole.ALLY_B, None),
    ]
    assert [c.count for c in event.casualties] == [1]
    assert [s.outlet for s in event.sources] == ["Pajhwok Afghan News"]
    attributes = dict(event.attributes)
    assert attributes["event_type"] == "Violence against civilians"
    assert attributes["sub_event_type"] == "Attack"
    assert attributes["source_scale"] == "National"
    assert attributes["iso3"] == "AFG"


def test_2020_sources_are_split(acled_2020: Imported) -> None:
    event = acled_2020["AFG44631"]
    assert [s.outlet for s in event.sources] == ["Xinhua", "Khaama Press"]
    assert event.place is not None and event.place.precision is GeoPrecision.NEAR


def test_2024_text_inter_codes_and_tags(acled_2024: Imported) -> None:
    looting = acled_2024["PSE62716"]
    assert looting.kind is EventKind.LOOTING
    assert [(a.name, a.category) for a in looting.actors] == [
        ("Settlers (Israel)", "Political militia"), ("Civilians (Palestine)", "Civilians")]
    assert dict(looting.attributes)["disorder_type"] == "Strategic developments"
    assert dict(looting.attributes)["interaction"] == "Political militia-Civilians"
    protest = acled_2024["YEM93235"]
    assert protest.tags == ("crowd size=large",)
    assert [(a.name, a.role) for a in protest.actors] == [
        ("Protesters (Yemen)", ActorRole.SIDE_A),
        ("Government of Yemen (2017-) Houthi", ActorRole.ALLY_A)]


@pytest.mark.parametrize(("code", "label"), [
    ("1", "State forces"), ("2", "Rebel group"), ("3", "Political militia"),
    ("4", "Identity militia"), ("5", "Rioters"), ("6", "Protesters"), ("7", "Civilians"),
    ("8", "External/Other forces"), ("0", None), ("", None), ("2.0", "Rebel group"),
    ("Political militia", "Political militia"), ("political militias", "Political militia"),
    ("Rebel groups", "Rebel group"), ("Ethnic militia", "Identity militia"),
    ("Something new", "Something new"),
])
def test_inter_codes_as_numbers_or_text(code: str, label: str | None) -> None:
    assert inter_label(code) == label


@pytest.mark.parametrize(("event_type", "sub_event_type", "kind"), [
    ("Battles", "Armed clash", EventKind.CLASH),
    ("Explosions/Remote violence", "Air/drone strike", EventKind.AIR_STRIKE),
    ("Protests", "Peaceful protest", EventKind.PROTEST),
    ("Battle-No change of territory", "", EventKind.CLASH),
    ("Battle-Non-state actor overtakes territory", "", EventKind.CAPTURE),
    ("Strategic development", "", EventKind.OTHER),
    ("Non-violent transfer of territory", "", EventKind.TERRITORY_TRANSFER),
    ("Something else", "", EventKind.OTHER),
])
def test_kinds(event_type: str, sub_event_type: str, kind: EventKind) -> None:
    assert kind_for(event_type, sub_event_type, None) is kind


def test_time_precision_3_is_the_month_and_keeps_the_date(tmp_path) -> None:
    path = tmp_path / "month.csv"
    path.write_text("event_id_cnty,event_date,time_precision,event_type,country\n"
                    "LBY1,15 June 2016,3,Battles,Libya\n", encoding="utf-8")
    [event] = Imported(path).events
    assert event.date == DateSpan.month(2016, 6)
    assert dict(event.attributes)["event_date"] == "15 June 2016"
    assert event.title == "Battles in Libya"


def test_messy_copy_bom_crlf_upper_case_headers_and_a_line_break_in_a_note() -> None:
    imported = Imported(BROKEN / "acled-crlf-bom-upper.csv")
    assert [e.id for e in imported.events] == ["8188RTA", "8087RTA", "8016RTA", "8015RTA",
                                               "7985RTA"]
    assert imported["8016RTA"].notes.endswith("Islamic State positions.\n"
                                              "Second line of the note.")
    assert imported["8016RTA"].date.precision is DatePrecision.WEEK
    assert "\r" not in "".join(e.notes for e in imported.events)
    assert imported.report.skipped_count == imported.report.notes_count == 0


def test_latin1_semicolons_and_decimal_commas_are_read_with_a_note() -> None:
    imported = Imported(BROKEN / "acled-latin1-semicolon.csv")
    assert len(imported.events) == 3
    event = imported["AFG44667"]
    assert event.notes == "R\u00e9fugi\u00e9s \u00e0 Kaboul."
    assert event.place is not None and event.place.name == "Kaboul (K\u00e2bol)"
    assert (event.place.latitude, event.place.longitude) == (34.5167, 69.1833)
    assert imported.notes() == [
        "line 3: not valid UTF-8 from this line on; read as Latin-1 (Windows-1252)"]


def test_columns_in_any_order_and_only_some_of_them(tmp_path) -> None:
    path = tmp_path / "few.csv"
    path.write_text("Fatalities,COUNTRY,Event Type,Event Date\n3,Libya,Battles,9-May-20\n",
                    encoding="utf-8")
    [event] = Imported(path).events
    assert event.id == "acled-line-2"
    assert event.date == DateSpan.day(Day(2020, 5, 9))
    assert event.kind is EventKind.CLASH
    assert event.casualties[0].count == 3


def test_record_lines_count_line_breaks_inside_quotes() -> None:
    # The 2016 file has 301 records on 304 lines: three notes hold line breaks.
    lines = [line for line, fields, _ in CsvSource(ACLED_2016).records()]
    assert len(lines) == 301
    assert lines[0] == 1 and lines[-1] == 304
    assert lines == sorted(lines)


def test_rows_are_read_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # A generator all the way: after the first event only its lines have been read.
    from model.importers import ImportRun, jsondoc

    sources: list[CsvSource] = []

    class Watched(CsvSource):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            sources.append(self)

    monkeypatch.setattr(jsondoc, "CsvSource", Watched)
    sink = HeardReads()
    seen = sink.heard
    run = ImportRun(ACLED_2016, progress=sink)
    events = run.events()
    next(events)
    [source] = sources
    size = ACLED_2016.stat().st_size
    assert 0 < source.position < 1000 < size
    assert seen == []
    assert len(list(events)) == 299
    assert source.position == size
    assert seen[-1] == (size, size)
