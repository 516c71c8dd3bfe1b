"""UCDP GED imports: the 19.1 extract of the fixtures and the layouts of later versions."""

from __future__ import annotations

import csv
from pathlib import Path

from model.days import Day
from model.dates import DatePrecision, DateSpan
from model.event import ActorRole, CasualtyScope, CasualtyType, Certainty, GeoPrecision
from model.importers.ucdp import guess_outlets, split_articles
from model.kinds import EventKind
from tests.importers.conftest import UCDP, Imported


def test_row_count_and_report(ucdp: Imported) -> None:
    assert len(ucdp.events) == 200
    assert ucdp.report.skipped_count == 0
    # A real row with high 0 and best 3: the bound is left out, the event kept.
    assert ucdp.notes() == ["line 147: high 0 is less than best 3; left out"]
    assert {e.certainty for e in ucdp.events} == {Certainty.REPORTED}


def test_first_row_field_by_field(ucdp: Imported) -> None:
    event = ucdp["209980"]
    assert event.title == "Government of Myanmar (Burma) - MNDAA in Laukkaing Town"
    assert event.kind is EventKind.CLASH  # type_of_violence 1
    # date_prec 2: a span of days, both given.
    assert event.date == DateSpan(Day(2015, 5, 11), Day(2015, 5, 12), DatePrecision.DAY)
    [killed] = event.casualties
    assert (killed.type, killed.count, killed.low, killed.high, killed.scope) == (
        CasualtyType.KILLED, 1, 1, 30, CasualtyScope.INCIDENT)
    assert [(a.name, a.role) for a in event.actors] == [
        ("Government of Myanmar (Burma)", ActorRole.SIDE_A), ("MNDAA", ActorRole.SIDE_B)]
    place = event.place
    assert place is not None
    assert (place.name, place.admin, place.country, place.precision) == (
        "Laukkaing Town", "Shan State", "Myanmar (Burma)", GeoPrecision.NEAR)
    assert (place.latitude, place.longitude) == (23.690225, 98.765042)
    assert [s.outlet for s in event.sources] == ["Democratic Voice of Burma"]
    assert event.notes == ("Democratic Voice of Burma (2015-05-13): Kokang conflict "
                           "intensifies north of Laogai\n"
                           "Original source: A key commander of the MNDAA")
    attributes = dict(event.attributes)
    assert (attributes["deaths_a"], attributes["deaths_b"], attributes["deaths_civilians"],
            attributes["deaths_unknown"]) == ("0", "1", "0", "0")
    assert attributes["conflict_name"] == "Myanmar (Burma): Kokang"
    assert attributes["adm_2"] == "Laukkaing District"
    assert "geom_wkt" not in attributes and "year" not in attributes


def test_several_articles_and_a_multi_line_original_source(ucdp: Imported) -> None:
    event = ucdp["209406"]
    assert [s.outlet for s in event.sources] == [
        "Associated Press Newswires", "MRTV English Channel", "Democratic Voice of Burma",
        "Myanmar Peace Monitor"]
    assert event.notes.splitlines()[-1] == (
        "Original source: Myanmar's Defense Ministry - statement; Myawaddy TV; "
        "MNDAA spokesperson Tun Myat Lin")
    assert event.casualties[0].low == 0 and event.casualties[0].high == 24


def test_precision_mapping(ucdp: Imported) -> None:
    precisions = [e.date.precision for e in ucdp.events]
    # date_prec 1 and 2 (151 rows) are days, 3 a week, 4 a month, 5 a year.
    assert precisions.count(DatePrecision.DAY) == 151
    assert precisions.count(DatePrecision.WEEK) == 5
    assert precisions.count(DatePrecision.MONTH) == 34
    assert precisions.count(DatePrecision.YEAR) == 10
    year = ucdp["71686"]  # date_prec 5, 1989-01-01 to 1989-12-31
    assert year.date == DateSpan.year(1989)


def test_kinds_and_where_precision(ucdp: Imported) -> None:
    assert {e.kind for e in ucdp.events} == {EventKind.CLASH, EventKind.ATTACK_ON_CIVILIANS}
    one_sided = [e for e in ucdp.events if dict(e.attributes).get("dyad_name", "").endswith(
        "Civilians")]
    assert one_sided and all(e.kind is EventKind.ATTACK_ON_CIVILIANS for e in one_sided)
    counts = {p: sum(1 for e in ucdp.events if e.place and e.place.precision is p)
              for p in GeoPrecision}
    assert counts == {GeoPrecision.EXACT: 40, GeoPrecision.NEAR: 35, GeoPrecision.REGION: 95,
                      GeoPrecision.COUNTRY: 29, GeoPrecision.WATER: 1}


def test_source_articles() -> None:
    assert split_articles('"Reuters,2017-08-01,Iraqi forces clash";"AFP,2017-08-02,More"') == [
        ("Reuters", "2017-08-01", "Iraqi forces clash"), ("AFP", "2017-08-02", "More")]
    assert split_articles("Bangkok Post 7/3") == []
    assert guess_outlets("Bangkok Post 7/3, Bangkok Post 10/3, BurmaNet News via Internet "
                         "in English 9 Mar 96") == ["Bangkok Post",
                                                   "BurmaNet News via Internet in English"]
    assert guess_outlets('Reuters (3/12/1991):  "ARMY KILLS TWO TRIBAL REBELS"') == ["Reuters"]
    assert guess_outlets("Free Burma Rangers report 15 June 2009") == [
        "Free Burma Rangers report"]


