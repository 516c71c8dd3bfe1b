"""TimelineJS (Knight Lab) JSON: slides become events, eras become the dataset's eras.

Headlines and texts are HTML: they are turned into plain text (see `markup`). Media are
kept as links; an embed given as HTML keeps its address, and its text is added to the notes.
A quotation (TimelineJS's "blockquote" media) is added to the notes too, the attribute
`media_quote_from` keeping where it starts; its credit becomes the event's source (who says
so) and its caption an attribute. The title slide names the dataset; its media and
background, and the timeline's `scale`, are kept as the dataset's attributes. Years are
astronomical, as TimelineJS reads them (-6 is 7 BCE), out to 10^11 years either way; a month
or day given for a year outside -9999..9999 is dropped, with a note, and the date read as its
year. A date's own `display_date` and `format` are kept to be written back. An address
that could run as code (`javascript:`, `data:`, ...) is reported and not carried. The older
TimelineJS 2 layout (`{"timeline": {"date": [...]}}`) is read too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from model.dataset import Era
from model.days import DAY_YEARS
from model.event import Certainty, Event, Link, Place, Source
from model.importers.common import (
    ImportContext,
    ImportNote,
    Record,
    SkippedRow,
    make_id,
    short,
    slug,
    title_from,
)
from model.importers.jsondoc import JsonDocument, read_json
from model.importers.markup import (
    COLOUR_RULE,
    KEPT_RULE,
    html_addresses,
    html_to_text,
    kept_address,
    kept_colour,
)
from model.importers.tldates import DateParts, held, read_parts, span_of
from model.kinds import EventKind
from model.validation import DataError, Problem


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def read(ctx: ImportContext) -> Iterator[Record]:
    """Every slide of a TimelineJS file as an Event or a SkippedRow; eras into `ctx`."""
    document = read_json(ctx.path)
    ctx.sha256 = document.sha256
    value = document.value
    if isinstance(value, dict) and isinstance(value.get("timeline"), dict):
        value, document.lines = from_version2(value["timeline"]), {}
    if isinstance(value, list):
        value = {"events": value}
    if not isinstance(value, dict) or not isinstance(value.get("events"), list):
        raise DataError(str(ctx.path), [Problem(
            "", "is JSON but not a TimelineJS timeline: looked for an object with an "
                "\"events\" list")])
    yield from document.notes
    title_slide = _dict(value.get("title"))
    title = _dict(title_slide.get("text"))
    ctx.title = html_to_text(title.get("headline")) or ctx.title or ctx.path.stem
    ctx.description = html_to_text(title.get("text"))
    refused: list[ImportNote] = []
    ctx.attributes.extend(_title_attributes(title_slide, refused))
    scale = value.get("scale")
    if isinstance(scale, str) and scale.strip():
        ctx.attributes.append(("scale", scale.strip()))
    yield from refused
    eras = value.get("eras")
    for index, era in enumerate(eras if isinstance(eras, list) else []):
        era_notes: list[ImportNote] = []
        result = _era(era, index, document, era_notes)
        if isinstance(result, Era):
            ctx.eras.append(result)
        else:
            yield result
        yield from era_notes
    slides = value["events"]
    for index, slide in enumerate(slides):
        notes: list[ImportNote] = []
        ctx.line = document.line("events", index)
        ctx.check_cancel()
        yield _slide(slide, index, ctx.line, notes)
        yield from notes
        if index % 100 == 99:
            ctx.report_progress(index + 1, len(slides))
    ctx.report_progress(len(slides), len(slides))


HELD_TO_THE_DAY = (f"months and days are held for years {DAY_YEARS[0]}..{DAY_YEARS[-1]} "
                   "only")


def _dates(slide: dict[str, Any], label: str, line: int | None, notes: list[ImportNote]
           ) -> tuple[DateParts, DateParts | None] | SkippedRow:
    """The start and end dates as Dateline holds them (a month or day it cannot hold is
    dropped and said in `notes`)."""
    start = read_parts(slide.get("start_date"))
    if start is None:
        return SkippedRow(line, f"{label}: start_date has no year")
    if isinstance(start, str):
        return SkippedRow(line, f"{label}: start_date {start}")
    end = read_parts(slide.get("end_date"))
    if isinstance(end, str):
        return SkippedRow(line, f"{label}: end_date {end}")
    for field, parts in (("start_date", start), ("end_date", end)):
        if parts is not None and parts.coarsened_from:
            notes.append(ImportNote(line, (
                f"{label}: {field} {parts.coarsened_from} is read as the year {parts.year}: "
                f"{HELD_TO_THE_DAY}")))
    kept = held(start, end)
    if kept is not start and end is not None:
        notes.append(ImportNote(line, (
            f"{label}: start_date {kept.coarsened_from} is read as the year {kept.year}, as "
            f"the end_date is in year {end.year}: {HELD_TO_THE_DAY}")))
    return kept, end


def _label(kind: str, index: int, headline: str) -> str:
    return f"{kind}[{index}]" + (f" '{short(headline, 40)}'" if headline else "")


def _era(era: Any, index: int, document: JsonDocument, notes: list[ImportNote]
        ) -> Era | SkippedRow:
    line = document.line("eras", index)
    if not isinstance(era, dict):
        return SkippedRow(line, f"eras[{index}] is not an object")
    text = _dict(era.get("text"))
    name = html_to_text(text.get("headline"))
    dates = _dates(era, _label("eras", index, name), line, notes)
    if isinstance(dates, SkippedRow):
        return dates
    span = span_of(*dates)
    if isinstance(span, str):
        return SkippedRow(line, f"{_label('eras', index, name)}: {span}")
    return Era(title_from(name) or f"Era {index + 1}", span, html_to_text(text.get("text")))


# TimelineJS's "blockquote" media type: a blockquote that is not an embedded tweet.
_QUOTATION = re.compile(r"<blockquote(?![^>]*twitter-tweet)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Where:
    """Which slide is read (for what is said about it)."""

    label: str
    line: int | None
    notes: list[ImportNote]

    def kept(self, value: Any, field: str, keeps: Callable[[str], bool], rule: str) -> str:
        """A value as given, or "" when there is none or `keeps` refuses it (said, with
        the `rule`)."""
        text = value.strip() if isinstance(value, str) else ""
        if text and not keeps(text):
            self.notes.append(ImportNote(self.line, (
                f"{self.label}: {field} '{short(text)}' is refused: {rule}")))
            return ""
        return text

    def address(self, value: Any, field: str) -> str:
        """An address as given, or "" when there is none or it is refused (and said)."""
        return self.kept(value, field, kept_address, KEPT_RULE)

    def colour(self, value: Any, field: str) -> str:
        """A colour as given, or "" when there is none or it is refused (and said)."""
        return self.kept(value, field, kept_colour, COLOUR_RULE)


@dataclass(frozen=True, slots=True)
class _Media:
    url: str
    """The media's address ("" when there is none, or it was refused)."""
    quotation: str | None
    """A quotation's text, as plain text; None when the media is not a quotation."""
    embedded: str
    """The text an embed given as HTML carried (a tweet's words)."""
    caption: str
    credit: str


