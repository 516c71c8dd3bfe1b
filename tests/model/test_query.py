"""The filter language over the Sirte dataset: exact results, errors as values, safe SQL."""

from __future__ import annotations

import re

import pytest
from dateline_strategies import queries
from hypothesis import example, given, settings
from hypothesis import strategies as st

from model.days import Day
from model.event import CasualtyScope, CasualtyType
from model.query import (
    MATCH_ALL,
    MAX_DEPTH,
    MAX_QUERY_LENGTH,
    And,
    DateMode,
    DateTerm,
    FieldTerm,
    Not,
    NumberTerm,
    Or,
    Query,
    QueryError,
    TextTerm,
    parse,
    quote,
)
from model.store import EventStore
from model.store.compile import compile_query

LAUNCH = "gna-offensive-launched"
FORECAST = "liberation-forecast"
# The 9 and 10 June events in chronological order (same day and precision: the order of
# the dataset file).
NINE_TEN = [
    "three-pronged-assault", "forces-enter-sirte", "tagreft-barracks-taken",
    "tagreft-mine-clearance", "clashes-20km-outside-sirte", "al-jalet-barracks-taken",
    "western-entrance-taken", "libyan-air-force-support", "mines-and-booby-traps",
    "mines-did-not-slow-advance", "ouagadougou-hall-air-strikes", "victory-videos",
    "appeal-for-medical-help", "offensive-casualties-to-date",
]
TENTH = ["severe-clashes-sirte-centre", "naval-control-sirte-coast", "is-may-lose-all-territory"]
ALL = [LAUNCH, *NINE_TEN, *TENTH, FORECAST]
NO_PLACE = ["appeal-for-medical-help", "is-may-lose-all-territory"]

