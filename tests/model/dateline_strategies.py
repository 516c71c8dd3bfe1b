"""Hypothesis strategies shared by the model tests: events, datasets and filter queries.

The query strategy follows the grammar in `model.query` (and docs/query-language.md), so
every string it draws is a query the parser must accept.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import tomli_w
from hypothesis import strategies as st

from model.days import Day
from model.dataset import DatasetInfo
from model.dataset_write import dataset_to_table
from model.dates import DatePrecision, DateSpan
from model.event import (
    Actor,
    ActorRole,
    CasualtyQualifier,
    CasualtyRecord,
    CasualtyScope,
    CasualtyType,
    Certainty,
    Event,
    GeoPrecision,
    Link,
    Place,
    Quote,
    Source,
)
from model.kinds import EventKind

FIRST_DAY = Day(2016, 5, 1)
LAST_DAY = Day(2016, 7, 31)

# -- events -------------------------------------------------------------------------------

ids = st.from_regex(r"[a-z0-9][a-z0-9._:-]{0,12}", fullmatch=True)
days = st.integers(FIRST_DAY.ordinal, LAST_DAY.ordinal).map(Day.fromordinal)

# Any text TOML can hold (no surrogates), which the loader accepts as non-empty.
text = st.text(max_size=20)
nonblank = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() != "")
optional_text = st.none() | nonblank


@st.composite
def spans(draw: st.DrawFn, *, max_days: int = 10) -> DateSpan:
    """A span inside FIRST_DAY..LAST_DAY of up to `max_days` days, any precision and flags."""
    earliest = draw(days)
    latest = earliest + dt.timedelta(days=draw(st.integers(0, max_days - 1)))
    return DateSpan(earliest, latest, draw(st.sampled_from(DatePrecision)), draw(st.booleans()),
                    draw(st.booleans()))


@st.composite
def casualty_records(draw: st.DrawFn, span: DateSpan, *, valid: bool = True
                     ) -> CasualtyRecord:
    """A casualty figure for an event dated `span`; with `valid`, one the loader accepts."""
    scope = draw(st.sampled_from(CasualtyScope))
    count = draw(st.integers(0, 500))
    since = None
    if scope is CasualtyScope.CUMULATIVE:
        since = draw(st.integers(FIRST_DAY.ordinal - 30, span.latest.ordinal).map(Day.fromordinal))
        if not valid and draw(st.booleans()):
            since = None  # the model tolerates a cumulative figure without `since`
    low = draw(st.none() | st.integers(0, count))
    high = draw(st.none() | st.integers(count, count + 100))
    return CasualtyRecord(draw(st.sampled_from(CasualtyType)), count,
                          draw(st.sampled_from(CasualtyQualifier)), scope, since, low, high,
                          draw(optional_text))


@st.composite
def casualty_events(draw: st.DrawFn) -> list[Event]:
    """Events with unique ids, most of them carrying casualty figures of either scope."""
    chosen = draw(st.lists(ids, min_size=0, max_size=12, unique=True))
    events = []
    for event_id in chosen:
        span = draw(spans(max_days=20))
        records = draw(st.lists(casualty_records(span, valid=False), max_size=3))
        events.append(Event(event_id, f"event {event_id}", draw(st.sampled_from(EventKind)), span,
                            draw(st.sampled_from(Certainty)), casualties=tuple(records)))
    return events


@st.composite
def events(draw: st.DrawFn, event_id: str) -> Event:
    """A full event with every field drawn, valid for the dataset loader."""
    span = draw(spans())
    place = draw(st.none() | st.builds(
        Place, nonblank, optional_text, optional_text,
        st.none() | st.floats(-90, 90, allow_nan=False),
        st.none() | st.floats(-180, 180, allow_nan=False),
        st.none() | st.sampled_from(GeoPrecision),
    ))
    actors = draw(st.lists(st.builds(Actor, nonblank, st.sampled_from(ActorRole), optional_text),
                           max_size=3))
    sources = draw(st.lists(
        st.builds(Source, optional_text, st.lists(nonblank, max_size=2).map(tuple),
                  optional_text, optional_text).filter(lambda s: bool(s.names())),
        max_size=2,
    ))
    quotes = []
    for quote_text in draw(st.lists(nonblank, max_size=2)):
        start = draw(st.integers(0, 5000))
        quotes.append(Quote(quote_text, start, start + len(quote_text)))
    return Event(
        id=event_id,
        title=draw(nonblank),
        kind=draw(st.sampled_from(EventKind)),
        date=span,
        certainty=draw(st.sampled_from(Certainty)),
        place=place,
        actors=tuple(actors),
        casualties=tuple(draw(st.lists(casualty_records(span), max_size=2))),
        sources=tuple(sources),
        quotes=tuple(quotes),
        tags=tuple(draw(st.lists(nonblank, max_size=3))),
        notes=draw(text),
        links=tuple(draw(st.lists(st.builds(Link, nonblank, optional_text, optional_text),
                                  max_size=1))),
        attributes=tuple(draw(st.dictionaries(text, text, max_size=2)).items()),
    )


@st.composite
def datasets(draw: st.DrawFn, *, max_events: int = 8) -> tuple[DatasetInfo, list[Event]]:
    """Dataset info and events with unique ids (no source documents, so quotes are free)."""
    chosen = draw(st.lists(ids, min_size=1, max_size=max_events, unique=True))
    info = DatasetInfo(title=draw(nonblank), description=draw(text))
    return info, [draw(events(event_id)) for event_id in chosen]


def write_dataset(path: Path, info: DatasetInfo, items: list[Event]) -> Path:
    """Write a dataset file the way an exporter would: tomli_w over dataset_to_table."""
    with open(path, "wb") as stream:
        tomli_w.dump(dataset_to_table(info, items), stream)
    return path


# -- queries ------------------------------------------------------------------------------

KINDS = [kind.value for kind in EventKind]
CERTAINTIES = [c.value for c in Certainty]
WORDS = ["sirte", "tagreft", "barracks", "gna", "mines", "ghassri", "air", "ouagadougou",
         "TAGRÉFT", "Misrata", "libyan", "coast", "wounded", "Sirte-based"]
PHRASES = ['"libyan forces"', '"booby-trapped vehicles"', '"entire coast"', '"no such thing"',
           '"IS (Daesh)"']
ACTORS = ["GNA", "misrata", "Islamic State", "navy", "air force", "Bunyan"]
PLACES = ["sirte", "tagreft", "western entrance", "coast", "libya", "nowhere"]
SOURCES = ["AFP", "Al Jazeera", "guardian", "facebook", "ibtimes", "reuters"]
TAGS = ["barracks", "sirte", "mines", "forecast", "casualties", "gna-statement", "none"]
QUERY_DAYS = st.dates(min_value=dt.date(2016, 5, 1), max_value=dt.date(2016, 6, 30))


def _joined(items: list[str]) -> str:
    # A value list is quoted as a whole when any value holds a space: actor:"GNA,Islamic State".
    text = ",".join(items)
    return f'"{text}"' if " " in text else text


def _list(values: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(values), min_size=1, max_size=3).map(_joined)


@st.composite
def one_date(draw: st.DrawFn) -> str:
    """A date at some precision, as a person would type it into a query."""
    day = draw(QUERY_DAYS)
    form = draw(st.sampled_from(["year", "month", "iso", "words"]))
    if form == "year":
        return str(day.year)
    if form == "month":
        return f"{day:%Y-%m}"
    if form == "iso":
        return day.isoformat()
    return f'"{day.day} {day:%B} {day.year}"'


@st.composite
def date_terms(draw: st.DrawFn) -> str:
    """date:, after:, before: and within: with one date or (date:, within:) a range."""
    field = draw(st.sampled_from(["date", "after", "before", "within"]))
    if field in ("date", "within") and draw(st.booleans()):
        first, last = sorted(draw(st.lists(QUERY_DAYS, min_size=2, max_size=2)))
        left = draw(st.sampled_from([first.isoformat(), ""]))
        right = draw(st.sampled_from([last.isoformat(), ""]) if left else st.just(last.isoformat()))
        return f"{field}:{left}..{right}"
    value = draw(one_date())
    return f"{field}:{value}"


number_terms = st.builds(
    lambda kind, op, n: f"{kind}{op}{n}",
    st.sampled_from(["killed", "wounded"]),
    st.sampled_from([">=", "<=", ">", "<", "=", ":"]),
    st.integers(0, 600),
)

atoms = st.one_of(
    _list(KINDS).map("kind:".__add__),
    _list(CERTAINTIES).map("certainty:".__add__),
    _list(ACTORS).map("actor:".__add__),
    _list(PLACES).map("place:".__add__),
    _list(SOURCES).map("source:".__add__),
    _list(TAGS).map("tag:".__add__),
    st.sampled_from(["id:liberation-forecast", "id:gna-offensive-launched,victory-videos"]),
    st.sampled_from(["scope:incident", "scope:cumulative"]),
    date_terms(),
    number_terms,
    st.sampled_from(WORDS),
    st.sampled_from(PHRASES),
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    several = st.lists(children, min_size=2, max_size=3)
    return st.one_of(
        several.map(" ".join),
        several.map(" and ".join),
        several.map(lambda items: "(" + " or ".join(items) + ")"),
        several.map(" OR ".join),
        children.map(lambda item: f"-({item})"),
        children.map(lambda item: f"-{item}"),
        children.map(lambda item: f"not ({item})"),
    )


queries = st.recursive(atoms, _combine, max_leaves=6)
"""Query texts drawn from the whole grammar: fields, dates, numbers, words, or/not/parens."""
