"""Casualty summaries never add an incident figure into a cumulative total that covers it."""

from __future__ import annotations


import pytest
from dateline_strategies import casualty_events, queries
from hypothesis import given, settings
from hypothesis import strategies as st

from model.days import Day
from model.casualties import (
    CasualtyLine,
    CasualtySummary,
    EventListFigures,
    _combined_qualifier,
    summarise,
)
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
from model.query import Query, parse
from model.store import EventStore

D = Day
KILLED, WOUNDED = CasualtyType.KILLED, CasualtyType.WOUNDED
EXACT, ABOUT = CasualtyQualifier.EXACT, CasualtyQualifier.ABOUT
AT_LEAST, MORE_THAN = CasualtyQualifier.AT_LEAST, CasualtyQualifier.MORE_THAN
INFO = DatasetInfo(title="casualty test")


def incident(event_id: str, day: Day, count: int, qualifier: CasualtyQualifier = EXACT,
             kind: CasualtyType = KILLED, last: Day | None = None) -> Event:
    record = CasualtyRecord(kind, count, qualifier)
    return Event(event_id, event_id, EventKind.CLASH, DateSpan(day, last or day),
                 Certainty.REPORTED, casualties=(record,))


def cumulative(event_id: str, since: Day, reported: Day, count: int,
               qualifier: CasualtyQualifier = EXACT, kind: CasualtyType = KILLED) -> Event:
    record = CasualtyRecord(kind, count, qualifier, CasualtyScope.CUMULATIVE, since)
    return Event(event_id, event_id, EventKind.CASUALTIES, DateSpan.day(reported),
                 Certainty.REPORTED, casualties=(record,))


def both_paths(events: list[Event]) -> tuple[CasualtySummary, CasualtySummary]:
    """The summary read with SQL from a store, and read from the events in memory."""
    store = EventStore.from_events(events, INFO)
    return store.casualty_summary(), summarise(EventListFigures(events))


def summary_of(events: list[Event]) -> CasualtySummary:
    sql, pure = both_paths(events)
    assert sql.words() == pure.words()
    return pure


# -- the Sirte dataset ----------------------------------------------------------------------


def test_sirte_killed_is_more_than_100_not_106(sirte_store: EventStore) -> None:
    line = sirte_store.casualty_summary().line(KILLED)
    assert (line.total, line.qualifier) == (100, MORE_THAN)
    assert line.short() == "more than 100 killed"
    assert "106" not in line.words()


def test_sirte_six_killed_incident_is_covered_and_said_so(sirte_store: EventStore) -> None:
    line = sirte_store.casualty_summary().line(KILLED)
    assert (line.incidents.covered_records, line.incidents.covered_sum) == (1, 6)
    assert line.incidents.added_records == 0
    assert [f.event_id for f in line.cumulative] == ["offensive-casualties-to-date"]
    assert line.words() == (
        "more than 100 killed (more than 100 cumulative since 12 May 2016); "
        "1 incident figure (6) inside a cumulative period, already counted there, not added"
    )


def test_sirte_wounded_is_about_490_not_505(sirte_store: EventStore) -> None:
    summary = sirte_store.casualty_summary()
    line = summary.line(WOUNDED)
    assert line.short() == "about 490 wounded"
    assert line.words() == (
        "about 490 wounded (about 490 cumulative since 12 May 2016); "
        "1 incident figure (15) inside a cumulative period, already counted there, not added"
    )
    assert summary.short() == "more than 100 killed, about 490 wounded"


def test_sirte_sql_and_pure_paths_agree(sirte_store: EventStore) -> None:
    pure = summarise(EventListFigures(sirte_store.iter_events()))
    assert sirte_store.casualty_summary().words() == pure.words()


def test_incident_alone_is_counted_when_its_cumulative_is_filtered_out(
        sirte_store: EventStore) -> None:
    query = parse("scope:incident")
    assert isinstance(query, Query)
    summary = sirte_store.casualty_summary(query)
    assert summary.short() == "6 killed, 15 wounded"
    assert summary.line(KILLED).words() == "6 killed"


