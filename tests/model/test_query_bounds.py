"""Every query `parse` returns runs: nesting and term counts are bounded in the parser (an
error with a caret), and value lists of any length compile to SQL the engine accepts."""

from __future__ import annotations


import pytest
from dateline_strategies import atoms
from hypothesis import given, settings
from hypothesis import strategies as st

from model.days import Day
from model.density import BinUnit, casualty_density, event_density, make_bins
from model.event import CasualtyType
from model.query import MAX_NESTING, MAX_QUERY_LENGTH, MAX_TERMS, Query, QueryError, parse
from model.result_window import ResultWindow
from model.store import EventStore

FACETS = ("kind", "category", "certainty", "source", "actor", "place", "tag")
# The terms whose SQL nests deepest: a date range, lists through JSON, a negated date.
HEAVY = ["date:2016-05..2016-06", "within:2016", "place:sirte,coast", "actor:gna,navy,bunyan",
         "-date:2016-06", "killed>=1", "source:afp,reuters", "sirte", '"libyan forces"',
         "tag:sirte,mines", "category:x,y"]


def run_everywhere(store: EventStore, query: Query) -> None:
    """Everything the command line and the explorer ask of a store with a query."""
    count = store.count(query)
    assert 0 <= count <= store.total
    assert len(store.positions(query)) == count
    assert len(list(store.iter_events(query))) == count
    store.page(query, limit=5)
    store.longest_id(query)
    store.casualty_summary(query)
    store.span_counts(query)
    store.date_range(query)
    for field in FACETS:
        store.facets(field, query, limit=12)
    store.incident_spans(query, CasualtyType.KILLED,
                         [(Day(2016, 5, 1), Day(2016, 5, 31))])
    bins = make_bins(Day(2016, 5, 1), Day(2016, 12, 31), BinUnit.WEEK)
    event_density(store, bins, query)
    casualty_density(store, bins, CasualtyType.KILLED, query)
    window = ResultWindow(store, query)
    assert len(window) == count


def assert_well_formed(error: QueryError) -> None:
    assert 0 <= error.start < error.end <= len(error.text) + 1
    assert error.caret().startswith(error.text + "\n")


@pytest.mark.parametrize("text", [
    "not " * 40 + "sirte",
    "-(" * 40 + "sirte gna" + ")" * 40,
    "-" * 40 + "sirte",
    "-" * 1000 + "sirte",
    "not " * 900 + "sirte",
    "(sirte or (gna " * 15 + "coast" + "))" * 15,
])
def test_nesting_the_engine_cannot_run_is_refused_with_a_caret(text: str) -> None:
    error = parse(text)
    assert isinstance(error, QueryError), text
    assert f"nested more than {MAX_NESTING} deep" in error.message
    assert_well_formed(error)


def test_the_caret_points_at_the_first_negation_too_many() -> None:
    text = "not " * (MAX_NESTING + 1) + "sirte"
    error = parse(text)
    assert isinstance(error, QueryError)
    assert (error.start, error.end) == (4 * MAX_NESTING, 4 * MAX_NESTING + 3)


@pytest.mark.parametrize("field", ["place", "actor", "source", "category", "tag", "id"])
@pytest.mark.parametrize("count", [2, 500, 1500])
def test_long_value_lists_run(sirte_store: EventStore, field: str, count: int) -> None:
    values = ["sirte"]
    while len(values) < count and len(f"-{field}:" + ",".join(values)) < MAX_QUERY_LENGTH - 6:
        values.append(f"v{len(values)}")
    text = f"{field}:" + ",".join(values)
    query = parse(text)
    assert isinstance(query, Query), query
    run_everywhere(sirte_store, query)
    negated = parse("-" + text)
    assert isinstance(negated, Query), negated
    assert sirte_store.count(query) + sirte_store.count(negated) == sirte_store.total


def test_a_long_list_matches_as_its_values_do(sirte_store: EventStore) -> None:
    def ids(text: str) -> set[str]:
        query = parse(text)
        assert isinstance(query, Query), query
        return {e.id for e in sirte_store.iter_events(query)}

    filler = ",".join(f"zz{i}" for i in range(400))
    for field, values in (("place", ("sirte", "coast")), ("actor", ("gna", "navy"))):
        expected = ids(f"{field}:{values[0]}") | ids(f"{field}:{values[1]}")
        assert expected
        assert ids(f"{field}:{values[0]},{filler},{values[1]}") == expected


def test_term_count_is_bounded_with_a_caret(sirte_store: EventStore) -> None:
    most = parse(" ".join(["date:2016"] * MAX_TERMS))
    assert isinstance(most, Query)
    run_everywhere(sirte_store, most)
    text = " ".join(["sirte"] * (MAX_TERMS + 1))
    error = parse(text)
    assert isinstance(error, QueryError)
    assert error.message == f"more than {MAX_TERMS} terms in one query"
    assert error.start == 6 * MAX_TERMS
    assert_well_formed(error)
    for many in (" or ".join(["sirte"] * 300), "a " * 1999, "killed>1 " * 440):
        result = parse(many)
        assert isinstance(result, QueryError)
        assert_well_formed(result)


WRAPPERS = ["({} or {})", "({} {})", "-({} {})", "not ({} or {})", "({} or -({}))",
            "-{1} {0}", "({} and not {})", "(({}) OR {})"]


@st.composite
def deep_queries(draw: st.DrawFn) -> str:
    """A query nested close to the bound, each level a shape that costs the SQL parser most,
    the deepest term one of the heaviest."""
    depth = draw(st.integers(MAX_NESTING - 4, MAX_NESTING + 2))
    text = draw(st.sampled_from(HEAVY))
    for _ in range(depth):
        beside = draw(st.sampled_from(HEAVY) | atoms)
        wrapper = draw(st.sampled_from(WRAPPERS))
        text = wrapper.format(beside, text) if draw(st.booleans()) else \
            wrapper.format(text, beside)
    return text


@settings(max_examples=150, deadline=None)
@given(deep_queries())
def test_every_deep_query_parse_returns_runs(sirte_store: EventStore, text: str) -> None:
    result = parse(text)
    if isinstance(result, QueryError):
        assert_well_formed(result)
        assert "nested more than" in result.message or "terms" in result.message, result
        return
    run_everywhere(sirte_store, result)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(HEAVY) | atoms, min_size=1, max_size=MAX_TERMS + 20),
       st.sampled_from([" ", " or ", " and "]))
def test_every_long_query_parse_returns_runs(sirte_store: EventStore, terms: list[str],
                                             joint: str) -> None:
    result = parse(joint.join(terms)[:MAX_QUERY_LENGTH])
    if isinstance(result, QueryError):
        assert_well_formed(result)
        return
    run_everywhere(sirte_store, result)
