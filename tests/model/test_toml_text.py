"""The fast TOML writer is `tomli_w`, byte for byte: over generated events and datasets,
hostile text, the view table, and the values only it must refuse."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from model.dataset_write import event_to_table, info_to_table
from model.exporters.toml_text import dumps
from tests.model.dateline_strategies import datasets

every_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                     max_size=40)
leaves = (every_text | st.booleans() | st.integers(-2**63, 2**63 - 1)
          | st.floats(allow_nan=False) | st.dates()
          | st.datetimes(timezones=st.just(dt.timezone.utc)))
tables = st.recursive(
    st.dictionaries(every_text, leaves, max_size=4),
    lambda inner: st.dictionaries(every_text, inner | st.lists(inner, max_size=3)
                                  | st.lists(leaves, max_size=3), max_size=4),
    max_leaves=12)


@settings(max_examples=200)
@given(datasets())
def test_events_and_the_dataset_head_as_tomli_w_writes_them(
        dataset: tuple[object, list[object]]) -> None:
    info, items = dataset
    head = {"format_version": 1, "dataset": info_to_table(info)}  # type: ignore[arg-type]
    assert dumps(head) == tomli_w.dumps(head)
    for event in items:
        table = {"events": [event_to_table(event)]}  # type: ignore[arg-type]
        assert dumps(table) == tomli_w.dumps(table)


@settings(max_examples=300)
@given(tables)
def test_any_table_of_these_values_as_tomli_w_writes_it(table: dict[str, object]) -> None:
    written = dumps(table)
    assert written == tomli_w.dumps(table)
    assert tomllib.loads(written) == tomllib.loads(tomli_w.dumps(table))


def test_control_characters_quotes_and_long_tables() -> None:
    table = {"events": [{"id": "a\x00b\x1b[31m\"\\\t\x7f\u2028", "casualties": [
        {"type": "killed", "count": 6, "party": "x" * 90}, {"type": "wounded", "count": 1}],
        "key with space": {"nested": [1, 2]}}]}
    assert dumps(table) == tomli_w.dumps(table)


@pytest.mark.parametrize("value", [object(), {1: "a"}, dt.time(1, tzinfo=dt.timezone.utc)])
def test_what_tomli_w_refuses_is_refused(value: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        tomli_w.dumps({"v": value})
    with pytest.raises((TypeError, ValueError)):
        dumps({"v": value})