def test_incidents_outside_the_cumulative_window_are_added(sirte_store: EventStore) -> None:
    later = incident("later", D(2016, 6, 20), 3)  # after the cumulative was reported
    before = incident("before", D(2016, 5, 1), 2)  # before the offensive it counts began
    events = [*sirte_store.iter_events(), later, before]
    line = summary_of(events).line(KILLED)
    assert (line.total, line.qualifier) == (105, MORE_THAN)
    assert (line.incidents.added_records, line.incidents.added_sum) == (2, 5)
    assert line.words() == (
        "more than 105 killed (more than 100 cumulative since 12 May 2016 + 5 from 2 incidents); "
        "1 incident figure (6) inside a cumulative period, already counted there, not added"
    )


def test_an_incident_touching_the_window_edge_is_covered() -> None:
    events = [cumulative("c", D(2016, 5, 12), D(2016, 6, 10), 100),
              incident("first-day", D(2016, 5, 12), 4), incident("last-day", D(2016, 6, 10), 5),
              incident("straddles", D(2016, 5, 10), 7, last=D(2016, 5, 12)),
              incident("day-before", D(2016, 5, 11), 1), incident("day-after", D(2016, 6, 11), 2)]
    line = summary_of(events).line(KILLED)
    assert (line.incidents.covered_records, line.incidents.covered_sum) == (3, 16)
    assert (line.incidents.added_records, line.incidents.added_sum) == (2, 3)
    assert line.total == 103


def test_two_overlapping_cumulatives_only_one_is_used() -> None:
    events = [cumulative("early", D(2016, 5, 1), D(2016, 6, 1), 50),
              cumulative("late", D(2016, 5, 12), D(2016, 6, 10), 80),
              incident("i", D(2016, 5, 20), 4)]
    line = summary_of(events).line(KILLED)
    assert line.total == 80
    assert [f.event_id for f in line.cumulative] == ["late"]  # the later, more complete one
    assert [f.event_id for f in line.superseded] == ["early"]
    assert line.words() == (
        "80 killed (80 cumulative since 12 May 2016); 1 incident figure (4) inside a cumulative "
        "period, already counted there, not added; 1 overlapping cumulative figure not added"
    )


def test_same_window_twice_is_counted_once() -> None:
    events = [cumulative("guardian", D(2016, 5, 12), D(2016, 6, 10), 100, MORE_THAN),
              cumulative("afp", D(2016, 5, 12), D(2016, 6, 10), 101)]
    line = summary_of(events).line(KILLED)
    assert line.total == 101  # the larger of two figures for the same period, not 201
    assert len(line.cumulative) == 1 and len(line.superseded) == 1


def test_non_overlapping_cumulatives_are_both_used() -> None:
    events = [cumulative("may", D(2016, 5, 1), D(2016, 5, 31), 50),
              cumulative("june", D(2016, 6, 1), D(2016, 6, 30), 80, ABOUT),
              incident("july", D(2016, 7, 2), 4), incident("in-june", D(2016, 6, 5), 9)]
    line = summary_of(events).line(KILLED)
    assert line.total == 134
    assert line.qualifier is ABOUT
    assert {f.event_id for f in line.cumulative} == {"may", "june"}
    assert line.superseded == ()
    assert line.words() == (
        "about 134 killed (about 80 cumulative since 1 Jun 2016 + 50 cumulative since "
        "1 May 2016 + 4 from 1 incident); 1 incident figure (9) inside a cumulative period, "
        "already counted there, not added"
    )


def test_types_are_summed_separately() -> None:
    events = [incident("k", D(2016, 6, 1), 3), incident("w", D(2016, 6, 1), 7, kind=WOUNDED)]
    summary = summary_of(events)
    assert summary.short() == "3 killed, 7 wounded"
    assert summary.words() == "3 killed\n7 wounded"


# -- the totals in words a newcomer reads once ---------------------------------------------

SIRTE_EXPLAINED = (
    "more than 100 killed, about 490 wounded since 12 May 2016 (a running total; the 6 killed "
    "and 15 wounded reported for incidents in its period are already part of it and not added)")


def test_sirte_totals_in_short_and_in_full(sirte_store: EventStore) -> None:
    summary = sirte_store.casualty_summary()
    assert summary.compact() == "more than 100 killed, about 490 wounded (running total)"
    assert summary.explained() == SIRTE_EXPLAINED


