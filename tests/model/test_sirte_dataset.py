"""The bundled Sirte dataset: loads, is in order, and quotes its seed report faithfully."""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from pathlib import Path

import pytest

from model.days import Day
from model.dataset import Dataset, load_dataset
from model.event import CasualtyQualifier, CasualtyScope, CasualtyType, Certainty, Event
from model.kinds import EventKind

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "sirte-2016.toml"
SEED = ROOT / "seeds" / "000_74bcfdcbab6465dd.txt"
DOCUMENT_ID = "ibtimes-sirte"
OFFENSIVE_START = Day(2016, 5, 12)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_bytes().decode("utf-8")


def by_id(dataset: Dataset, event_id: str) -> Event:
    matches = [event for event in dataset.events if event.id == event_id]
    assert len(matches) == 1, event_id
    return matches[0]


def events_with_figure(dataset: Dataset, kind: CasualtyType, count: int) -> list:
    return [
        (event, record)
        for event in dataset.events
        for record in event.casualty(kind)
        if record.count == count
    ]


def test_has_enough_events(dataset: Dataset) -> None:
    assert len(dataset.events) >= 15


def test_events_are_in_chronological_order(dataset: Dataset) -> None:
    keys = [event.date.sort_key for event in dataset.events]
    assert keys == sorted(keys)


def test_same_day_events_keep_the_order_of_the_file(dataset: Dataset) -> None:
    table = tomllib.loads(DATA.read_text(encoding="utf-8"))
    in_file = [t["id"] for t in table["events"]]
    for before, after in zip(dataset.events, dataset.events[1:]):
        if before.date.sort_key == after.date.sort_key:
            assert in_file.index(before.id) < in_file.index(after.id)


def test_first_event_is_the_launch_of_the_offensive(dataset: Dataset) -> None:
    first = dataset.events[0]
    assert first.kind is EventKind.OFFENSIVE
    assert first.certainty is Certainty.CONFIRMED
    assert first.date.earliest == first.date.latest == OFFENSIVE_START
    assert not first.date.inferred
    assert "public record" in first.notes


def test_last_event_is_the_liberation_forecast(dataset: Dataset) -> None:
    last = dataset.events[-1]
    assert last.kind is EventKind.FORECAST
    assert last.certainty is Certainty.FORECAST
    assert last.date.earliest == Day(2016, 6, 12)
    assert last.date.latest == Day(2016, 6, 13)
    assert last.date.forecast and last.date.inferred
    assert any(
        source.claimant and "Ghassri" in source.claimant and source.channels == ("AFP",)
        for source in last.sources
    )


def test_reference_date_is_inferred(dataset: Dataset) -> None:
    info = dataset.info
    assert info.reference_date == dt.date(2016, 6, 10)
    assert info.reference_date_inferred
    assert info.reference_note
    (document,) = info.documents
    assert document.id == DOCUMENT_ID
    assert document.published == dt.date(2016, 6, 10) and document.published_inferred


def test_thursday_is_the_ninth_of_june(dataset: Dataset) -> None:
    thursday = [
        event for event in dataset.events
        if any("on Thursday" in quote.text for quote in event.quotes)
    ]
    assert thursday
    for event in thursday:
        assert event.date.earliest == event.date.latest == Day(2016, 6, 9)
        assert event.date.inferred


@pytest.mark.parametrize(
    ("kind", "at_least"),
    [
        (EventKind.ENTRY, 1),
        (EventKind.CAPTURE, 2),
        (EventKind.AIR_STRIKE, 1),
        (EventKind.NAVAL_CONTROL, 1),
        (EventKind.CASUALTIES, 1),
        (EventKind.FORECAST, 1),
        (EventKind.CLASH, 1),
        (EventKind.HAZARD, 1),
    ],
)
def test_kinds_present(dataset: Dataset, kind: EventKind, at_least: int) -> None:
    assert sum(event.kind is kind for event in dataset.events) >= at_least


