"""Figures of exactly none ("0 fatalities", ACLED's most common figure) are kept in the store
as bits on the event's row: every query and summary answers as if each were a row."""

from __future__ import annotations

import csv
import datetime as dt
import operator
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from model.days import Day
from model.casualties import EventListFigures, summarise
from model.dataset import DatasetInfo
from model.dates import DateSpan
from model.event import (
    CasualtyQualifier,
    CasualtyRecord,
    CasualtyScope,
    CasualtyType,
    Certainty,
    Event,
)
from model.kinds import EventKind
from model.loading import open_path
from model.query import Query, parse
from model.store import EventStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "acled"
INFO = DatasetInfo(title="zero figures")
OPS = {"=": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt,
       ">=": operator.ge}


@st.composite
def figures(draw: st.DrawFn, day: Day) -> CasualtyRecord:
    scope = draw(st.sampled_from(CasualtyScope))
    return CasualtyRecord(
        draw(st.sampled_from((CasualtyType.KILLED, CasualtyType.WOUNDED))),
        draw(st.sampled_from((0, 0, 0, 1, 3))),
        draw(st.sampled_from((CasualtyQualifier.EXACT, CasualtyQualifier.EXACT,
                              CasualtyQualifier.AT_LEAST))),
        scope, day - dt.timedelta(days=3) if scope is CasualtyScope.CUMULATIVE else None)


@st.composite
def zero_heavy_events(draw: st.DrawFn) -> list[Event]:
    events = []
    for n in range(draw(st.integers(1, 12))):
        day = Day(2016, 6, draw(st.integers(1, 20)))
        records = tuple(draw(st.lists(figures(day), max_size=3)))
        events.append(Event(f"e{n}", f"event {n}", EventKind.CLASH, DateSpan.day(day),
                            Certainty.REPORTED, casualties=records))
    return events


def _matches(event: Event, kind: str, op: str, value: int, scope: str | None) -> bool:
    return any(c.type.value == kind and OPS[op](c.count, value)
               and (scope is None or c.scope.value == scope) for c in event.casualties)


QUESTIONS = [(kind, op, value, scope) for kind in ("killed", "wounded")
             for op in OPS for value in (0, 1, 2) for scope in (None, "incident", "cumulative")]


@settings(max_examples=80, deadline=None)
@given(zero_heavy_events())
def test_queries_on_figures_answer_as_the_events_say(events: list[Event]) -> None:
    store = EventStore.from_events(events, INFO)
    for kind, op, value, scope in QUESTIONS:
        text = f"{kind}{op}{value}" + (f" scope:{scope}" if scope else "")
        query = parse(text)
        assert isinstance(query, Query), text
        expected = {e.id for e in events if _matches(e, kind, op, value, scope)}
        assert {e.id for e in store.iter_events(query)} == expected, text
        negated = parse(f"-({text})")
        assert isinstance(negated, Query)
        assert {e.id for e in store.iter_events(negated)} == \
            {e.id for e in events} - expected, text
    for scope in ("incident", "cumulative"):
        query = parse(f"scope:{scope}")
        assert isinstance(query, Query)
        assert {e.id for e in store.iter_events(query)} == \
            {e.id for e in events if any(c.scope.value == scope for c in e.casualties)}


@settings(max_examples=80, deadline=None)
@given(zero_heavy_events())
def test_summaries_count_figures_of_none(events: list[Event]) -> None:
    store = EventStore.from_events(events, INFO)
    assert store.casualty_summary() == summarise(EventListFigures(events))
    query = parse("killed<=1")
    assert isinstance(query, Query)
    assert store.casualty_summary(query) == \
        summarise(EventListFigures(store.iter_events(query)))


def test_acled_zero_fatalities_are_found_once_per_event(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = FIXTURES / "acled-2020-export-tool.csv"
    with open(path, newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    zero = {r["event_id_cnty"] for r in rows if r["fatalities"].strip() == "0"}
    some = {r["event_id_cnty"] for r in rows if r["fatalities"].strip() not in ("", "0")}
    assert zero and some
    store = open_path(path).store
    for text, expected in (("killed:0", zero), ("killed<1", zero), ("killed>=0", zero | some),
                           ("killed>0", some)):
        query = parse(text)
        assert isinstance(query, Query)
        assert {e.id for e in store.iter_events(query)} == expected, text
    line = store.casualty_summary().line(CasualtyType.KILLED)
    assert line.incidents.added_records == len(zero | some)