def _media(media: dict[str, Any], where: _Where) -> _Media:
    raw = media.get("url")
    raw = raw.strip() if isinstance(raw, str) else ""
    quotation, embedded, url = None, "", raw
    if _QUOTATION.match(raw):
        quotation, url = html_to_text(raw), ""
    elif raw.startswith("<"):
        addresses = html_addresses(raw)
        sources = [a for kind, a in addresses if kind == "src"]
        embedded = html_to_text(raw)
        url = sources[0] if sources else addresses[-1][1] if addresses else ""
    return _Media(where.address(url, "media.url"), quotation, embedded,
                  html_to_text(media.get("caption")), html_to_text(media.get("credit")))


def _kept_fields(slide: dict[str, Any], where: _Where) -> list[tuple[str, str]]:
    """media.link, media.thumbnail and the background, as the attributes that keep them."""
    media, background = _dict(slide.get("media")), _dict(slide.get("background"))
    return [(key, value) for key, value in (
        ("media_link", where.address(media.get("link"), "media.link")),
        ("media_thumbnail", where.address(media.get("thumbnail"), "media.thumbnail")),
        ("background_url", where.address(background.get("url"), "background.url")),
        ("background_color", where.colour(background.get("color"), "background.color")),
    ) if value]


def _title_attributes(title: dict[str, Any], notes: list[ImportNote]) -> list[tuple[str, str]]:
    """The title slide's media and background, as the dataset's attributes."""
    where = _Where("title", None, notes)
    media = _media(_dict(title.get("media")), where)
    out: list[tuple[str, str]] = []
    if media.quotation is not None:
        out.append(("media_quote", media.quotation))
    elif media.url:
        out.append(("media_url", media.url))
    if out:
        out.extend((k, v) for k, v in (("media_caption", media.caption),
                                        ("media_credit", media.credit)) if v)
    return out + _kept_fields(title, where)


