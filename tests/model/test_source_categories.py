"""The categories a source gave an event, exactly as its row carried them: shown, filtered,
counted and exported without one made up from Dateline's kind."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest

from model.cameo import normalise
from model.categories import source_categories
from model.dataset import DatasetInfo, load_file
from model.event import Event
from model.exporters.csv import acled_row, write_acled_csv
from model.importers import ImportRun
from model.loading import bundled_dataset_path, open_path
from model.query import Query, parse
from model.report import event_json, show_lines
from model.store import EventStore
from model.views import write_view
from tests.importers.conftest import GDELT, TIMELINEJS, UCDP
from tui.widgets.detail_pane import render_event

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ACLED_FIXTURES = sorted((FIXTURES / "acled").glob("*.csv"))
UCDP_VIOLENCE = {"1": "state-based", "2": "non-state", "3": "one-sided"}


def _rows(path: Path) -> list[dict[str, str]]:
    """The file's records as the source wrote them (header names in lower case)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader)]
    return [dict(zip(header, fields, strict=False)) for fields in reader if any(fields)]


def _event_rows(path: Path) -> list[dict[str, str]]:
    """An ACLED file's first row of each event: every row, except in a file of one row per
    actor (no actor2 column), whose rows of one event make one event."""
    rows = _rows(path)
    if rows and "actor2" in rows[0]:
        return rows
    first: dict[str, dict[str, str]] = {}
    for row in rows:
        first.setdefault(row["event_id_cnty"], row)
    return list(first.values())


def _imported(path: Path, *, every_row: bool = True) -> list[Event]:
    run = ImportRun(path)
    events = list(run.events())
    assert not (every_row and run.report.skipped), path.name
    return events


def _acled_label(row: dict[str, str]) -> str:
    words = [row[name].strip() for name in ("event_type", "sub_event_type")
             if row.get(name, "").strip()]
    return "ACLED: " + " / ".join(words)


def _shown(event: Event) -> tuple[list[str], str]:
    return show_lines(event), render_event(event, {}).plain


@pytest.mark.parametrize("path", ACLED_FIXTURES, ids=lambda p: p.name)
def test_every_acled_event_shows_its_own_rows_event_and_sub_event_type(path: Path) -> None:
    rows, events = _event_rows(path), _imported(path)
    for row, event in zip(rows, events, strict=True):
        label = _acled_label(row)
        lines, pane = _shown(event)
        assert f"category:   {label}" in lines, (event.id, lines)
        assert label in pane
        assert [c.label() for c in source_categories(event)] == [label]
        exported = acled_row(event)
        assert exported["event_type"] == row["event_type"].strip()
        assert exported["sub_event_type"] == row.get("sub_event_type", "").strip()
        assert exported["dateline_kind"] == event.kind.value


@pytest.mark.parametrize("path", ACLED_FIXTURES, ids=lambda p: p.name)
def test_the_category_facet_and_filter_count_each_rows_own_category(path: Path) -> None:
    rows = _event_rows(path)
    store = EventStore.from_events(_imported(path), DatasetInfo("x"))
    expected = Counter(_acled_label(row) for row in rows)
    assert dict(store.facets("category")) == dict(expected)
    for label, count in expected.items():
        words = label.removeprefix("ACLED: ").split(" / ")[-1]
        query = parse(f'category:"{words.upper()}"')  # case does not matter
        assert isinstance(query, Query)
        assert store.count(query) == sum(n for other, n in expected.items()
                                         if words.lower() in other.lower())


def test_a_row_whose_kind_contradicts_no_label_shows_the_rows_own_words() -> None:
    # Before, a protest was always "Peaceful protest" and an explosion "Suicide bomb".
    events = _imported(FIXTURES / "acled" / "acled-2016-all-africa-libya-jan-may.csv")
    remote = next(e for e in events if dict(e.attributes)["event_type"] == "Remote violence")
    lines, pane = _shown(remote)
    assert "category:   ACLED: Remote violence" in lines
    assert "Suicide bomb" not in "\n".join(lines) + pane
    assert "kind:       explosion (inferred from the source's category)" in lines