# source_article texts of the 19.1 fixture, and the outlets they name.
FREE_TEXT_OUTLETS = [
    ("R 16/2", ["Reuters"]),  # UCDP's abbreviations: R Reuters, X Xinhua
    ("R 29/12, X 30/12, Bangkok Post 30/12, X 31/12", ["Reuters", "Xinhua", "Bangkok Post"]),
    ("R 23/6 1995, Bkk Post 28.7.95", ["Reuters", "Bangkok Post"]),
    ("r 1989-08-17.  AP 1989-08-17: \"11 Killed, 41 Injured in Series of Explosions",
     ["Reuters", "Associated Press"]),
    ("November 10, Irrawaddy, AFP 9/11 2010, AP 9/11 2010",
     ["Irrawaddy", "Agence France-Presse", "Associated Press"]),
    # An agency named inside the text, after a headline.
    ("BBC 2/28/1991 Election - some clashes reported.  AFP", ["BBC", "Agence France-Presse"]),
    # Headlines are no outlets: after the outlet and its date, or between it and the date.
    ("BBC 19/3 Families flee to thailand as army units, Karen National Union clash", ["BBC"]),
    ("R 3/12/1991 ARMY KILLS TWO TRIBAL REBELS IN SOUTHEASTERN BANGLADESH.", ["Reuters"]),
    ("Shan Herald, Burma army, Shan rebels renew clashes during Myanmar New Year , 2013-04-17",
     ["Shan Herald"]),
    ("Mizzima News, Battles ongoing in northern Shan State, 2013-07-25", ["Mizzima News"]),
    ("AI,Myanmar:  Human rights violations against Muslims, 1992-06-16",
     ["Amnesty International"]),
    ("AI Myanmar: The Killings Continue", ["Amnesty International"]),
    ("KNU Situation Report May 3-29", ["KNU Situation Report"]),
    # Nor is a city: BBC Monitoring's "Outlet, City, in Language date".
    (": Irrawaddy web site, Bangkok, in English 18 Apr 05", ["Irrawaddy web site"]),
    ("`Phuchatkan', Bangkok, in Thai 24 Feb 94 p 15", ["Phuchatkan"]),
    # Nor an author's name cut in two ("Surname, Given (year)").
    ('South, Ashley (2003) "Mon nationalism and civil war in Burma", London and New '
     "York:Routledge", []),
    ("Xinhua 27/9, Human Rights Documentation Unit, National Coalition Government of the "
     'Union of Burma (2007) "Bullet in the alms bowl',
     ["Xinhua", "Human Rights Documentation Unit",
      "National Coalition Government of the Union of Burma"]),
]


def test_free_text_outlets_of_the_fixture(ucdp: Imported) -> None:
    articles = {row["source_article"] for row in _fixture_rows()}
    for text, outlets in FREE_TEXT_OUTLETS:
        assert text in articles, text  # each is a real row's text
        assert guess_outlets(text) == outlets, text


def _fixture_rows() -> list[dict[str, str]]:
    with open(UCDP, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_no_outlet_is_a_place_or_a_letter(ucdp: Imported) -> None:
    places = {"Bangkok", "Myanmar", "Bangladesh"} | {
        value for row in _fixture_rows()
        for value in (row["country"], row["adm_1"], row["adm_2"], row["where_coordinates"])}
    outlets = {s.outlet for e in ucdp.events for s in e.sources}
    assert not outlets & places
    assert all(outlet and len(outlet) > 1 for outlet in outlets)
    assert "Human Rights Watch" in outlets  # HRW, in the article form too


LATER_COLUMNS = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
    "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
    "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,"
    "source_date,source_headline,source_original,where_prec,where_coordinates,"
    "where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,"
    "country_id,iso3,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,"
    "deaths_civilians,deaths_unknown,best,high,low").split(",")


def test_a_later_ged_layout(tmp_path: Path) -> None:
    row = dict.fromkeys(LATER_COLUMNS, "")
    row.update(id="244657", relid="IRQ-2017-1-524-322", type_of_violence="3",
               dyad_name="IS - Civilians", side_a="IS", side_b="Civilians", where_prec="1",
               where_coordinates="Mosul town", adm_1="Ninawa governorate", latitude="36.335",
               longitude="43.118", country="Iraq", iso3="IRQ", date_prec="4",
               date_start="2017-07-01 00:00:00.000", date_end="2017-07-31 00:00:00.000",
               deaths_civilians="7", best="7", high="9", low="7",
               source_article='"Reuters,2017-08-01,Bodies found in Mosul"')
    path = tmp_path / "ged231.csv"
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=[c.upper() for c in LATER_COLUMNS])
        writer.writeheader()
        writer.writerow({k.upper(): v for k, v in row.items()})
    [event] = Imported(path).events
    assert event.id == "244657"
    assert event.kind is EventKind.ATTACK_ON_CIVILIANS
    assert event.date == DateSpan.month(2017, 7)
    assert (event.casualties[0].count, event.casualties[0].high) == (7, 9)
    assert dict(event.attributes)["relid"] == "IRQ-2017-1-524-322"
    assert [s.outlet for s in event.sources] == ["Reuters"]


def test_ged5_estimate_names(tmp_path: Path) -> None:
    path = tmp_path / "ged50.csv"
    path.write_text("id,date_start,date_end,date_prec,type_of_violence,side_a,side_b,"
                    "best_est,low_est,high_est\n"
                    "1,1995-03-15,,1,2,A,B,4,2,9\n", encoding="utf-8")
    [event] = Imported(path).events
    assert event.date == DateSpan.day(Day(1995, 3, 15))
    killed = event.casualties[0]
    assert (killed.count, killed.low, killed.high) == (4, 2, 9)
