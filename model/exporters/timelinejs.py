"""Events as TimelineJS 3 JSON, ready for Knight Lab's TimelineJS.

Each event is a slide: start_date (and end_date when the span is wider than the start date's
own unit) with the parts its precision gives, the title as headline, the notes (and a line
of casualties and sources) as text, the first link as media, the first tag as group, the id
as unique_id. Years are written as TimelineJS reads them, astronomical and of any size
(`"-6"`, `"-13800000000"`); a date's own `display_date` and `format`, kept by the import,
go back into it. A quotation imported from TimelineJS (the notes from `media_quote_from` on)
is its media again, with its first source as the credit and `media_caption` as the caption.
The dataset's title and description make the title slide (with the media and background its
attributes kept), its eras the eras, its `scale` attribute the scale. Every text TimelineJS
puts into the page as HTML (headlines, texts, group, display date, captions, credits) is
HTML-escaped: nothing from the data is ever written as markup. An address is written only
when it is http, https or relative (`kept_address`, the check the import makes), with the
characters that could end an HTML attribute (TimelineJS writes some addresses into
`src='...'`) percent-encoded; every address not written is counted in the export's report.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from typing import IO, Any

from model.dataset import DatasetInfo, Era
from model.dates import DatePrecision
from model.event import Event, Source
from model.exporters import ExportReport, as_text
from model.importers.markup import COLOUR_RULE, KEPT_RULE, kept_address, kept_colour
from model.importers.tldates import aligned, dates_of, parts_of


def paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs (line breaks kept), every character escaped."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join(f"<p>{html.escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)


def _details(event: Event, sources: tuple[Source, ...]) -> str:
    parts = [c.figure() for c in event.casualties]
    sources_said = [s.chain() for s in sources]
    if sources_said:
        parts.append("Sources: " + "; ".join(sources_said))
    return " \u00b7 ".join(parts)


def _precision(value: str | None) -> DatePrecision | None:
    try:
        return DatePrecision(value) if value else None
    except ValueError:
        return None


def _text(text: str) -> str:
    """Plain text as TimelineJS's HTML (every markup character escaped)."""
    return html.escape(text, quote=False)


REFUSED = f"{{}} not written: {KEPT_RULE}"
_ATTRIBUTE_ENDS = re.compile(r"[\x00-\x20\x7f\"'<>`]")
ENCODED = ("address written with the characters that could end an HTML attribute "
           "(quotes, <, >, spaces) percent-encoded")


def _address(url: str | None, field: str, report: ExportReport | None) -> str | None:
    """An address as written (None: there is none, or it could run as code: counted)."""
    url = url.strip() if url else ""
    if not url:
        return None
    if not kept_address(url):
        if report is not None:
            report.note(REFUSED.format(field), what="URL")
        return None
    written = _ATTRIBUTE_ENDS.sub(lambda m: f"%{ord(m.group()):02X}", url)
    if written != url and report is not None:
        report.note(ENCODED, what="URL")
    return written


def _media(url: str, caption: str | None, credit: str | None, a: dict[str, str],
           report: ExportReport | None, *, markup: bool = False) -> dict[str, str] | None:
    """A media object: its address (`markup`: a quotation's HTML, written as it is),
    caption and credit, and the link and thumbnail kept; None when its address is not
    written."""
    address = url if markup else _address(url, "media.url (and so its media)", report)
    if address is None:
        return None
    media = {"url": address}
    if caption:
        media["caption"] = _text(caption)
    if credit:
        media["credit"] = _text(credit)
    for key in ("link", "thumbnail"):
        kept = _address(a.get(f"media_{key}"), f"media.{key}", report)
        if kept is not None:
            media[key] = kept
    return media


def _quotation(text: str) -> str:
    return f"<blockquote>{paragraphs(text)}</blockquote>"


def _background(a: dict[str, str], report: ExportReport | None) -> dict[str, str]:
    background: dict[str, str] = {}
    url = _address(a.get("background_url"), "background.url", report)
    if url is not None:
        background["url"] = url
    colour = a.get("background_color", "").strip()
    if colour and kept_colour(colour):
        background["color"] = colour
    elif colour and report is not None:
        report.note(f"background.color not written: {COLOUR_RULE}", what="colour")
    return background


def _quoted_part(event: Event, a: dict[str, str]) -> int | None:
    """Where the quotation that is the slide's media starts in its notes (None: it has
    none, or the attribute no longer fits the notes)."""
    start = a.get("media_quote_from", "")
    if re.fullmatch(r"[0-9]{1,9}", start) and int(start) <= len(event.notes):
        return int(start)
    return None


FORMAT_REFUSED = ("date format not written: it has <, > or &, which TimelineJS would put "
                  "into the page as markup")
# A format is a mask TimelineJS fills in and puts into the page; escaping would change it.
_MARKUP = re.compile(r"[<>&]")


