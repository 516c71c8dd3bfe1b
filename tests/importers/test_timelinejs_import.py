"""TimelineJS imports: the four Knight Lab files, HTML made plain, eras, media, dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from model.dates import DatePrecision, DateSpan
from model.days import Day
from model.event import Certainty
from model.importers.markup import html_to_text
from tests.importers.conftest import TIMELINEJS, TL_ERAS, TL_MEDIA, TL_TWAIN, TL_WOMEN, Imported


@pytest.mark.parametrize(("path", "slides"), [
    (TL_ERAS, 20), (TL_TWAIN, 17), (TL_WOMEN, 10), (TL_MEDIA, 41)])
def test_every_slide_is_imported(path: Path, slides: int) -> None:
    imported = Imported(path)
    assert len(json.loads(path.read_text(encoding="utf-8"))["events"]) == slides
    assert len(imported.events) == slides
    assert imported.report.skipped_count == 0
    assert {e.certainty for e in imported.events} == {Certainty.REPORTED}


def test_eras_and_title() -> None:
    imported = Imported(TL_ERAS)
    info = imported.report.info
    assert info is not None
    assert info.title == "Eras Test"
    assert info.description.startswith("Events in the 7th century")
    assert [(e.name, e.date) for e in info.eras] == [
        ("Era Test 650-700", DateSpan(Day(650, 1, 1), Day(700, 12, 31),
                                      DatePrecision.YEAR)),
        ("Era Test 600-650", DateSpan(Day(600, 1, 1), Day(650, 12, 31),
                                      DatePrecision.YEAR)),
        ("Era Test 700-720", DateSpan(Day(700, 1, 1), Day(720, 12, 31),
                                      DatePrecision.YEAR)),
    ]


def test_precision_from_the_parts_present() -> None:
    imported = Imported(TL_ERAS)
    war = imported["last-great-roman-persian-war"]
    assert war.date == DateSpan(Day(602, 1, 1), Day(629, 12, 31), DatePrecision.YEAR)
    hijra = imported["muhammad-migrates-from-mecca-to-medina"]
    assert hijra.date == DateSpan(Day(622, 8, 9), Day(622, 8, 23), DatePrecision.DAY)
    nineveh = imported["battle-of-nineveh"]
    assert nineveh.date == DateSpan.day(Day(627, 12, 12))
    assert nineveh.links[0].url == "https://en.wikipedia.org/wiki/Battle_of_Nineveh_(627)"
    assert dict(nineveh.attributes)["background_url"].endswith("Piero_della_Francesca_021.jpg")
    media = Imported(TL_MEDIA)
    assert media["tiktok"].date == DateSpan.month(1904, 6)
    assert media["tiktok"].tags == ("Video",)


def test_empty_strings_and_mixed_end_precision() -> None:
    women = Imported(TL_WOMEN)
    eniac = women["and-the-women-who-made-it-work"]
    # start {1943, 7, ""}, end {1946, "", ""}
    assert eniac.date == DateSpan(Day(1943, 7, 1), Day(1946, 12, 31),
                                  DatePrecision.MONTH)
    assert dict(eniac.attributes)["end_precision"] == "year"
    assert women["grace-hopper-invents-the-compiler"].date == DateSpan.year(1952)


def test_html_is_made_plain() -> None:
    women = Imported(TL_WOMEN)
    info = women.report.info
    assert info is not None and info.title == "Women in Computing"
    assert "<p" not in info.description and info.description.startswith("In this sample")
    ada = women["ada-lovelace"]
    assert ada.notes.startswith("Women have been programming since before it was a thing. "
                                "Take Ada Lovelace: Daughter of Lord Byron")
    assert "<" not in ada.notes and "href" not in ada.notes
    [link] = ada.links
    assert link.caption == "Portrait by Alfred Edward Chalon" and link.credit == (
        "Wikimedia Commons")
    assert women['the-mother-of-the-internet'].title == '"The Mother of the Internet"'


def test_media_given_as_html() -> None:
    women = Imported(TL_WOMEN)
    clarke = women["edith-clarke-bucking-the-trend"]  # a <blockquote> as media
    assert clarke.links == ()
    assert "There is no demand for women engineers" in clarke.notes
    media = Imported(TL_MEDIA)
    assert media["iframe"].links[0].url.startswith(
        "https://cdn.knightlab.com/libs/timeline3/latest/embed/index.html")
    tweet = media["twitter-embed"].links[0].url
    assert tweet.startswith("https://twitter.com/")
    assert media["image-gif"].links[0].url == "https://media.giphy.com/media/Bzxeif0cR11ny/giphy.gif"
    assert dict(media["image-gif"].attributes)["media_link"].startswith("https://giphy.com/")


def test_zero_padded_dates_times_locations_and_unique_ids() -> None:
    twain = Imported(TL_TWAIN)
    florida = twain["florida-missouri"]  # unique_id "" : a slug of the headline
    assert florida.date == DateSpan.day(Day(2000, 1, 5))
    assert dict(florida.attributes)["start_time"] == "06:45:56"
    assert florida.place is not None and florida.place.name == "Florida, Missouri"
    assert (florida.place.latitude, florida.place.longitude) == (39.491711, -91.79326)
    hannibal = twain["hannibal-missouri"]
    assert hannibal.date == DateSpan(Day(1920, 1, 5), Day(1923, 1, 5))
    started = twain["get-started"]
    assert started.date == DateSpan.year(2014)


def test_slides_without_headline_get_a_title_and_remember_it() -> None:
    twain = Imported(TL_TWAIN)
    untitled = [e for e in twain.events if dict(e.attributes).get("headline") == ""]
    assert len(untitled) == 4
    assert {e.title for e in untitled} >= {"a Youtube video", "a tweet",
                                           "another youtube video"}
    info = twain.report.info
    assert info is not None and info.title == "tl3-example-marktwain"  # no title headline


def test_repeated_headlines_get_unique_ids() -> None:
    media = Imported(TL_MEDIA)
    assert len(media.by_id) == 41
    assert "bluesky" in media.by_id and "bluesky-2" in media.by_id
    assert media.notes() == [
        "line 108: id 'bluesky' is already used by an earlier record; imported as 'bluesky-2'",
        "line 413: id 'png-image-on-google-drive' is already used by an earlier record; "
        "imported as 'png-image-on-google-drive-2'",
    ]


def test_given_unique_ids_are_kept() -> None:
    media = Imported(TL_MEDIA)
    assert "wistia" in media.by_id and "wikipedia-commons" in media.by_id


def test_timelinejs_2_layout(tmp_path: Path) -> None:
    path = tmp_path / "tl2.json"
    path.write_text(json.dumps({"timeline": {
        "headline": "Old format", "type": "default", "text": "<p>Intro</p>",
        "date": [{"startDate": "2011,12,10", "endDate": "2011,12,11", "headline": "A day",
                  "text": "<b>bold</b>", "tag": "Group", "asset": {"media": "http://x.org/a.jpg",
                                                                   "credit": "C",
                                                                   "caption": "Cap"}},
                 {"startDate": "1990", "headline": "A year"}],
        "era": [{"startDate": "2011,1", "endDate": "2011,12", "headline": "Era"}]}}))
    imported = Imported(path)
    day, year = imported["a-day"], imported["a-year"]
    assert day.date == DateSpan(Day(2011, 12, 10), Day(2011, 12, 11))
    assert day.notes == "bold" and day.tags == ("Group",)
    assert day.links[0].caption == "Cap"
    assert year.date == DateSpan.year(1990)
    info = imported.report.info
    assert info is not None and info.title == "Old format"
    assert info.eras[0].date == DateSpan(Day(2011, 1, 1), Day(2011, 12, 31),
                                         DatePrecision.MONTH)


@pytest.mark.parametrize(("markup", "text"), [
    ("<p>One</p><p>Two<br>three</p>", "One\n\nTwo\nthree"),
    ("Tom &amp; Jerry &lt;3 &#8212; &eacute;", "Tom & Jerry <3 \u2014 \u00e9"),
    ("a<script>alert('x')</script>b<style>p{}</style>c", "abc"),
    ("<iframe src='x'>fallback</iframe>ok", "ok"),
    ("<img src=x onerror=alert(1)>caption", "caption"),
    ("<em>Ear Drums</em>  and   spaces", "Ear Drums and spaces"),
    ("<script>never closed", ""),
    (None, ""),
    (1969, "1969"),
])
def test_html_to_text(markup: object, text: str) -> None:
    assert html_to_text(markup) == text


@pytest.mark.parametrize("path", TIMELINEJS)
def test_no_markup_survives(path: Path) -> None:
    imported = Imported(path)
    for event in imported.events:
        assert "<" not in event.title
        assert "<script" not in event.notes and "<p" not in event.notes