def _slide(slide: Any, index: int, line: int | None, notes: list[ImportNote]
           ) -> Event | SkippedRow:
    if not isinstance(slide, dict):
        return SkippedRow(line, f"events[{index}] is not an object")
    text = _dict(slide.get("text"))
    headline = html_to_text(text.get("headline"))
    label = _label("events", index, headline)
    dates = _dates(slide, label, line, notes)
    if isinstance(dates, SkippedRow):
        return dates
    start, end = dates
    span = span_of(start, end)
    if isinstance(span, str):
        return SkippedRow(line, f"{label}: {span}")
    body = html_to_text(text.get("text"))
    where = _Where(label, line, notes)
    media = _media(_dict(slide.get("media")), where)
    link = Link(media.url, media.caption or None, media.credit or None) if media.url else None
    quote_from = None
    if media.quotation is not None:  # read after the slide's text, from this character on
        quote_from = len(body) + 2 if body and media.quotation else len(body)
    for added in (media.embedded, media.quotation):
        if added:
            body = f"{body}\n\n{added}".strip()
    display = html_to_text(slide.get("display_date"))
    start_said = _said(slide.get("start_date"), "start")
    attributes: list[tuple[str, str]] = []
    title = headline
    if not title:
        attributes.append(("headline", ""))
        title = (body.split("\n", 1)[0] or media.caption or display
                 or dict(start_said).get("start_display_date") or f"Slide {index + 1}")
    if display:
        attributes.append(("display_date", display))
    attributes.extend(start_said)
    if start.time:
        attributes.append(("start_time", start.time))
    if end is not None:
        if end.time:
            attributes.append(("end_time", end.time))
        if end.precision is not start.precision:
            attributes.append(("end_precision", end.precision.value))
        attributes.extend(_said(slide.get("end_date"), "end"))
    sources: tuple[Source, ...] = ()
    if quote_from is not None:  # its credit is who says so; its caption is kept
        attributes.append(("media_quote_from", str(quote_from)))
        if media.caption:
            attributes.append(("media_caption", media.caption))
        if media.credit:
            sources = (Source(claimant=media.credit),)
    attributes.extend(_kept_fields(slide, where))
    raw_id = slide.get("unique_id")
    raw_id = str(raw_id).strip() if raw_id is not None else ""
    event_id = make_id(raw_id) if raw_id else ""
    if raw_id and event_id != raw_id:
        notes.append(ImportNote(line, f"unique_id '{short(raw_id)}' is not a valid id; "
                                      f"imported as '{event_id or '(generated)'}'"))
    event_id = event_id or slug(title) or f"slide-{index + 1}"
    group = html_to_text(slide.get("group"))
    return Event(
        id=event_id,
        title=title_from(title),
        kind=EventKind.OTHER,
        date=span,
        certainty=Certainty.REPORTED,
        place=_place(_dict(slide.get("location"))),
        sources=sources,
        tags=(group,) if group else (),
        notes=body,
        links=(link,) if link else (),
        attributes=tuple(attributes),
    )


def _said(date: Any, which: str) -> list[tuple[str, str]]:
    """A date object's own `display_date` (as plain text) and `format` (as given), as the
    attributes `start_display_date` and `start_format` (`which` is "start"), or `end_...`."""
    date = _dict(date)
    display = html_to_text(date.get("display_date"))
    given = date.get("format")
    return [(f"{which}_{key}", value) for key, value in (
        ("display_date", display),
        ("format", given if isinstance(given, str) and given.strip() else ""),
    ) if value]


def _place(location: dict[str, Any]) -> Place | None:
    lat, lon = location.get("lat"), location.get("lon")
    if not (isinstance(lat, (int, float)) and isinstance(lon, (int, float))) \
            or isinstance(lat, bool) or isinstance(lon, bool):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    name = html_to_text(location.get("name")) or f"{lat:.4f}, {lon:.4f}"
    return Place(name, latitude=float(lat), longitude=float(lon))


def from_version2(timeline: dict[str, Any]) -> dict[str, Any]:
    """A TimelineJS 2 timeline in the TimelineJS 3 layout."""

    def date(text: Any) -> dict[str, str] | None:
        if text is None or not str(text).strip():
            return None
        keys = ("year", "month", "day", "hour", "minute", "second")
        return dict(zip(keys, (p.strip() for p in str(text).split(",")), strict=False))

    def slide(item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        asset = _dict(item.get("asset"))
        return {"start_date": date(item.get("startDate")), "end_date": date(item.get("endDate")),
                "text": {"headline": item.get("headline"), "text": item.get("text")},
                "media": {"url": asset.get("media"), "caption": asset.get("caption"),
                          "credit": asset.get("credit")},
                "group": item.get("tag")}

    dates = timeline.get("date")
    eras = timeline.get("era")
    asset = _dict(timeline.get("asset"))
    return {
        "title": {"text": {"headline": timeline.get("headline"), "text": timeline.get("text")},
                  "media": {"url": asset.get("media"), "caption": asset.get("caption"),
                            "credit": asset.get("credit")}},
        "events": [slide(d) for d in (dates if isinstance(dates, list) else [])],
        "eras": [slide(e) for e in (eras if isinstance(eras, list) else [])],
    }
