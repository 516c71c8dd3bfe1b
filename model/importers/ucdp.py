"""UCDP GED CSV files (the Georeferenced Event Dataset, and UCDP Candidate events).

Columns are matched by name, case-insensitively and in any order, so the 19.1 layout of the
fixtures, later versions (relid, where_description, iso3 ...) and GED 5's best_est/low_est/
high_est all read. Columns the model does not hold are kept as attributes, among them
type_of_violence (the event's source category, `model.categories`) and the per-party
deaths (deaths_a, deaths_b, deaths_civilians, deaths_unknown): as casualty records they would
be added to `best` in every total.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from model.days import DAY_YEARS, Day
from model.categories import KIND_FOR_UCDP_VIOLENCE, UCDP_VIOLENCE
from model.dates import DatePrecision, DateSpan
from model.event import (
    ActorRole,
    CasualtyRecord,
    CasualtyType,
    Certainty,
    Event,
    GeoPrecision,
    Place,
    Source,
)
from model.importers.common import (
    ImportContext,
    ImportNote,
    Record,
    SkippedRow,
    actor,
    make_id,
    outlet,
    parse_coordinate,
    parse_count,
    short,
    split_list,
    title_from,
)
from model.importers.csvsource import Columns, cell
from model.importers.datetext import MONTHS, parse_date
from model.importers.tabular import CsvFormat, read_table
from model.kinds import EventKind

ALIASES = {"best_est": "best", "low_est": "low", "high_est": "high",
           "lat": "latitude", "lon": "longitude", "long": "longitude"}
MAPPED = frozenset({
    "id", "date_start", "date_end", "date_prec", "best", "low", "high", "side_a", "side_b",
    "where_prec", "where_coordinates", "where_description", "adm_1", "country", "latitude",
    "longitude", "source_article",
})
# Held by the model in another form (the date, the coordinates): not repeated as attributes.
REDUNDANT = frozenset({"year", "geom_wkt"})

PRECISION = {"1": DatePrecision.DAY, "2": DatePrecision.DAY, "3": DatePrecision.WEEK,
             "4": DatePrecision.MONTH, "5": DatePrecision.YEAR, "": DatePrecision.DAY}
WHERE_PRECISION = {"1": GeoPrecision.EXACT, "2": GeoPrecision.NEAR, "3": GeoPrecision.REGION,
                   "4": GeoPrecision.REGION, "5": GeoPrecision.REGION,
                   "6": GeoPrecision.COUNTRY, "7": GeoPrecision.WATER}

_ARTICLE = re.compile(r"\s*(.+?)\s*,\s*(\d{4}-\d{2}-\d{2})\s*,\s*(.*)\Z", re.DOTALL)
_OUTLET_END = re.compile(r"[\d(:\"\u201c]")

OUTLET_NAMES = {
    "R": "Reuters", "X": "Xinhua", "AP": "Associated Press", "AFP": "Agence France-Presse",
    "DPA": "Deutsche Presse-Agentur", "UPI": "United Press International",
    "AI": "Amnesty International", "HRW": "Human Rights Watch",
    "ICG": "International Crisis Group", "Bkk Post": "Bangkok Post",
}
"""Abbreviations UCDP's source texts use for outlets, and the outlets' names."""
_ABBREVIATED = {short.lower(): name for short, name in OUTLET_NAMES.items()}
_AGENCY = re.compile(r"\b(Reuters|Xinhua|AFP|AP|BBC|DPA|UPI|Associated Press|"
                     r"Agence France-Presse)\b")
"""News agencies recognised wherever a free text names them (after a headline, say)."""
# Where citations part: `;`, `,`, or a full stop after a date ("r 1989-08-17.  AP ...").
_CITATIONS = re.compile(r"[;,]|(?<=\d)\.\s+")
# "Outlet, Headline, 2013-04-17": one article, outlet first and its date last.
_DATE_LAST = re.compile(r",\s*\d{4}-\d{2}-\d{2}\W*\Z")
# BBC Monitoring's "Outlet, City, in Language date": the city is no outlet.
_IN_LANGUAGE = re.compile(r"\s*in [A-Z]")
# "Surname, Given (2003)": an author's name, not two outlets.
_AUTHOR_YEAR = re.compile(r"\s*[A-Z][\w'-]*\s+\(\d{4}\)")
_WORD = re.compile(r"[A-Za-z]{3,}")
_EDGES = " .:;-`'\u2018\u2019"


def outlet_name(name: str) -> str:
    """An outlet's name, with UCDP's abbreviations written out ("R" is Reuters)."""
    return _ABBREVIATED.get(name.lower(), name)


def split_articles(text: str) -> list[tuple[str, str, str]]:
    """`"Outlet,2015-05-13,Headline";"..."` as (outlet, date, headline); [] if not that form."""
    text = text.strip()
    if not text.startswith('"'):
        match = _ARTICLE.match(text)
        return [match.groups()] if match else []  # type: ignore[list-item]
    out = []
    for part in re.split(r'"\s*;\s*"', text.strip('"')):
        match = _ARTICLE.match(part)
        if match is None:
            return []
        out.append((match.group(1), match.group(2), match.group(3).strip()))
    return out


def _is_headline(text: str) -> bool:
    """Whether what follows an outlet's name holds words other than a date's."""
    return any(word.lower() not in MONTHS for word in _WORD.findall(text))


def guess_outlets(text: str) -> list[str]:
    """Outlet names in an older free-text source_article: "Bangkok Post 7/3, AP 20/12".

    A citation is an outlet, then its date, then perhaps a headline: the words after the
    date (or, in "Outlet, Headline, 2013-04-17", before it) are the headline, and after a
    headline only news agencies named in the text are outlets. A city ("Outlet, Bangkok,
    in English ..."), an author's name, a month and a web address are no outlets.
    """
    text = text.split('"', 1)[0].split("\u201c", 1)[0]
    parts = _CITATIONS.split(text)
    if len(parts) > 2 and _DATE_LAST.search(text):
        parts = parts[:1]
    names: list[str] = []

    def add(name: str) -> None:
        name = outlet_name(name)
        if name not in names:
            names.append(name)

    for n, part in enumerate(parts):
        following = parts[n + 1] if n + 1 < len(parts) else ""
        part = part.strip(_EDGES)
        if _IN_LANGUAGE.match(following) or _AUTHOR_YEAR.match(following) \
                or _AUTHOR_YEAR.match(part):
            continue
        name = _OUTLET_END.split(part, 1)[0]
        words = name.split()
        rest = part[len(name):]
        while words and words[-1].lower() in MONTHS:  # "KNU Situation Report May 3-29"
            words.pop()
        headline = _is_headline(rest)
        if headline and words and words[0].lower() in _ABBREVIATED:
            words = words[:1]  # "AI Myanmar: The Killings Continue"
        name = " ".join(words).strip(_EDGES)
        if name and len(name) <= 80 and (name[0].isupper() or name.lower() in _ABBREVIATED) \
                and not name.lower().startswith(("http", "www")):
            add(name)
        if headline:
            for agency in _AGENCY.findall(" ".join([rest, *parts[n + 1:]])):
                add(agency)
            break
    return names


def _end_of(day: Day, precision: DatePrecision) -> Day:
    if precision is DatePrecision.WEEK:
        return min(day + dt.timedelta(days=6), LAST_HELD)
    if precision is DatePrecision.MONTH:
        return DateSpan.month(day.year, day.month).latest
    if precision is DatePrecision.YEAR:
        return Day.last_of(day.year)
    return day


LAST_HELD = Day.last_of(DAY_YEARS[-1])


def describe(path: Path) -> tuple[str, str]:
    """The title and description of a dataset imported from a UCDP GED file."""
    return f"{path.stem} (UCDP GED)", f"Imported from {path.name} (UCDP GED export)."


def _not_ucdp(columns: Columns | None) -> str:
    found = columns.describe() if columns else "none"
    return f"has no date_start column, so it is not a UCDP GED file (columns: {found})"


def read(ctx: ImportContext) -> Iterator[Record]:
    """Every row of a UCDP GED export (CSV, or JSON from the API) as an Event or a SkippedRow."""
    return read_table(ctx, FORMAT)


REQUIRED = "date_start"
"""The column that makes a CSV file a UCDP GED file."""


class RowReader:
    """Turns the fields of one row into an Event (column positions looked up once); `notes`
    holds what was worth saying about the last row."""

    def __init__(self, columns: Columns) -> None:
        get = columns.get
        self.positions = {name: get(name) for name in MAPPED | {
            "relid", "dyad_name", "conflict_name", "source_original", "type_of_violence"}}
        self.attributes = [(i, n) for i, n in enumerate(columns.names)
                           if ALIASES.get(n, n) not in MAPPED | REDUNDANT and n
                           and get(ALIASES.get(n, n)) == i]
        self.notes: list[ImportNote] = []

    def event(self, fields: list[str], line: int) -> Event | SkippedRow:
        """The row's event, or why it is skipped."""
        self.notes = []
        return _event(fields, line, self.positions, self.attributes, self.notes)


def _event(f: list[str], line: int, i: dict[str, int | None],
           attribute_columns: list[tuple[int, str]], notes: list[ImportNote]
           ) -> Event | SkippedRow:
    """The row's event, or why it was skipped; `notes` collects what is worth saying."""
    raw_start, raw_end = cell(f, i["date_start"]), cell(f, i["date_end"])
    start = parse_date(raw_start)
    if start is None:
        return SkippedRow(line, f"date_start '{short(raw_start)}' is not a date"
                          if raw_start else "date_start is empty")
    raw_prec = cell(f, i["date_prec"]).removesuffix(".0")
    precision = PRECISION.get(raw_prec)
    if precision is None:
        return SkippedRow(line, f"date_prec '{short(raw_prec)}' is not 1 to 5")
    end = parse_date(raw_end) if raw_end else _end_of(start, precision)
    if end is None:
        return SkippedRow(line, f"date_end '{short(raw_end)}' is not a date")
    if end < start:
        return SkippedRow(line, f"date_end {end.isoformat()} is before date_start "
                                f"{start.isoformat()}")
    figures = {}
    for name in ("best", "low", "high"):
        value = parse_count(cell(f, i[name]))
        if isinstance(value, str):
            return SkippedRow(line, f"{name} {value}")
        figures[name] = value
    best, low, high = figures["best"], figures["low"], figures["high"]
    casualties: tuple[CasualtyRecord, ...] = ()
    if best is not None:
        # A bound on the wrong side of the best estimate (a real GED row has high 0 with
        # best 3) is an unknown bound: it is left out rather than losing the event.
        if low is not None and low > best:
            notes.append(ImportNote(line, f"low {low} is more than best {best}; left out"))
            low = None
        if high is not None and high < best:
            notes.append(ImportNote(line, f"high {high} is less than best {best}; left out"))
            high = None
        if best or high:
            casualties = (CasualtyRecord(CasualtyType.KILLED, best, low=low, high=high),)
    latitude = parse_coordinate(cell(f, i["latitude"]), "latitude", 90)
    longitude = parse_coordinate(cell(f, i["longitude"]), "longitude", 180)
    if isinstance(latitude, str) or isinstance(longitude, str):
        return SkippedRow(line, latitude if isinstance(latitude, str) else str(longitude))

    raw_id = cell(f, i["id"]) or cell(f, i["relid"])
    event_id = make_id(raw_id) or f"ucdp-line-{line}"
    side_a, side_b = cell(f, i["side_a"]), cell(f, i["side_b"])
    actors = tuple(actor(name, role) for name, role in ((side_a, ActorRole.SIDE_A),
                                                         (side_b, ActorRole.SIDE_B)) if name)
    where = cell(f, i["where_coordinates"]) or cell(f, i["where_description"])
    admin, country = cell(f, i["adm_1"]), cell(f, i["country"])
    place = None
    if where or admin or country:
        place = Place(where or admin or country, admin or None, country or None, latitude,
                      longitude, WHERE_PRECISION.get(cell(f, i["where_prec"])))
    violence = cell(f, i["type_of_violence"]).removesuffix(".0")
    dyad = cell(f, i["dyad_name"]) or " - ".join(a.name for a in actors) \
        or cell(f, i["conflict_name"]) or f"{UCDP_VIOLENCE.get(violence, 'organised')} violence"
    title = dyad + (f" in {where}" if where else "")

    article = cell(f, i["source_article"])
    articles = split_articles(article) if article else []
    if articles:
        sources = tuple(dict.fromkeys(outlet(outlet_name(name)) for name, _, _ in articles))
        lines = [f"{name} ({day}): {headline}" if headline else f"{name} ({day})"
                 for name, day, headline in articles]
    else:
        sources = tuple(outlet(name) for name in guess_outlets(article))
        lines = [f"Source: {article}"] if article else []
    original = "; ".join(split_list(cell(f, i["source_original"]).replace("\n", ";")))
    if original:
        lines.append(f"Original source: {original}")
    attributes = tuple((name, value) for index, name in attribute_columns
                       if (value := cell(f, index)))
    return Event(
        id=event_id,
        title=title_from(title),
        kind=KIND_FOR_UCDP_VIOLENCE.get(violence, EventKind.OTHER),
        date=DateSpan(start, end, precision),
        certainty=Certainty.REPORTED,
        place=place,
        actors=actors,
        casualties=casualties,
        sources=tuple(s for s in sources if isinstance(s, Source)),
        notes="\n".join(lines),
        attributes=attributes,
    )


FORMAT = CsvFormat("ucdp", ALIASES, REQUIRED, describe, _not_ucdp, RowReader,
                   lambda reader, _line: list(reader.notes))