def test_seed_matches_the_recorded_sha256(dataset: Dataset) -> None:
    (document,) = dataset.info.documents
    assert document.path is not None
    assert (DATA.parent / document.path).resolve() == SEED.resolve()
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == document.sha256


def test_every_quote_is_verbatim_at_its_offsets(dataset: Dataset, seed_text: str) -> None:
    count = 0
    for event in dataset.events:
        for quote in event.quotes:
            assert quote.document == DOCUMENT_ID, event.id
            assert 0 <= quote.start < quote.end <= len(seed_text), event.id
            assert quote.end - quote.start == len(quote.text), event.id
            assert seed_text[quote.start:quote.end] == quote.text, event.id
            count += 1
    assert count >= len(dataset.events)


def test_no_quote_comes_from_the_photo_caption_or_credit(
    dataset: Dataset, seed_text: str
) -> None:
    caption = "Libyan forces claim to have entered the centre of Isis stronghold Sirte"
    credit = "Goran Tomasevic/Reuters file photo"
    # The photo block is its own line: a heading, the caption and the credit.
    block_start = seed_text.index("Isis in Libya\n")
    block_end = seed_text.index(credit) + len(credit)
    assert block_start < seed_text.index(caption) < block_end
    for event in dataset.events:
        for quote in event.quotes:
            assert quote.end <= block_start or quote.start >= block_end, event.id
            assert "Tomasevic" not in quote.text and "Reuters" not in quote.text
        assert "Tomasevic" not in event.title


def test_every_event_has_a_source_and_a_quote(dataset: Dataset) -> None:
    for event in dataset.events:
        assert event.sources, event.id
        assert event.quotes, event.id
        for source in event.sources:
            assert source.outlet == "IBTimes UK", event.id
            assert source.document == DOCUMENT_ID, event.id


def test_incident_figures_are_one_incident(dataset: Dataset) -> None:
    killed = events_with_figure(dataset, CasualtyType.KILLED, 6)
    wounded = events_with_figure(dataset, CasualtyType.WOUNDED, 15)
    assert len(killed) == len(wounded) == 1
    for event, record in killed + wounded:
        assert record.scope is CasualtyScope.INCIDENT
        assert record.qualifier is CasualtyQualifier.EXACT
        assert record.since is None
        assert "20km outside Sirte" in " ".join(quote.text for quote in event.quotes)
    assert killed[0][0] is wounded[0][0]


def test_offensive_figures_are_cumulative_since_the_launch(dataset: Dataset) -> None:
    killed = events_with_figure(dataset, CasualtyType.KILLED, 100)
    wounded = events_with_figure(dataset, CasualtyType.WOUNDED, 490)
    assert len(killed) == len(wounded) == 1
    (event, dead), (_, hurt) = killed[0], wounded[0]
    assert event is wounded[0][0]
    assert event.kind is EventKind.CASUALTIES
    for record in (dead, hurt):
        assert record.scope is CasualtyScope.CUMULATIVE
        assert record.since == OFFENSIVE_START
    assert dead.qualifier is CasualtyQualifier.MORE_THAN
    assert dead.party == "Libyan forces"
    assert hurt.qualifier is CasualtyQualifier.ABOUT
    assert any(source.claimant == "The Guardian" for source in event.sources)


def test_naval_claim_travels_through_afp_and_al_jazeera(dataset: Dataset) -> None:
    (event,) = [e for e in dataset.events if e.kind is EventKind.NAVAL_CONTROL]
    (source,) = event.sources
    assert source.claimant and "Rida Issa" in source.claimant
    assert source.channels == ("AFP", "Al Jazeera")


def test_barracks_have_no_invented_coordinates(dataset: Dataset) -> None:
    for event in dataset.events:
        place = event.place
        if place and "barracks" in place.name.lower():
            assert place.latitude is None and place.longitude is None, event.id


def test_dates_derived_from_the_report_are_marked_inferred(dataset: Dataset) -> None:
    for event in dataset.events:
        if event.date.latest >= Day(2016, 6, 9):
            assert event.date.inferred, event.id