def test_incidents_alone_need_no_explaining(sirte_store: EventStore) -> None:
    query = parse("scope:incident")
    assert isinstance(query, Query)
    summary = sirte_store.casualty_summary(query)
    assert summary.compact() == summary.explained() == "6 killed, 15 wounded"


def test_a_running_total_of_one_type_beside_incidents_of_another() -> None:
    events = [cumulative("c", D(2016, 5, 12), D(2016, 6, 10), 100, MORE_THAN),
              incident("i", D(2016, 6, 1), 6), incident("w", D(2016, 6, 1), 15, kind=WOUNDED)]
    summary = summary_of(events)
    assert summary.compact() == "more than 100 killed (running total), 15 wounded"
    assert summary.explained() == (
        "more than 100 killed since 12 May 2016, 15 wounded (the killed figure is a running "
        "total; the 6 killed reported for incidents in its period are already part of it and "
        "not added)")


def test_incidents_outside_the_running_total_are_said_to_be_added() -> None:
    events = [cumulative("c", D(2016, 5, 12), D(2016, 6, 10), 100),
              incident("later", D(2016, 6, 20), 3), incident("before", D(2016, 5, 1), 2)]
    summary = summary_of(events)
    assert summary.compact() == "105 killed (running total plus incidents)"
    assert summary.explained() == ("105 killed since 12 May 2016 (a running total; plus the 5 "
                                   "killed reported for incidents outside its period)")


def test_an_overlapping_running_total_is_said_to_be_left_out() -> None:
    events = [cumulative("early", D(2016, 5, 1), D(2016, 6, 1), 50),
              cumulative("late", D(2016, 5, 12), D(2016, 6, 10), 80)]
    assert summary_of(events).explained() == (
        "80 killed since 12 May 2016 (a running total; 1 other running total over the same "
        "days is left out, so no one is counted twice)")


def test_running_totals_for_separate_periods_are_said_to_be_added() -> None:
    events = [cumulative("may", D(2016, 5, 1), D(2016, 5, 31), 50),
              cumulative("june", D(2016, 6, 1), D(2016, 6, 30), 80),
              incident("in-june", D(2016, 6, 5), 9)]
    summary = summary_of(events)
    assert summary.compact() == "130 killed (running totals)"
    assert summary.explained() == (
        "130 killed (2 running totals for separate periods, added; the 9 killed reported for "
        "incidents in their periods are already part of them and not added)")


@settings(max_examples=150, deadline=None)
@given(casualty_events())
def test_the_totals_are_said_in_plain_words(events: list[Event]) -> None:
    summary = summarise(EventListFigures(events))
    short, full = summary.compact(), summary.explained()
    for said in (short, full):
        assert "cumulative" not in said and "re-added" not in said
        assert not set(said) & {">", "~", "\u2265"}  # the qualifiers in words, not marks
        for line in summary.lines:
            if not line.empty:
                assert line.short() in said
    running = any(line.cumulative for line in summary.lines)
    assert ("running total" in short) is running and ("running total" in full) is running
    if any(line.cumulative and line.incidents.covered_records for line in summary.lines):
        assert "not added" in full
    if any(line.superseded for line in summary.lines):
        assert "left out" in full


def test_big_totals_are_written_with_thousands_separators() -> None:
    events = [incident(f"k{i}", D(2016, 6, 1), 600) for i in range(3)]
    summary = summary_of(events)
    assert summary.short() == "1,800 killed"
    assert summary.compact() == "1,800 killed"
    assert summary.words() == "1,800 killed"


def test_no_figures() -> None:
    summary = summary_of([Event("x", "x", EventKind.OTHER, DateSpan.day(D(2016, 6, 1)),
                                Certainty.REPORTED)])
    assert summary.short() == "no casualty figures"
    assert summary.words() == "no casualty figures"
    assert all(line.empty for line in summary.lines)


# -- qualifiers -----------------------------------------------------------------------------