def _date_said(date: dict[str, str], which: str, a: dict[str, str],
               report: ExportReport | None) -> dict[str, str]:
    """A date object (`which`: "start" or "end") with its own display date and format, as
    the import kept them (a format that is markup is counted in `report`, not written)."""
    display = a.get(f"{which}_display_date")
    if display:
        date["display_date"] = _text(display)
    given = a.get(f"{which}_format")
    if given and not _MARKUP.search(given):
        date["format"] = given
    elif given and report is not None:
        report.note(FORMAT_REFUSED, what="date")
    return date


def event_slide(event: Event, report: ExportReport | None = None) -> dict[str, Any]:
    """One slide for one event (an address not written counted in `report`)."""
    a = dict(event.attributes)
    end_precision = _precision(a.get("end_precision"))
    start, end = dates_of(event.date, end_precision, a.get("start_time"), a.get("end_time"))
    if end is None and ("end_display_date" in a or "end_format" in a):
        end = parts_of(event.date.latest, end_precision or event.date.precision)
    slide: dict[str, Any] = {"start_date": _date_said(start, "start", a, report)}
    if end is not None:
        slide["end_date"] = _date_said(end, "end", a, report)
    notes, sources, media = event.notes, event.sources, None
    quoted = _quoted_part(event, a)
    if quoted is not None:  # a quotation: its first source is its credit
        notes = event.notes[:quoted]
        credit = sources[0].chain() if sources else None
        media = _media(_quotation(event.notes[quoted:]), a.get("media_caption"), credit, a,
                       report, markup=True)
        sources = sources[1:]
    elif event.links:
        link = event.links[0]
        media = _media(link.url, link.caption, link.credit, a, report)
    text = paragraphs(notes)
    details = _details(event, sources)
    if details:
        text += paragraphs(details)
    headline = a["headline"] if "headline" in a else event.title
    slide["text"] = {"headline": _text(headline), "text": text}
    if media is not None:
        slide["media"] = media
    if event.tags:
        slide["group"] = _text(event.tags[0])  # TimelineJS writes it as HTML
    date = event.date
    display = a.get("display_date") or (
        date.display() if date.precision is DatePrecision.WEEK or date.inferred
        or date.forecast or not aligned(date, end_precision) else "")
    if display:
        slide["display_date"] = _text(display)
    background = _background(a, report)
    if background:
        slide["background"] = background
    slide["unique_id"] = event.id
    return slide


def era_object(era: Era) -> dict[str, Any]:
    """An era: TimelineJS needs both dates, and a headline."""
    start, end = dates_of(era.date)
    if end is None:
        end = parts_of(era.date.latest, era.date.precision)
    text = {"headline": _text(era.name)}
    if era.notes:
        text["text"] = paragraphs(era.notes)
    return {"start_date": start, "end_date": end, "text": text}


def title_slide(info: DatasetInfo, report: ExportReport | None = None) -> dict[str, Any]:
    """The title slide, from the dataset's title and description, and the media and
    background its attributes kept (an address not written counted in `report`)."""
    a = dict(info.attributes)
    slide: dict[str, Any] = {"text": {"headline": _text(info.title),
                                      "text": paragraphs(info.description)}}
    quoted = "media_quote" in a
    url = _quotation(a["media_quote"]) if quoted else a.get("media_url")
    media = _media(url, a.get("media_caption"), a.get("media_credit"), a, report,
                   markup=quoted) if url else None
    if media is not None:
        slide["media"] = media
    background = _background(a, report)
    if background:
        slide["background"] = background
    return slide


LINKS_DROPPED = "only the first of its links written (as the slide's media)"
TAGS_DROPPED = "only the first of its tags written (as the slide's group)"


def _not_written(event: Event, report: ExportReport) -> None:
    """Count what a slide has no place for."""
    if len(event.links) > 1:
        report.note(LINKS_DROPPED, what="slide")
    if len(event.tags) > 1:
        report.note(TAGS_DROPPED, what="slide")


def write_timelinejs(events: Iterable[Event], stream: IO[Any], *,
                     info: DatasetInfo | None = None,
                     report: ExportReport | None = None) -> int:
    """Write a TimelineJS JSON file, one slide at a time; returns the number of events.
    What a slide has no place for is counted in `report`."""
    count = 0
    with as_text(stream) as out:
        out.write("{\n")
        if info is not None:
            scale = dict(info.attributes).get("scale")
            if scale:
                out.write(f'  "scale": {json.dumps(scale, ensure_ascii=False)},\n')
            out.write(f'  "title": {json.dumps(title_slide(info, report), ensure_ascii=False)},\n')
            if info.eras:
                eras = ",\n    ".join(json.dumps(era_object(e), ensure_ascii=False)
                                      for e in info.eras)
                out.write(f'  "eras": [\n    {eras}\n  ],\n')
        out.write('  "events": [')
        for event in events:
            out.write(",\n    " if count else "\n    ")
            out.write(json.dumps(event_slide(event, report), ensure_ascii=False))
            if report is not None:
                _not_written(event, report)
            count += 1
        out.write("\n  ]\n}\n" if count else "]\n}\n")
    return count
