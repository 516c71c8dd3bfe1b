"""Several files as one timeline: one chronological order, each event keeping its file, ids
qualified where two files share one, the `file:` filter, and the same event matched across
files (corroborated / uncorroborated), counted once in a casualty summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.dataset import DatasetInfo
from model.dates import DateSpan
from model.days import Day
from model.event import (
    CasualtyQualifier,
    CasualtyRecord,
    CasualtyScope,
    CasualtyType,
    Certainty,
    Event,
    GeoPrecision,
    Place,
)
from model.importers.common import SOURCE_ID
from model.kinds import EventKind
from model.query import parse
from model.source_set import combined, corroborate, tags_for
from model.store import EventStore


def q(text: str):  # type: ignore[no-untyped-def]
    query = parse(text)
    assert not hasattr(query, "caret"), query
    return query


def killed(n: int) -> tuple[CasualtyRecord, ...]:
    return (CasualtyRecord(CasualtyType.KILLED, n, CasualtyQualifier.EXACT,
                           CasualtyScope.INCIDENT),)


def event(event_id: str, day: int, kind: EventKind = EventKind.CLASH, *, lat: float = 31.2,
          lon: float = 16.6, dead: int = 0, place: str = "Sirte") -> Event:
    return Event(event_id, f"{kind.value} at {place}", kind, DateSpan.day(Day(2016, 6, day)),
                 Certainty.REPORTED,
                 Place(place, None, "Libya", lat, lon, GeoPrecision.EXACT),
                 casualties=killed(dead) if dead else ())


def store_of(events: list[Event], title: str, path: str) -> EventStore:
    return EventStore.from_events(events, DatasetInfo(title=title), path=Path(path))


def test_tags_are_two_letters_and_differ() -> None:
    assert tags_for(["sirte-2016", "acled-2016", "acled-2020", "2019"]) == (
        "SI", "AC", "A2", "F4")


def test_one_order_each_event_its_file_and_ids_qualified_where_they_clash() -> None:
    first = store_of([event("a", 9), event("shared", 12)], "Report", "report.toml")
    second = store_of([event("b", 10), event("shared", 11)], "ACLED", "acled.csv")
    store = combined([first, second], ("RE", "AC"))
    events = list(store.iter_events())
    assert [e.id for e in events] == ["a", "b", "AC:shared", "RE:shared"]
    assert dict(events[2].attributes)[SOURCE_ID] == "shared"  # exports write the file's own
    marks = store.file_marks(store.positions())
    assert [marks[pos][0] for pos in store.positions()] == [0, 1, 1, 0]
    assert [(f.tag, f.name, f.events) for f in store.files()] == [
        ("RE", "report", 2), ("AC", "acled", 2)]
    assert store.count(q("file:AC")) == 2 and store.count(q("file:report")) == 2
    assert store.count(q("-file:acled")) == 2


def test_the_same_event_in_two_files_is_corroborated_and_counted_once() -> None:
    claim = store_of([event("claim", 9, EventKind.CAPTURE, dead=6),
                      event("alone", 20, EventKind.PROTEST, lat=32.9, lon=13.2,
                            place="Tripoli")], "Report", "report.toml")
    coded = store_of([event("coded", 9, EventKind.CAPTURE, lat=31.25, lon=16.62, dead=7)],
                     "ACLED", "acled.csv")
    store = combined([claim, coded], ("RE", "AC"))
    corroborate(store)
    assert [e.id for e in store.iter_events(q("corroborated"))] == ["claim", "coded"]
    assert [e.id for e in store.iter_events(q("uncorroborated"))] == ["alone"]
    assert [e.id for e in store.iter_events(q("corroborated:AC"))] == ["claim"]
    position = store.position_of("claim")
    assert position is not None
    found = store.corroboration(position)
    assert found.corroborated and found.matches[0].source == 1
    assert any("same day" in reason for reason in found.matches[0].reasons)
    line = store.casualty_summary().line(CasualtyType.KILLED)
    assert line.total == 6  # not 13: one incident, by its lower figure
    alone = store.position_of("alone")
    assert alone is not None
    (nearest,) = store.corroboration(alone).nearest
    assert nearest.source == 1 and nearest.why


@pytest.mark.parametrize("query", ["corroborated", "uncorroborated", "corroborated:AC"])
def test_a_store_of_one_file_has_nothing_corroborated(query: str) -> None:
    store = store_of([event("a", 9)], "one", "one.toml")
    assert store.count(q(query)) == (1 if query == "uncorroborated" else 0)


def test_a_download_and_a_larger_one_holding_it(tmp_path: Path) -> None:
    from model.source_set import open_files

    larger = Path(__file__).parents[1] / "fixtures" / "acled" / "acled-2020-export-tool.csv"
    lines = larger.read_bytes().splitlines(keepends=True)
    part = tmp_path / "acled-part.csv"
    part.write_bytes(b"".join(lines[:101]))  # the header and the first 100 events
    both = open_files([part, larger]).opened.store
    alone = open_files([larger]).opened.store
    assert [f.tag for f in both.files()] == ["AC", "A2"]
    assert both.count(q("file:AC")) == 100 and both.count(q("file:A2")) == 300
    assert both.count(q("file:AC uncorroborated")) == 0  # every shared event has its twin
    for event in both.iter_events(q("file:AC")):
        position = both.position_of(event.id)
        assert position is not None
        (twin,) = both.corroboration(position).matches
        (found,) = both.by_positions([twin.position]).values()
        assert dict(found.attributes).get(SOURCE_ID) == dict(event.attributes)[SOURCE_ID]
    assert both.casualty_summary().line(CasualtyType.KILLED).total == \
        alone.casualty_summary().line(CasualtyType.KILLED).total