@pytest.mark.parametrize(("qualifiers", "combined"), [
    ([], EXACT),
    ([EXACT, EXACT], EXACT),
    ([EXACT, ABOUT], ABOUT),
    ([MORE_THAN, ABOUT], ABOUT),  # about wins: the sum is approximate
    ([AT_LEAST, ABOUT, MORE_THAN], ABOUT),
    ([MORE_THAN, EXACT], MORE_THAN),  # more than 100 plus exactly 5 is more than 105
    ([MORE_THAN, MORE_THAN], MORE_THAN),
    ([AT_LEAST, EXACT], AT_LEAST),
    ([MORE_THAN, AT_LEAST], AT_LEAST),
])
def test_qualifiers_combine(qualifiers: list[CasualtyQualifier],
                            combined: CasualtyQualifier) -> None:
    assert _combined_qualifier(qualifiers) is combined


def test_qualifiers_combine_in_a_summary() -> None:
    line = summary_of([incident("a", D(2016, 6, 1), 10, MORE_THAN),
                       incident("b", D(2016, 6, 2), 5)]).line(KILLED)
    assert line.short() == "more than 15 killed"
    line = summary_of([incident("a", D(2016, 6, 1), 10, MORE_THAN),
                       incident("b", D(2016, 6, 2), 5, ABOUT)]).line(KILLED)
    assert line.short() == "about 15 killed"
    line = summary_of([incident("a", D(2016, 6, 1), 10, AT_LEAST),
                       incident("b", D(2016, 6, 2), 5, MORE_THAN)]).line(KILLED)
    assert line.short() == "at least 15 killed"


def test_covered_qualifiers_do_not_leak_into_the_total() -> None:
    # The only "about" figure is covered by the cumulative, so it must not blur the total.
    line = summary_of([cumulative("c", D(2016, 5, 1), D(2016, 6, 10), 100),
                       incident("i", D(2016, 6, 1), 10, ABOUT)]).line(KILLED)
    assert line.short() == "100 killed"


# -- the SQL path agrees with the pure path -------------------------------------------------


def _project(line: CasualtyLine) -> tuple:
    def figures(items: tuple) -> list:
        return [(f.event_id, f.record.count, f.record.qualifier, f.first_day, f.last_day)
                for f in items]
    return (line.type, line.total, line.qualifier, figures(line.cumulative),
            figures(line.superseded), line.incidents, line.words(), line.short())


@settings(max_examples=150, deadline=None)
@given(casualty_events())
def test_sql_and_pure_summaries_agree(events: list[Event]) -> None:
    sql, pure = both_paths(events)
    assert [_project(line) for line in sql.lines] == [_project(line) for line in pure.lines]


@settings(max_examples=60, deadline=None)
@given(casualty_events(), st.lists(queries, min_size=1, max_size=3))
def test_sql_and_pure_agree_over_filtered_sets(events: list[Event], texts: list[str]) -> None:
    store = EventStore.from_events(events, INFO)
    for text in texts:
        query = parse(text)
        assert isinstance(query, Query), text
        pure = summarise(EventListFigures(store.iter_events(query)))
        sql = store.casualty_summary(query)
        assert [_project(line) for line in sql.lines] == [_project(line) for line in pure.lines]


@settings(max_examples=150, deadline=None)
@given(casualty_events())
def test_summary_never_double_counts(events: list[Event]) -> None:
    summary = summarise(EventListFigures(events))
    for line in summary.lines:
        chosen = line.cumulative
        windows = [(f.first_day, f.last_day) for f in chosen]
        # Chosen cumulative windows are disjoint; every left-out one overlaps a chosen one.
        for i, a in enumerate(chosen):
            for b in chosen[i + 1:]:
                assert not a.overlaps(b.first_day, b.last_day)
        for left_out in line.superseded:
            assert any(left_out.overlaps(first, last) for first, last in windows)
        # Each incident record is either added or covered, never both, never lost.
        added = covered = 0
        for event in events:
            inside = any(first <= event.date.latest and event.date.earliest <= last
                         for first, last in windows)
            for record in event.casualty(line.type):
                if record.scope is CasualtyScope.INCIDENT:
                    if inside:
                        covered += record.count
                    else:
                        added += record.count
        assert (line.incidents.added_sum, line.incidents.covered_sum) == (added, covered)
        assert line.total == sum(f.record.count for f in chosen) + added
