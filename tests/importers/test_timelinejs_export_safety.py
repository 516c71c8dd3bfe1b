"""A TimelineJS export carries no markup and no address that would run to a published page.

TimelineJS writes headlines, texts, group, display dates, captions and credits into the page
as HTML (the group into `innerHTML`), and some media addresses into `src='...'`: every text
is escaped, and only http, https and relative addresses are written, their quotes encoded.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from model.days import Day
from model.dataset import DatasetInfo, Era
from model.dates import DateSpan
from model.event import Certainty, Event, Link
from model.exporters import ExportReport
from model.exporters.timelinejs import ENCODED, REFUSED, write_timelinejs
from model.importers.markup import COLOUR_RULE, html_to_text, kept_address
from model.loading import open_path
from model.kinds import EventKind
from tests.importers.conftest import Imported

DAY = DateSpan.day(Day(2016, 6, 9))
MARKUP = "<img src=x onerror=alert(1)> & <b>bold</b>"
RUNNING = ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
           "java\tscript:x", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
           "file:///etc/passwd"]


def exported(events: list[Event], info: DatasetInfo | None = None
             ) -> tuple[dict[str, Any], ExportReport]:
    report = ExportReport()
    buffer = io.BytesIO()
    write_timelinejs(events, buffer, info=info, report=report)
    return json.loads(buffer.getvalue().decode("utf-8")), report


def marked_up_event(text: str = MARKUP) -> Event:
    return Event(id="e1", title=text, kind=EventKind.OTHER, date=DAY,
                 certainty=Certainty.REPORTED, tags=(text,), notes=text,
                 links=(Link("https://example.org/a.jpg", text, text),),
                 attributes=(("display_date", text),))


def marked_up_info(text: str = MARKUP) -> DatasetInfo:
    return DatasetInfo(text, text, eras=(Era(text, DateSpan.year(2016), text),),
                       attributes=(("media_url", "https://example.org/t.jpg"),
                                   ("media_caption", text), ("media_credit", text)))


def html_fields(document: dict[str, Any]) -> list[str]:
    """Every value of the document that TimelineJS writes into the page as HTML."""
    slides = [document["title"], *document["events"], *document.get("eras", [])]
    out = []
    for slide in slides:
        out.extend(slide.get("text", {}).values())
        out.extend(v for k, v in slide.get("media", {}).items() if k in ("caption", "credit"))
        out.extend(slide[k] for k in ("group", "display_date") if k in slide)
    return out


def test_every_text_timelinejs_shows_as_html_is_escaped() -> None:
    document, _ = exported([marked_up_event()], marked_up_info())
    fields = html_fields(document)
    assert len(fields) == 12  # title 2 + 2 media; slide 2 + 2 media + group + date; era 2
    for value in fields:
        assert "<img" not in value and "<b>" not in value, value
        assert html_to_text(value) == MARKUP, value


def test_escaped_group_and_display_date_read_back_the_same(tmp_path: Path) -> None:
    document, _ = exported([marked_up_event()], marked_up_info())
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    event = Imported(path).events[0]
    assert event.tags == (MARKUP,)
    assert dict(event.attributes)["display_date"] == MARKUP
    assert event.title == MARKUP and event.notes == MARKUP


def _urls(document: dict[str, Any]) -> list[str]:
    """Every address the document gives (media url, link, thumbnail; background url)."""
    out = []
    for slide in (document["title"], *document["events"]):
        media = slide.get("media", {})
        out.extend(media[k] for k in ("url", "link", "thumbnail") if k in media)
        out.extend([slide["background"]["url"]] if "url" in slide.get("background", {})
                   else [])
    return out


@pytest.mark.parametrize("address", RUNNING)
def test_addresses_that_would_run_are_not_written_but_counted(address: str) -> None:
    hostile = (("media_link", address), ("media_thumbnail", address),
               ("background_url", address), ("background_color", "#fff"))
    events = [
        Event(id="plain", title="Plain", kind=EventKind.OTHER, date=DAY,
              certainty=Certainty.REPORTED, links=(Link(address, "c"),), attributes=hostile),
        Event(id="fine", title="Fine", kind=EventKind.OTHER, date=DAY,
              certainty=Certainty.REPORTED, links=(Link("https://example.org/a.jpg"),),
              attributes=hostile),
    ]
    info = DatasetInfo("T", attributes=(("media_url", address), ("background_url", address)))
    document, report = exported(events, info)
    assert _urls(document) == ["https://example.org/a.jpg"]
    assert all(kept_address(url) for url in _urls(document))
    plain, fine = document["events"]
    assert "media" not in plain and plain["background"] == {"color": "#fff"}
    assert fine["media"] == {"url": "https://example.org/a.jpg"}
    assert report.changed == {
        ("URL", REFUSED.format("media.url (and so its media)")): 2,  # title, plain
        ("URL", REFUSED.format("background.url")): 3,  # title, plain, fine
        ("URL", REFUSED.format("media.link")): 1,  # fine
        ("URL", REFUSED.format("media.thumbnail")): 1,
    }


def test_http_and_relative_addresses_are_written() -> None:
    kept = (("media_link", "/relative/page"), ("media_thumbnail", "thumb.png"),
            ("background_url", "HTTPS://example.org/b.jpg"))
    event = Event(id="e", title="T", kind=EventKind.OTHER, date=DAY,
                  certainty=Certainty.REPORTED, links=(Link("http://example.org/a.jpg"),),
                  attributes=kept)
    document, report = exported([event])
    assert document["events"][0]["media"] == {
        "url": "http://example.org/a.jpg", "link": "/relative/page", "thumbnail": "thumb.png"}
    assert document["events"][0]["background"] == {"url": "HTTPS://example.org/b.jpg"}
    assert report.changed == {}


def test_an_address_cannot_end_the_attribute_timelinejs_writes_it_in() -> None:
    # TimelineJS builds `<iframe src='` + url + `'>` for several media types.
    url = "https://example.org/a' onload='alert(1)\"<x>`"
    event = Event(id="e", title="T", kind=EventKind.OTHER, date=DAY,
                  certainty=Certainty.REPORTED, links=(Link(url),))
    document, report = exported([event])
    written = document["events"][0]["media"]["url"]
    assert written == "https://example.org/a%27%20onload=%27alert(1)%22%3Cx%3E%60"
    assert report.changed == {("URL", ENCODED): 1}


COLOURS = ["#fff", "#A0B1C2", "#a0b1c2ff", "red", "rgb(10, 20, 30)", "hsla(120, 50%, 50%, 0.5)"]
NOT_COLOURS = ["red;background:url(javascript:alert(1))", "url(https://example.org/x.png)",
               "expression(alert(1))", "#ff;x", "red\"><script>alert(1)</script>", "#12345"]


def test_only_css_colours_are_written_as_the_background() -> None:
    events = [Event(id=f"e{i}", title="T", kind=EventKind.OTHER, date=DAY,
                    certainty=Certainty.REPORTED, attributes=(("background_color", colour),))
              for i, colour in enumerate([*COLOURS, *NOT_COLOURS])]
    document, report = exported(events)
    written = [slide.get("background", {}).get("color") for slide in document["events"]]
    assert written == [*COLOURS, *[None] * len(NOT_COLOURS)]
    assert report.changed == {("colour", f"background.color not written: {COLOUR_RULE}"):
                              len(NOT_COLOURS)}


def test_a_background_colour_that_is_no_colour_is_refused_on_import(tmp_path: Path) -> None:
    slides = [{"start_date": {"year": "2016", "month": "6", "day": str(9 + i)},
               "text": {"headline": f"Slide {i}"}, "background": {"color": colour}}
              for i, colour in enumerate([COLOURS[0], NOT_COLOURS[0]])]
    path = tmp_path / "colours.json"
    path.write_text(json.dumps({"events": slides}))
    opened = open_path(path)
    kept = [dict(event.attributes).get("background_color")
            for event in opened.store.iter_events()]
    assert kept == [COLOURS[0], None]
    assert any(f"background.color '{NOT_COLOURS[0]}' is refused: {COLOUR_RULE}" in warning
               for warning in opened.warnings), opened.warnings
