"""Examples of the query language made of the open dataset: each parses, and each that names
the dataset's values finds some of its events, whichever dataset it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.days import Day
from model.event import Certainty, Event
from model.kinds import EventKind
from model.loading import bundled_dataset_path, open_path
from model.query import FIELDS, DateTerm, Query, parse
from model.query_examples import (
    FIELD_MEANINGS,
    OPERATORS,
    DatasetExamples,
    date_forms,
    examples_of,
    fields,
    PLACEHOLDER_WIDTH,
    filter_placeholder,
    query_examples,
)
from model.dates import DateSpan
from model.store.protocol import StoreQuestions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DATASETS = [
    bundled_dataset_path(),
    FIXTURES / "acled" / "acled-2020-export-tool.csv",
    FIXTURES / "ucdp" / "ged191-hdx-fixture-myanmar-bangladesh.csv",
    FIXTURES / "timelinejs" / "tl3-example-marktwain.json",
]
TODAY = Day(2026, 11, 25)


def sampled(store: StoreQuestions) -> DatasetExamples | None:
    middle = store.total // 2
    events = store.by_positions(range(middle, min(store.total, middle + 8)))
    return examples_of(events[p] for p in sorted(events))


def q(text: str) -> Query:
    query = parse(text, today=TODAY)
    assert isinstance(query, Query), (text, query)
    return query


def test_every_field_has_its_meaning() -> None:
    assert set(FIELD_MEANINGS) == set(FIELDS)
    assert [name for name, _ in fields()] == [f"{name}:" for name in FIELDS]


def test_the_sirte_examples() -> None:
    examples = sampled(open_path(bundled_dataset_path()).store)
    assert examples == DatasetExamples("hazard", Day(2016, 6, 9), "islamic", "retreating",
                                       100, "statement")
    # As much as 80 columns show whole; a wider bar could say more.
    assert filter_placeholder(examples) == (
        "/ to filter: retreating, kind:hazard, actor:islamic, date:2016-06")
    assert filter_placeholder(examples, width=200).endswith('date:2016-06, after:"last week"')


def test_a_placeholder_is_never_longer_than_80_columns_show() -> None:
    for path in DATASETS:
        said = filter_placeholder(sampled(open_path(path).store))
        assert len(said) <= PLACEHOLDER_WIDTH and said.count(",") >= 1, said


@pytest.mark.parametrize("path", DATASETS, ids=lambda p: p.name)
def test_each_example_parses_and_finds_events(path: Path) -> None:
    store = open_path(path).store
    examples = sampled(store)
    assert examples is not None
    for text, meaning in query_examples(examples):
        assert meaning
        assert store.count(q(text)) > 0, text
    placeholder = filter_placeholder(examples)
    assert placeholder.startswith("/ to filter: ")
    for term in placeholder.removeprefix("/ to filter: ").split(", "):
        query = q(term)
        if "last week" not in term:
            assert store.count(query) > 0, term


def test_the_examples_differ_by_dataset() -> None:
    placeholders = {filter_placeholder(sampled(open_path(p).store)) for p in DATASETS}
    assert len(placeholders) == len(DATASETS)


def test_each_date_form_is_a_date() -> None:
    examples = DatasetExamples("capture", Day(1995, 3, 15))
    forms = date_forms(examples)
    assert [form for form, _ in forms[:5]] == [
        "1995", "1995-03", "1995-03-15", '"15 March 1995"', "1995-03-01..1995-03-15"]
    for form, _ in forms[:5]:
        assert isinstance(q(f"date:{form}").root, DateTerm)
    for form in forms[5][0].split("  "):
        assert isinstance(q(form).root, DateTerm)


def test_words_are_letters_that_need_no_quotes() -> None:
    event = Event("x", "Not and 42 (IS) «Tagréft» base", EventKind.CAPTURE,
                  DateSpan.day(Day(2016, 6, 9)), Certainty.REPORTED)
    examples = examples_of([event])
    assert examples is not None and examples.word == "tagréft" and examples.actor is None


def test_without_events_the_examples_say_only_the_language() -> None:
    assert examples_of([]) is None
    assert "…" in filter_placeholder(None)
    assert all(isinstance(q(text), Query) for text, _ in query_examples(None))
    assert date_forms(None) and OPERATORS