def test_events_without_source_categories_show_none() -> None:
    sirte = load_file(bundled_dataset_path()).dataset.events
    others = [e for path in TIMELINEJS for e in _imported(path, every_row=False)]
    for event in [*sirte, *others]:
        lines, pane = _shown(event)
        assert source_categories(event) == ()
        assert not any(line.startswith("category:") for line in lines), event.id
        assert "ACLED" not in "\n".join(lines) and "ACLED" not in pane, event.id
        assert "inferred from" not in "\n".join(lines)
        assert f"kind:       {event.kind.value}" in lines
        row = acled_row(event)
        assert (row["event_type"], row["sub_event_type"]) == ("", "")
        assert row["dateline_kind"] == event.kind.value
    store = EventStore.from_events(sirte, DatasetInfo("x"))
    assert store.facets("category") == []


def test_a_kind_changed_by_hand_is_not_said_to_be_inferred() -> None:
    from dataclasses import replace

    from model.kinds import EventKind

    event = _imported(FIXTURES / "acled" / "acled-2024-newest-schema-sample.csv")[0]
    assert "(inferred from the source's category)" in show_lines(event)[4]
    edited = replace(event, kind=EventKind.STATEMENT)
    assert show_lines(edited)[4] == "kind:       statement"
    assert any(line.startswith("category:   ACLED: ") for line in show_lines(edited))


def test_ucdp_type_of_violence_is_kept_shown_in_words_and_filterable(tmp_path: Path) -> None:
    rows, events = _rows(UCDP), _imported(UCDP)
    for row, event in zip(rows, events, strict=True):
        code = row["type_of_violence"]
        assert dict(event.attributes)["type_of_violence"] == code
        label = f"UCDP: {UCDP_VIOLENCE[code]}"
        lines, pane = _shown(event)
        assert f"category:   {label}" in lines and label in pane
        assert event_json(event)["categories"] == [
            {"scheme": "UCDP", "code": code, "words": UCDP_VIOLENCE[code], "label": label}]
    store = EventStore.from_events(events, DatasetInfo("x"))
    counts = Counter(UCDP_VIOLENCE[row["type_of_violence"]] for row in rows)
    assert set(counts) == {"state-based", "non-state", "one-sided"}
    for words, count in counts.items():
        query = parse(f"category:{words}")
        assert isinstance(query, Query)
        assert store.count(query) == count, words
    # State-based and non-state clashes are both `clash`, and no longer indistinguishable.
    clashes = parse("kind:clash -category:non-state")
    assert isinstance(clashes, Query)
    assert store.count(clashes) == counts["state-based"]
    # A view written and opened again keeps it.
    query = parse("category:non-state")
    assert isinstance(query, Query)
    path, written = write_view(store, query, tmp_path / "view.toml")
    assert written == counts["non-state"]
    reopened = open_path(path).store
    assert [dict(e.attributes)["type_of_violence"] for e in reopened.iter_events()] == \
        ["2"] * written
    assert reopened.facets("category") == [("UCDP: non-state", written)]


def test_gdelt_events_carry_their_cameo_code_and_its_description() -> None:
    events = _imported(GDELT)
    store = EventStore.from_events(events, DatasetInfo("x"))
    for event in events:
        code = dict(event.attributes)["EventCode"]
        (category,) = source_categories(event)
        assert (category.scheme, category.code) == ("CAMEO", normalise(code))
        assert category.label().startswith(f"CAMEO {category.code}: ")
        assert f"category:   {category.label()}" in show_lines(event)
    fights = [e for e in events if dict(e.attributes)["EventCode"] == "190"]
    if fights:
        query = parse("category:190")
        assert isinstance(query, Query)
        assert store.count(query) >= len(fights)


def test_the_csv_export_leaves_categories_it_never_had_empty() -> None:
    events = load_file(bundled_dataset_path()).dataset.events
    stream = io.StringIO()
    write_acled_csv(events, stream)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert {row["event_type"] for row in rows} == {""}
    assert [row["dateline_kind"] for row in rows] == [e.kind.value for e in events]
