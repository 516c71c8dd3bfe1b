"""Counts print alike everywhere: "200,000", never "200000" in one place and "200,000" in
another."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from model.days import Day
from model.casualties import CasualtySummary
from model.dataset import DatasetInfo
from model.dates import DateSpan
from model.event import CasualtyRecord, CasualtyType, Certainty, Event
from model.importers import ImportReport
from model.kinds import EventKind
from model.report import casualty_badge, show_lines, summary_lines
from model.store import EventStore
from model.text import counted


@given(st.integers(min_value=0, max_value=10**12))
def test_a_count_is_its_digits_in_groups_of_three(n: int) -> None:
    text = counted(n)
    groups = text.split(",")
    assert "".join(groups) == str(n)
    assert 1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])


def test_a_noun_follows_in_the_singular_for_one() -> None:
    assert counted(1, "event") == "1 event"
    assert counted(0, "event") == "0 events"
    assert counted(200_000, "row") == "200,000 rows"
    assert counted(2, "match", "matches") == "2 matches"


def big_event() -> Event:
    return Event("big", "A big one", EventKind.EXPLOSION, DateSpan.day(Day(2020, 1, 2)),
                 Certainty.REPORTED, casualties=(CasualtyRecord(
                     CasualtyType.KILLED, 200_000, low=150_000, high=250_000),))


def test_a_casualty_figure_prints_its_count_as_the_badge_does() -> None:
    event = big_event()
    assert casualty_badge(event) == "200,000\u2020"
    assert event.casualties[0].figure() == "200,000 killed (range 150,000\u2013250,000)"
    assert "  - 200,000 killed (range 150,000\u2013250,000): one incident" in show_lines(event)
    store = EventStore.from_events([event], DatasetInfo(title="t"))
    summary: CasualtySummary = store.casualty_summary()
    assert summary_lines(1, 1, summary)[0].startswith("1 of 1 event \u00b7 200,000 killed")


def test_the_import_summary_prints_counts_with_separators() -> None:
    report = ImportReport(path=Path("a.csv"), format="acled", imported=12_345)
    report.skipped_count = 1
    assert report.summary() == "imported 12,345 events from a.csv (1 row skipped)"
