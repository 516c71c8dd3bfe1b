"""The explorer's view state: pure transitions, one selection every part derives from, and
one rule for stale results. No terminal here."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.query import MATCH_ALL, Query, parse, restricted_to
from model.result_window import ResultWindow
from model.store import EventStore
from model.view_state import (
    NOTHING_MARKED,
    JobKind,
    Measure,
    ViewState,
)


def q(text: str) -> Query:
    query = parse(text)
    assert isinstance(query, Query), query
    return query


def test_marked_only_restricts_the_selection_every_part_asks(sirte_store: EventStore) -> None:
    ids = [e.id for e in sirte_store.iter_events(MATCH_ALL)]
    state = ViewState().toggle_mark(ids[0]).toggle_mark(ids[3])
    assert state.selection == MATCH_ALL  # marks alone change nothing shown
    only = state.toggle_marked_only()
    assert isinstance(only, ViewState) and only.marked_only
    assert sirte_store.count(only.selection) == 2
    assert {e.id for e in sirte_store.iter_events(only.selection)} == {ids[0], ids[3]}
    # The summary, the strip and an export ask the same question the rows answer.
    window = ResultWindow(sirte_store, only.shown, only_ids=only.marked)
    assert len(window) == sirte_store.count(only.selection)
    assert only.label.endswith("marked only")


def test_marked_only_with_a_filter_is_both(sirte_store: EventStore) -> None:
    captures = [e.id for e in sirte_store.iter_events(q("kind:capture"))]
    others = [e.id for e in sirte_store.iter_events(q("-kind:capture"))]
    state = ViewState().apply(q("kind:capture")).toggle_mark(captures[0]).toggle_mark(others[0])
    only = state.toggle_marked_only()
    assert isinstance(only, ViewState)
    assert [e.id for e in sirte_store.iter_events(only.selection)] == [captures[0]]
    assert only.selection.text == "kind:capture"


def test_marked_only_with_nothing_marked_says_why_and_changes_nothing() -> None:
    assert ViewState().toggle_marked_only() == NOTHING_MARKED
    marked = ViewState().toggle_mark("a")
    on = marked.toggle_marked_only()
    assert isinstance(on, ViewState)
    off = on.toggle_mark("a").toggle_marked_only()  # unmarked while shown: can still leave
    assert isinstance(off, ViewState) and not off.marked_only and not off.marked


def test_no_restriction_is_no_event(sirte_store: EventStore) -> None:
    assert sirte_store.count(restricted_to(MATCH_ALL, frozenset())) == 0


def test_a_preview_is_labelled_as_one_and_leaving_it_shows_the_applied_filter() -> None:
    state = ViewState().apply(q("kind:capture"))
    assert state.label == "kind:capture" and not state.previewing
    typing = state.preview(q("kind:clash"))
    assert typing.shown.text == "kind:clash" and typing.previewing
    assert typing.label == "previewing kind:clash (Enter applies)"
    assert typing.applied.text == "kind:capture"  # what `e` exports until Enter
    left = typing.leave_preview()
    assert left.shown.text == "kind:capture" and left.label == "kind:capture"
    assert not left.accepts(typing.rows_job())  # the preview's rows come too late
    applied = typing.apply(q("kind:clash"))
    assert applied.label == "kind:clash" and applied.typed is None


def test_each_kind_of_job_goes_stale_only_when_what_it_asks_changes() -> None:
    state = ViewState()
    rows, density = state.rows_job(), state.density_job(60)
    related_less = state.related_job()
    assert related_less is None
    moved = state.moved_to("e1")
    related = moved.related_job()
    assert related is not None and moved.accepts(related)
    assert moved.accepts(rows) and moved.accepts(density)  # the cursor asks nothing of them
    measured = moved.toggle_measure()
    assert measured.measure is Measure.KILLED
    assert measured.accepts(rows) and not measured.accepts(density)
    assert measured.accepts(related)
    searched = measured.with_search(q("sirte"))
    job = searched.search_job()
    assert job is not None and job.kind is JobKind.SEARCH and searched.accepts(job)
    assert searched.accepts(rows)
    assert not searched.with_search(q("misrata")).accepts(job)
    assert searched.with_search(MATCH_ALL).search is None


_ids = st.sampled_from(["a", "b", "c"])
_queries = st.sampled_from(["", "kind:capture", "kind:clash", "sirte"]).map(q)
_transitions: st.SearchStrategy[Callable[[ViewState], ViewState | str]] = st.one_of(
    _queries.map(lambda query: lambda s: s.apply(query)),
    _queries.map(lambda query: lambda s: s.preview(query)),
    st.just(lambda s: s.leave_preview()),
    _ids.map(lambda i: lambda s: s.toggle_mark(i)),
    st.just(lambda s: s.toggle_marked_only()),
    _queries.map(lambda query: lambda s: s.with_search(query)),
    _ids.map(lambda i: lambda s: s.moved_to(i)),
    st.just(lambda s: s.toggle_measure()),
    st.just(lambda s: s.toggle_facets()),
    st.just(lambda s: s.resized()),
)


@settings(max_examples=300)
@given(st.lists(_transitions, max_size=12), st.lists(_transitions, min_size=1, max_size=6))
def test_no_stale_result_is_ever_accepted(before: list[Callable[[ViewState], ViewState | str]],
                                          after: list[Callable[[ViewState], ViewState | str]]
                                          ) -> None:
    def run(state: ViewState, steps: list[Callable[[ViewState], ViewState | str]]) -> ViewState:
        for step in steps:
            result = step(state)
            state = result if isinstance(result, ViewState) else state
        return state

    asked = run(ViewState(), before)
    now = run(asked, after)
    rows, density = asked.rows_job(), asked.density_job(60)
    if now.accepts(rows):
        # The same events; and facets counted when they are shown (counted for a panel
        # hidden since is harmless).
        assert now.selection == rows.selection and (rows.facets or not now.facets)
    if now.accepts(density):
        assert (now.selection, now.measure) == (density.selection, density.measure)
    search, related = asked.search_job(), asked.related_job()
    if search is not None and now.accepts(search):
        assert now.search == search.query
    if related is not None and now.accepts(related):
        assert now.cursor == related.event_id
    # And what is asked now is always wanted now.
    assert now.accepts(now.rows_job()) and now.accepts(now.density_job(60))


@pytest.mark.parametrize("step", ["apply", "toggle_mark", "moved_to"])
def test_a_transition_returns_a_new_state_and_leaves_the_old_one(step: str) -> None:
    state = ViewState()
    changed = {"apply": lambda: state.apply(q("kind:capture")),
               "toggle_mark": lambda: state.toggle_mark("a"),
               "moved_to": lambda: state.moved_to("a")}[step]()
    assert changed != state and state == ViewState()


def test_the_strip_folds_on_a_short_screen_until_the_person_asks_for_it_whole() -> None:
    from model.view_state import FULL_STRIP_FROM

    state = ViewState()
    assert not state.strip_is_full(24) and state.strip_is_full(FULL_STRIP_FROM)
    unfolded = state.toggle_strip(24)
    assert unfolded.strip_is_full(24) and unfolded.strip_is_full(40)  # the person's choice
    folded = unfolded.toggle_strip(40)
    assert not folded.strip_is_full(40)
    assert folded.generations == state.generations  # nothing to ask the store again
