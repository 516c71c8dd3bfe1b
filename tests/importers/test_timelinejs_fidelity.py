"""TimelineJS kept as its author wrote it: a quotation's credit and caption, the title slide's
media and background, `scale`, and no address that a browser would run as code."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from model.dataset import DatasetInfo, load_file
from model.event import Event, Source
from model.exporters.timelinejs import write_timelinejs
from model.importers.common import SOURCE_ID
from model.importers.markup import html_to_text
from model.loading import open_path
from model.query import MATCH_ALL
from model.validation import DataError
from model.views import write_view
from tests.importers.conftest import TIMELINEJS, TL_MEDIA, TL_TWAIN, TL_WOMEN, Imported


def _exported(events: list[Event], info: DatasetInfo | None) -> dict[str, Any]:
    buffer = io.BytesIO()
    write_timelinejs(events, buffer, info=info)
    return json.loads(buffer.getvalue().decode("utf-8"))


def _document(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _quotations(document: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """The slides whose media is a quotation (TimelineJS's "blockquote" media type)."""
    return [(i, s["media"]) for i, s in enumerate(document["events"])
            if str(s.get("media", {}).get("url", "")).startswith("<blockquote")
            and "twitter-tweet" not in s["media"]["url"]]


def test_the_fixtures_have_credited_quotations() -> None:
    credited = [m for p in TIMELINEJS for _, m in _quotations(_document(p)) if m.get("credit")]
    assert credited and all(m.get("caption") for m in credited)


@pytest.mark.parametrize("path", TIMELINEJS, ids=lambda p: p.name)
def test_a_quotations_credit_is_its_source_and_its_caption_an_attribute(path: Path) -> None:
    imported = Imported(path)
    for index, media in _quotations(_document(path)):
        event = imported.events[index]
        credit, caption = media.get("credit", ""), media.get("caption", "")
        assert event.sources == ((Source(claimant=credit),) if credit else ())
        assert dict(event.attributes).get("media_caption") == (caption or None)
        assert event.links == ()
        start = int(dict(event.attributes)["media_quote_from"])
        assert event.notes[start:] == html_to_text(media["url"])  # read after the text
        own = html_to_text(_document(path)["events"][index].get("text", {}).get("text"))
        assert event.notes[:start].rstrip() == own


@pytest.mark.parametrize("path", TIMELINEJS, ids=lambda p: p.name)
def test_round_trips_keep_quotation_credits_and_captions(path: Path, tmp_path: Path) -> None:
    imported = Imported(path)
    out = tmp_path / "again.json"
    out.write_text(json.dumps(_exported(imported.events, imported.report.info)))
    before, after = _quotations(_document(path)), _quotations(_document(out))
    assert [i for i, _ in after] == [i for i, _ in before]
    for (_, old), (_, new) in zip(before, after, strict=True):
        assert new.get("credit", "") == old.get("credit", "")
        assert new.get("caption", "") == old.get("caption", "")
    again = Imported(out)

    def kept(attributes: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        # A repeated unique_id is renamed on import ("bluesky-2", its own kept as source_id);
        # TimelineJS needs unique ids, so the export writes the new one and source_id goes.
        return tuple(pair for pair in attributes if pair[0] != SOURCE_ID)

    assert [(e.sources, e.attributes, e.notes) for e in again.events] == [
        (e.sources, kept(e.attributes), e.notes) for e in imported.events]


def test_the_quotation_itself_goes_back_into_media() -> None:
    media = Imported(TL_MEDIA)
    [(index, _)] = [q for q in _quotations(_document(TL_MEDIA)) if "Galactic" in str(q)]
    slide = _exported(media.events, media.report.info)["events"][index]
    assert slide["media"] == {"url": "<blockquote><p>This is a block quote.</p></blockquote>",
                              "caption": "That is a block quote.", "credit": "Galactic"}
    assert "Galactic" not in slide["text"]["text"]  # the credit is not said twice
    women = Imported(TL_WOMEN)
    clarke = women["edith-clarke-bucking-the-trend"]  # a quotation and no text of its own
    assert dict(clarke.attributes)["media_quote_from"] == "0"
    assert clarke.notes.startswith("There is no demand for women engineers")
    assert clarke.notes.endswith("Edith Clarke, first female professor of electrical "
                                 "engineering in the United States")
    slide = _exported(women.events, None)["events"][women.events.index(clarke)]
    assert slide["text"]["text"] == ""
    assert slide["media"]["url"].startswith("<blockquote><p>There is no demand for women")


@pytest.mark.parametrize("path", TIMELINEJS, ids=lambda p: p.name)
def test_the_title_slide_keeps_its_media_and_background(path: Path, tmp_path: Path) -> None:
    original = _document(path).get("title", {})
    imported = Imported(path)
    title = _exported(imported.events, imported.report.info)["title"]
    for part in ("media", "background"):
        given = {k: v for k, v in original.get(part, {}).items() if v}
        if part == "media" and not given.get("url"):
            given = {}
        assert {k: v for k, v in title.get(part, {}).items()} == given, part


def test_title_media_of_the_fixtures() -> None:
    women, twain, media = Imported(TL_WOMEN), Imported(TL_TWAIN), Imported(TL_MEDIA)
    assert women.report.info is not None and twain.report.info is not None
    assert dict(women.report.info.attributes)["background_url"].endswith(
        "Calculator_%28ENIAC%29.gif")
    assert dict(twain.report.info.attributes)["media_url"] == \
        "https://en.wikipedia.org/wiki/Mark_Twain"
    assert dict(twain.report.info.attributes)["media_thumbnail"].endswith("cropped.jpg")
    assert media.report.info is not None
    assert dict(media.report.info.attributes)["media_credit"] == "Joe Germuska"


@pytest.mark.parametrize("path", TIMELINEJS, ids=lambda p: p.name)
def test_through_a_view_file_and_back(path: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """TimelineJS -> view TOML -> TimelineJS gives the file TimelineJS -> TimelineJS gives,
    read whole or a part at a time."""
    from model import loading

    store = open_path(path).store
    direct = _exported(list(store.iter_events()), store.info)
    view, _ = write_view(store, MATCH_ALL, tmp_path / "view.toml")
    assert load_file(view).dataset.info == store.info
    reopened = open_path(view).store
    assert _exported(list(reopened.iter_events()), reopened.info) == direct
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)
    for _ in range(2):  # built into a cache entry, then opened from it
        cached = open_path(view).store
        assert _exported(list(cached.iter_events()), cached.info) == direct


def _slides_file(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def test_scale_is_kept(tmp_path: Path) -> None:
    path = _slides_file(tmp_path, {"scale": "human", "title": {"text": {"headline": "T"}},
                                   "events": [{"start_date": {"year": 2000},
                                               "text": {"headline": "A"}}]})
    imported = Imported(path)
    assert imported.report.info is not None
    assert dict(imported.report.info.attributes) == {"scale": "human"}
    assert _exported(imported.events, imported.report.info)["scale"] == "human"


@pytest.mark.parametrize("address", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:x",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd"])
def test_addresses_that_would_run_are_reported_not_carried(tmp_path: Path,
                                                           address: str) -> None:
    path = _slides_file(tmp_path, {
        "title": {"text": {"headline": "T"}, "media": {"url": address},
                  "background": {"url": address}},
        "events": [
            {"start_date": {"year": 2000}, "text": {"headline": "Plain"},
             "media": {"url": address, "link": address, "thumbnail": address},
             "background": {"url": address, "color": "#fff"}},
            {"start_date": {"year": 2001}, "text": {"headline": "Embedded"},
             "media": {"url": f"<iframe src='{address}'></iframe>"}},
            {"start_date": {"year": 2002}, "text": {"headline": "Fine"},
             "media": {"url": "https://example.org/a.jpg", "link": "/relative/page",
                       "thumbnail": "thumb.png"}}]})
    imported = Imported(path)
    plain, embedded, fine = imported.events
    assert plain.links == () and embedded.links == ()
    assert dict(plain.attributes) == {"background_color": "#fff"}
    assert imported.report.info is not None and imported.report.info.attributes == ()
    assert [link.url for link in fine.links] == ["https://example.org/a.jpg"]
    assert dict(fine.attributes) == {"media_link": "/relative/page",
                                     "media_thumbnail": "thumb.png"}
    notes = imported.notes()
    fields = ["title: media.url", "title: background.url",
              "events[0] 'Plain': media.url", "events[0] 'Plain': media.link",
              "events[0] 'Plain': media.thumbnail", "events[0] 'Plain': background.url",
              "events[1] 'Embedded': media.url"]
    assert len(notes) == len(fields)
    for note, field in zip(notes, fields, strict=True):
        assert f": {field} " in note or note.startswith(f"{field} ")
        assert "is refused: only http, https and relative addresses are kept" in note
    assert notes[2].startswith("line ")


def test_dataset_attributes_in_a_dataset_file_are_text(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('format_version = 1\nevents = []\n[dataset]\ntitle = "T"\n'
                    'attributes = { scale = "human", media_url = 3 }\n', encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_file(path)
    assert [(p.path, p.message) for p in raised.value.problems] == [
        ("dataset.attributes.media_url", "expected text")]
    path.write_text('format_version = 1\nevents = []\n[dataset]\ntitle = "T"\n'
                    'attributes = { scale = "human", media_url = "https://x.org/a.jpg" }\n',
                    encoding="utf-8")
    assert load_file(path).dataset.info.attributes == (
        ("scale", "human"), ("media_url", "https://x.org/a.jpg"))