CASES: list[tuple[str, list[str]]] = [
    ("", ALL),
    ("kind:capture", ["al-jalet-barracks-taken", "tagreft-barracks-taken",
                      "western-entrance-taken"]),
    ("kind:capture,air-strike", ["al-jalet-barracks-taken", "libyan-air-force-support",
                                 "ouagadougou-hall-air-strikes", "tagreft-barracks-taken",
                                 "western-entrance-taken"]),
    ("KIND:Capture", ["al-jalet-barracks-taken", "tagreft-barracks-taken",
                      "western-entrance-taken"]),
    # date: is overlap: every event that may have happened on that day.
    ("date:2016-06-09", NINE_TEN),
    ("date:2016-06-12", [FORECAST]),
    ("date:2016-06-11", []),
    ("date:2016-05", [LAUNCH]),
    ("date:2016-06", [*NINE_TEN, *TENTH, FORECAST]),
    ("date:2016", ALL),
    ('date:"9 June 2016"', NINE_TEN),
    ("date:2016-06-11..2016-06-30", [FORECAST]),
    ("date:..2016-05-31", [LAUNCH]),
    ("within:2016-06-09..2016-06-10", [*NINE_TEN, *TENTH]),
    ("within:2016-06-09", ["three-pronged-assault"]),
    ("within:2016-06-10", TENTH),
    # after:/before: whose span reaches past the asked span's end / before its start.
    ("after:2016-06-10", [FORECAST]),
    ("after:2016-06-09", [e for e in ALL if e not in (LAUNCH, "three-pronged-assault")]),
    ("before:2016-06-09", [LAUNCH]),
    ("before:2016-06-10", [LAUNCH, *NINE_TEN]),
    ("killed>=5", ["clashes-20km-outside-sirte", "offensive-casualties-to-date"]),
    ("killed>=5 scope:incident", ["clashes-20km-outside-sirte"]),
    ("killed>=100 scope:incident", []),
    ("killed>=5 scope:cumulative", ["offensive-casualties-to-date"]),
    ("killed:6", ["clashes-20km-outside-sirte"]),
    ("killed=100", ["offensive-casualties-to-date"]),
    ("killed<6", []),
    ("killed<=6", ["clashes-20km-outside-sirte"]),
    ("wounded>100", ["offensive-casualties-to-date"]),
    ("wounded>15", ["offensive-casualties-to-date"]),
    ("scope:cumulative", ["offensive-casualties-to-date"]),
    ("scope:incident", ["clashes-20km-outside-sirte"]),
    ("source:AFP", ["naval-control-sirte-coast", "severe-clashes-sirte-centre", FORECAST]),
    ('source:"Al Jazeera"', ["naval-control-sirte-coast"]),
    ("source:guardian", ["appeal-for-medical-help", "offensive-casualties-to-date"]),
    ("source:ghassri", ["severe-clashes-sirte-centre", FORECAST]),
    ("actor:misrata", ["three-pronged-assault"]),
    ('actor:"Al-Bunyan"', ["three-pronged-assault"]),
    ("actor:navy", []),
    ('actor:"naval forces"', ["naval-control-sirte-coast"]),
    ("actor:western", ["appeal-for-medical-help"]),
    ("place:tagreft", ["tagreft-barracks-taken", "tagreft-mine-clearance"]),
    ("place:TAGRÉFT", ["tagreft-barracks-taken", "tagreft-mine-clearance"]),
    ("place:ouagadougou,coast", ["ouagadougou-hall-air-strikes", "naval-control-sirte-coast"]),
    ("-place:sirte", NO_PLACE),
    ("-place:tagreft", [e for e in ALL if e not in ("tagreft-barracks-taken",
                                                     "tagreft-mine-clearance")]),
    ("-kind:forecast", ALL[:-1]),
    ("not kind:forecast", ALL[:-1]),
    ("NOT kind:forecast", ALL[:-1]),
    ("kind:capture or kind:forecast", ["al-jalet-barracks-taken", "tagreft-barracks-taken",
                                       "western-entrance-taken", FORECAST]),
    ("kind:capture | kind:forecast", ["al-jalet-barracks-taken", "tagreft-barracks-taken",
                                      "western-entrance-taken", FORECAST]),
    ("(kind:capture or kind:hazard) tagreft", ["tagreft-barracks-taken",
                                               "tagreft-mine-clearance"]),
    ("(kind:capture or kind:hazard) and tagreft", ["tagreft-barracks-taken",
                                                   "tagreft-mine-clearance"]),
    ("kind:capture or kind:hazard tagreft", ["al-jalet-barracks-taken", "tagreft-barracks-taken",
                                             "tagreft-mine-clearance",
                                             "western-entrance-taken"]),
    ("-(kind:capture or kind:hazard) barracks", []),
    # Free words match title, notes, quotes, place and actors, as prefixes.
    ("ouagadougou", ["ouagadougou-hall-air-strikes"]),
    ("booby", ["mines-and-booby-traps", "mines-did-not-slow-advance"]),
    ("Ouagadoug", ["ouagadougou-hall-air-strikes"]),
    ('"booby-trapped vehicles"', ["mines-and-booby-traps"]),
    ('"Ouagadoug"', []),  # a quoted phrase is whole words, not a prefix
    ("TAGRÉFT", ["tagreft-barracks-taken", "tagreft-mine-clearance"]),
    ("tagreft", ["tagreft-barracks-taken", "tagreft-mine-clearance"]),
    ("Tagréft barracks", ["tagreft-barracks-taken", "tagreft-mine-clearance"]),
    ("certainty:claimed", ["forces-enter-sirte", "naval-control-sirte-coast",
                           "severe-clashes-sirte-centre"]),
    ("certainty:confirmed,forecast", [LAUNCH, FORECAST]),
    ("tag:barracks", ["al-jalet-barracks-taken", "tagreft-barracks-taken",
                      "tagreft-mine-clearance"]),
    ("tag:BARRACKS", ["al-jalet-barracks-taken", "tagreft-barracks-taken",
                      "tagreft-mine-clearance"]),
    ("tag:barrack", []),  # tags match whole
    ("id:liberation-forecast,victory-videos", ["victory-videos", FORECAST]),
    ('actor:"naval forces,misrata"', ["three-pronged-assault", "naval-control-sirte-coast"]),
    # A list may quote only the items that need it, in any place.
    ('actor:"naval forces",misrata', ["three-pronged-assault", "naval-control-sirte-coast"]),
    ('actor:misrata,"naval forces"', ["three-pronged-assault", "naval-control-sirte-coast"]),
    ('source:"Al Jazeera",AFP', ["naval-control-sirte-coast", "severe-clashes-sirte-centre",
                                 FORECAST]),
    ("sirte", [e for e in ALL if e not in NO_PLACE]),
    ("sirte\x00", [e for e in ALL if e not in NO_PLACE]),  # a NUL is a space, not an error
    ("tagreft\x00barracks", ["tagreft-barracks-taken", "tagreft-mine-clearance"]),
    ("killed>5 or wounded>5", ["clashes-20km-outside-sirte", "offensive-casualties-to-date"]),
    ("date:2016-06-09 -date:2016-06-10", ["three-pronged-assault"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES,
                         ids=[repr(c[0]) if c[0] else "(empty)" for c in CASES])
def test_query_returns_exact_ids(sirte_store: EventStore, text: str, expected: list[str]) -> None:
    query = parse(text)
    assert isinstance(query, Query), query
    assert len(set(expected)) == len(expected)
    in_order = [i for i in ALL if i in set(expected)]  # the cases name events in any order
    assert [e.id for e in sirte_store.iter_events(query)] == in_order
    assert sirte_store.count(query) == len(expected)


def test_the_table_covers_the_whole_dataset(sirte_store: EventStore) -> None:
    assert [e.id for e in sirte_store.iter_events()] == ALL


# -- the tree -----------------------------------------------------------------------------


def test_scope_folds_into_the_number_beside_it() -> None:
    query = parse("killed>=5 scope:incident")
    assert isinstance(query, Query)
    items = query.root.items if isinstance(query.root, And) else (query.root,)
    assert items == (NumberTerm(CasualtyType.KILLED, ">=", 5, CasualtyScope.INCIDENT),)


def test_scope_does_not_fold_across_or() -> None:
    query = parse("killed>=5 or scope:incident")
    assert isinstance(query, Query)
    assert isinstance(query.root, Or)
    assert query.root.items[0] == NumberTerm(CasualtyType.KILLED, ">=", 5, None)


def test_tree_shapes() -> None:
    query = parse('kind:capture,CLASH -"booby traps" or before:2016-06')
    assert isinstance(query, Query)
    assert query.root == Or((
        And((FieldTerm("kind", ("capture", "clash")), Not(TextTerm("booby traps", True)))),
        DateTerm(DateMode.BEFORE, Day(2016, 6, 1), Day(2016, 6, 30)),
    ))


def test_empty_query_matches_everything() -> None:
    assert parse("") is MATCH_ALL
    assert parse("   ") is MATCH_ALL
    assert MATCH_ALL.empty


# -- errors -------------------------------------------------------------------------------


ERRORS: list[tuple[str, str, str, str | None]] = [
    # query, caret line, message, suggested query
    ("actr:GNA", "^^^^", "unknown field 'actr' \u2014 did you mean 'actor'?", "actor:GNA"),
    ("kind:captur", "     ^^^^^^", "unknown kind 'captur' \u2014 did you mean 'capture'?",
     "kind:capture"),
    ("kind:clash,captur", "           ^^^^^^",
     "unknown kind 'captur' \u2014 did you mean 'capture'?", "kind:clash,capture"),
    ("certainty:claimd", "          ^^^^^^",
     "unknown certainty 'claimd' \u2014 did you mean 'claimed'?", "certainty:claimed"),
    ('kind:capture "unclosed', "             ^^^^^^^^^", "this quote is never closed",
     'kind:capture "unclosed"'),
    ("(kind:capture or tagreft", "^", "this '(' is never closed", "(kind:capture or tagreft)"),
    ("kind:capture)", "            ^", "this ')' has no matching '('", None),
    (")", "^", "a term is expected here", None),
    ("killed>=x", "        ^", "'killed>=' needs a whole number, like killed>=5", None),
    ("killed>=", "        ^", "'killed>=' needs a whole number, like killed>=5", None),
    ("date:2016-13", "     ^^^^^^^", "'2016-13' is not a month (use YYYY-MM)", None),
    ('date:"9 jun"', "      ^^^^^", "'9 jun' has no year; add one (e.g. '9 jun 2016')", None),
    ("date:banana", "     ^^^^^^", "'banana' is not a date I can read", None),
    ("date:2016-06-12..2016-06-01", "     ^^^^^^^^^^^^^^^^^^^^^^",
     "this range ends before it starts", None),
    ("after:2016-06-01..2016-06-02", "      ^^^^^^^^^^^^^^^^^^^^^^",
     "'after:' takes one date, not a range", None),
    ("date:..", "     ^^", "a range needs at least one end", None),
    ("kind:", "^^^^^", "'kind:' needs a value", None),
    ("actor:", "^^^^^^", "'actor:' needs a value", None),
    ('actor:""', "^^^^^^^", "'actor:' needs a value", None),
    ("kind:capture,", "     ^^^^^^^^", "an empty value in this list", None),
    ('actor:"naval forces", misrata', "       ^^^^^^^^^^^^^^", "an empty value in this list",
     None),
    ('kind:"capture","air strik"', "                ^^^^^^^^^",
     "unknown kind 'air strik' \u2014 did you mean 'air-strike'?", 'kind:"capture","air-strike"'),
    ("kind>=3", "    ^^", "'kind' takes ':' (only killed and wounded compare with >=)", None),
    ("scope:incident,cumulative", "      ^^^^^^^^^^^^^^^^^^^",
     "scope takes one value: incident or cumulative", None),
    ("kind:capture or", "             ^^", "'or' needs something after it", None),
    ("not", "^^^", "'not' needs a term after it", None),
    ("tagreft -", "        ^", "this word has no letters or digits to search for", None),
    ("()", "^^", "empty brackets", None),
    ('"!!"', "^^^^", "this phrase has no letters or digits to search for", None),
]


@pytest.mark.parametrize(("text", "caret", "message", "fixed"), ERRORS,
                         ids=[e[0] for e in ERRORS])
def test_errors_are_values_with_a_caret(text: str, caret: str, message: str,
                                        fixed: str | None) -> None:
    error = parse(text)
    assert isinstance(error, QueryError)
    assert error.message == message
    assert error.caret() == f"{text}\n{caret}\n{message}"
    assert str(error) == error.caret()
    assert error.suggestion == fixed
    if fixed is not None:
        assert isinstance(parse(fixed), Query)  # the suggestion is itself a good query


def test_value_that_looks_like_a_field_suggests_the_field() -> None:
    error = parse("kind:actr")
    assert isinstance(error, QueryError)
    assert error.message.startswith(
        "unknown kind 'actr' \u2014 did you mean the field 'actor:'? kind is one of offensive, ")
    assert "capture" in error.message
    assert (error.start, error.end) == (5, 9)


def test_unknown_field_without_a_near_miss_lists_the_fields() -> None:
    error = parse("zzz:1")
    assert isinstance(error, QueryError)
    assert error.message == (
        "unknown field 'zzz' (fields: actor, after, before, category, certainty, "
        "corroborated, date, file, id, killed, kind, place, scope, source, tag, within, "
        "wounded; quote text that contains ':')")
    assert error.suggestion is None


def test_day_without_year_is_refused() -> None:
    error = parse("date:9 jun")
    assert isinstance(error, QueryError)
    assert "has no year" in error.message
    assert error.start == 5


def test_too_long_and_too_deep() -> None:
    error = parse("a " * MAX_QUERY_LENGTH)
    assert isinstance(error, QueryError)
    assert error.message == f"a query is at most {MAX_QUERY_LENGTH} characters"
    deep = "(" * (MAX_DEPTH + 1) + "sirte" + ")" * (MAX_DEPTH + 1)
    error = parse(deep)
    assert isinstance(error, QueryError)
    assert error.message == f"brackets nested more than {MAX_DEPTH} deep"
    ok = "(" * MAX_DEPTH + "sirte" + ")" * MAX_DEPTH
    assert isinstance(parse(ok), Query)


# -- properties ---------------------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_parse_never_raises_and_every_query_runs(sirte_store: EventStore, text: str) -> None:
    result = parse(text)
    assert isinstance(result, (Query, QueryError))
    if isinstance(result, QueryError):
        assert 0 <= result.start <= result.end <= len(result.text) + 1
        assert result.caret().startswith(result.text + "\n")
        return
    assert 0 <= sirte_store.count(result) <= sirte_store.total


query_alphabet = st.sampled_from([
    "kind:", "date:", "after:", "within:", "killed>=", "wounded<", "scope:", "place:", "tag:",
    "actor:", "source:", "id:", "capture", "incident", "2016", "-06", "-09", "..", " or ", " not ",
    " and ", "(", ")", '"', "-", ",", " ", "sirte", "é", "\x00", "%", "_", "\\", "'", "*", ":",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(query_alphabet, max_size=12).map("".join))
def test_parse_of_query_like_noise_never_raises(sirte_store: EventStore, text: str) -> None:
    result = parse(text)
    assert isinstance(result, (Query, QueryError))
    if isinstance(result, Query):
        assert 0 <= sirte_store.count(result) <= sirte_store.total
        sirte_store.casualty_summary(result)


@settings(max_examples=300, deadline=None)
@given(queries)
def test_grammar_queries_parse_and_run(sirte_store: EventStore, text: str) -> None:
    query = parse(text)
    assert isinstance(query, Query), f"{text!r}: {query}"
    ids = [e.id for e in sirte_store.iter_events(query)]
    assert sirte_store.count(query) == len(ids)
    assert ids == [i for i in ALL if i in set(ids)]  # always chronological


@given(st.just("") | queries)
def test_span_counts_add_up_to_the_matching_events(sirte_store: EventStore, text: str) -> None:
    query = parse(text)
    assert isinstance(query, Query)
    for _ in range(2):  # the second time, everything's counts come from memory
        spans = sirte_store.span_counts(query)
        assert sum(n for *_, n in spans) == sirte_store.count(query)
        assert len({(a, b, f) for a, b, f, _ in spans}) == len(spans)


@given(st.just("") | queries)
def test_date_range_spans_the_matching_events(sirte_store: EventStore, text: str) -> None:
    query = parse(text)
    assert isinstance(query, Query)
    events = list(sirte_store.iter_events(query))
    expected = None if not events else (min(e.date.earliest for e in events),
                                        max(e.date.latest for e in events))
    assert sirte_store.date_range(query) == expected


@settings(max_examples=300, deadline=None)
@given(queries)
def test_negation_complements(sirte_store: EventStore, text: str) -> None:
    query, negated = parse(text), parse(f"-({text})")
    assert isinstance(query, Query) and isinstance(negated, Query)
    matched = {e.id for e in sirte_store.iter_events(query)}
    unmatched = {e.id for e in sirte_store.iter_events(negated)}
    assert matched.isdisjoint(unmatched)
    assert matched | unmatched == set(ALL)
    assert sirte_store.count(query) + sirte_store.count(negated) == sirte_store.total


@settings(max_examples=200, deadline=None)
@given(queries, queries)
def test_or_is_union_and_juxtaposition_is_intersection(sirte_store: EventStore, a: str,
                                                       b: str) -> None:
    def ids(text: str) -> set[str]:
        query = parse(text)
        assert isinstance(query, Query), text
        return {e.id for e in sirte_store.iter_events(query)}

    assert ids(f"({a}) or ({b})") == ids(a) | ids(b)
    assert ids(f"({a}) ({b})") == ids(a) & ids(b)


# Text a user might type to break out of a parameter, wrapped in markers that SQL never holds.
# It is written into the query as the explorer writes any value, with `quote`: quotes,
# backslashes and commas escaped (a bare comma, even inside quotes, separates a list's values,
# and `Zq,,Qz` rightly fails as a list with an empty value).
hostile = st.text(st.characters(blacklist_categories=("Cs",)),
                  max_size=20).map(lambda s: f"Zq{s}Qz")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["actor", "place", "source", "tag", "id", None]), hostile,
       st.sampled_from(["{}", "-{}", "({} or kind:capture)", "not {}"]))
@example(field="actor", value="Zq,,Qz", shape="{}")
@example(field="tag", value='Zq"\\,\'; DROP TABLE events; --Qz', shape="not {}")
def test_user_text_only_ever_travels_as_a_parameter(sirte_store: EventStore, field: str | None,
                                                    value: str, shape: str) -> None:
    term = f"{field}:{quote(value)}" if field else quote(value)
    query = parse(shape.format(term))
    assert isinstance(query, Query), query
    where = compile_query(query).where
    assert "zq" not in where.lower() and "qz" not in where.lower()
    assert any("zq" in str(p).lower() for p in compile_query(query).params)
    assert where.replace("ESCAPE '\\'", "").count("'") == 0
    sirte_store.count(query)  # and it runs


SQL_WORDS = {
    "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "ESCAPE", "JOIN",
    "ON", "MATCH", "e", "c", "t", "et", "ea", "es", "pos", "rowid", "kind", "certainty", "id",
    "earliest", "latest", "type", "count", "scope", "norm", "place_id", "places", "actor_id",
    "actors", "name_id", "source_names", "tag_id", "tags", "event_tags", "event_actors",
    "event_sources", "event_text", "casualties",
    # Date terms bound the position range through the store's order (see _compile_date).
    "events", "coalesce", "ORDER", "BY", "LIMIT", "span_stats", "max_span",
    "9223372036854775807", "1", "UNION", "ALL",
    # A list of values travels as one JSON parameter (see _likes).
    "EXISTS", "json_each", "AS", "v", "value",
    # Figures of exactly none are bits on the event's row (see model.store).
    "zeros", "0",
}


@settings(max_examples=200, deadline=None)
@given(queries)
def test_sql_is_made_of_fixed_words_and_placeholders(text: str) -> None:
    query = parse(text)
    assert isinstance(query, Query)
    where = compile_query(query).where
    assert where.count("?") == len(compile_query(query).params)
    assert set(re.findall(r"\w+", where)) <= SQL_WORDS
    assert where.replace("ESCAPE '\\'", "").count("'") == 0
    assert '"' not in where
