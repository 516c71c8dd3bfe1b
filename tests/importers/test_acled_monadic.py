"""ACLED files of one row per actor ("monadic"): each event's rows make the one event a dyadic
export holds, its fatalities counted once, in the one-process and the parallel import alike."""

from __future__ import annotations

import csv
import importlib.util
import io
import shutil
from pathlib import Path

import pytest

from model import loading
from model.event import ActorRole, CasualtyType
from model.exporters.csv import write_acled_csv
from model.importers import ImportRun, SkippedRow, csvsource
from model.query import Query, parse
from model.store import bulk, plan
from tests.importers.conftest import ACLED_2020, ACLED_2024, FIXTURES

MONADIC = {ACLED_2020: FIXTURES / "acled" / "acled-2020-export-tool-monadic.csv",
           ACLED_2024: FIXTURES / "acled" / "acled-2024-newest-schema-sample-monadic.csv"}


def _rule() -> object:
    spec = importlib.util.spec_from_file_location("monadic", FIXTURES / "acled" / "monadic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _events(path: Path) -> dict[str, object]:
    return {e.id: e for e in ImportRun(path).events()}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.parametrize("dyadic", list(MONADIC), ids=lambda p: p.name)
def test_the_monadic_fixtures_are_what_the_rule_makes(dyadic: Path) -> None:
    made = _rule().monadic(dyadic.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    assert MONADIC[dyadic].read_text(encoding="utf-8") == made
    header = next(csv.reader(io.StringIO(made)))
    assert "actor1" in header and "actor2" not in header


@pytest.mark.parametrize("dyadic", list(MONADIC), ids=lambda p: p.name)
def test_merged_events_equal_the_dyadic_ones(dyadic: Path) -> None:
    run = ImportRun(MONADIC[dyadic])
    merged = {e.id: e for e in run.events()}
    assert merged == _events(dyadic)
    assert run.report.skipped_count == 0 and run.report.notes_count == 0
    assert len(_rows(MONADIC[dyadic])) > len(merged)  # the rows repeat the events


def test_fatalities_are_counted_once_per_event() -> None:
    opened = loading.open_path(MONADIC[ACLED_2020])
    distinct: dict[str, int] = {}
    for row in _rows(MONADIC[ACLED_2020]):
        distinct[row["event_id_cnty"]] = int(row["fatalities"])
    summary = opened.store.casualty_summary()
    assert summary.line(CasualtyType.KILLED).total == sum(distinct.values())
    query = parse("kind:clash")
    assert isinstance(query, Query)
    clashes = {e.id for e in opened.store.iter_events(query)}
    killed = opened.store.casualty_summary(query).line(CasualtyType.KILLED).total
    assert killed == sum(distinct[i] for i in clashes)
    assert not any("-2" in e.id for e in opened.store.iter_events())


def test_both_sides_of_one_category_take_the_row_order() -> None:
    # "11": state forces on both sides; the first row's actor is side a.
    dyadic = next(r for r in _rows(ACLED_2020) if r["interaction"] == "11")
    event = _events(MONADIC[ACLED_2020])[dyadic["event_id_cnty"]]
    sides = [(a.name, a.role) for a in event.actors
             if a.role in (ActorRole.SIDE_A, ActorRole.SIDE_B)]
    assert sides == [(dyadic["actor1"], ActorRole.SIDE_A), (dyadic["actor2"], ActorRole.SIDE_B)]


def _edited(tmp_path: Path, edit: object, name: str = "edited.csv") -> Path:
    """The monadic 2020 fixture with `edit(rows)` applied to its rows (header kept)."""
    rows = list(csv.reader(io.StringIO(MONADIC[ACLED_2020].read_text(encoding="utf-8"))))
    edit(rows)  # type: ignore[operator]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize(("column", "value", "field"), [
    ("fatalities", "99", "fatalities (99 here, 12 there)"),
    ("event_date", "22 March 2020", "event_date"),
    ("location", "Kabul", "location ('Kabul, Balkh, Afghanistan' here"),
])
def test_rows_that_disagree_are_reported_not_merged(tmp_path: Path, column: str, value: str,
                                                    field: str) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[2][rows[0].index(column)] = value  # the second row of the first event

    path = _edited(tmp_path, edit)
    run = ImportRun(path)
    events = {e.id: e for e in run.events()}
    first = events["AFG44631"]
    assert [a.name for a in first.actors] == ["Taliban"]  # the other row's actor not merged
    assert first.casualties[0].count == 12
    [line] = run.report.lines()
    assert line.startswith(f"line 3: event_id_cnty 'AFG44631' is the event of line 2, but "
                           f"its {field}")
    assert line.endswith("; not merged (line 2 is kept) (skipped)")
    assert run.report.skipped_count == 1
    parallel = bulk.import_parts(path, str(tmp_path / "s.db"), str(tmp_path / "t.db"),
                                       parts=3)
    assert parallel.report.lines() == run.report.lines()


def test_a_category_outside_the_interaction_is_noted(tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[2][rows[0].index("inter1")] = "6"  # protesters, in a "12" interaction

    path = _edited(tmp_path, edit)
    run = ImportRun(path)
    list(run.events())
    assert run.report.lines() == [
        "line 3: inter1 'Protesters' is not a side of interaction '12'; the actor is taken "
        "as side b, as its row comes after the first"]
    parallel = bulk.import_parts(path, str(tmp_path / "s.db"), str(tmp_path / "t.db"),
                                       parts=3)
    assert parallel.report.lines() == run.report.lines()


def test_rows_of_one_event_apart_from_each_other_are_merged(tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows.append(rows.pop(2))  # the first event's second row, last

    path = _edited(tmp_path, edit)
    assert _events(path) == _events(ACLED_2020)


@pytest.mark.parametrize("parts", [2, 3, 4, 5, 8])
def test_parts_never_cut_an_event(tmp_path: Path, parts: int) -> None:
    source = tmp_path / "monadic.csv"
    shutil.copyfile(MONADIC[ACLED_2020], source)
    reader = plan.FORMATS["acled"].reader(
        csvsource.Columns(plan.read_header(source).fields, {}))
    plans = plan.plan_parts(source, plan.read_header(source), parts, reader.event_key)
    data = source.read_bytes()
    firsts = [next(csv.reader([data[p.start:].split(b"\n", 1)[0].decode()]))[0]
              for p in plans[1:]]
    lasts = [next(csv.reader([data[:p.start].rstrip(b"\n").rsplit(b"\n", 1)[1].decode()]))[0]
             for p in plans[1:]]
    assert all(a != b for a, b in zip(firsts, lasts, strict=True))
    for part in plans:  # each part starts on the line it says
        assert data[:part.start].count(b"\n") + 1 == part.line
    done = bulk.import_parts(source, str(tmp_path / "s.db"), str(tmp_path / "t.db"),
                             parts=parts)
    assert done.events == len(_events(ACLED_2020))


def test_the_parallel_import_hands_rows_apart_to_the_one_process_import(
        tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows.insert(40, rows.pop(2))

    path = _edited(tmp_path, edit)
    with pytest.raises(plan.Unsupported, match="apart from its others"):
        bulk.import_parts(path, str(tmp_path / "s.db"), str(tmp_path / "t.db"), parts=1)


def test_a_csv_export_writes_real_acled_ids_once(tmp_path: Path) -> None:
    out = io.StringIO()
    write_acled_csv(ImportRun(MONADIC[ACLED_2020]).events(), out)
    ids = [row["event_id_cnty"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert sorted(ids) == sorted(r["event_id_cnty"] for r in _rows(ACLED_2020))


def test_a_skipped_first_row_leaves_the_event_to_its_next_row(tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("event_date")] = "not a date"

    run = ImportRun(_edited(tmp_path, edit))
    event = {e.id: e for e in run.events()}["AFG44631"]
    assert [a.name for a in event.actors] == ["Military Forces of Afghanistan (2014-)"]
    assert [type(r) for r in run.report.entries()] == [SkippedRow]


def test_in_a_dyadic_file_a_repeated_id_keeps_its_own_event_and_exports_its_real_id(
        tmp_path: Path) -> None:
    text = ACLED_2020.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "repeated.csv"
    path.write_text("".join([*text[:3], text[1]]), encoding="utf-8")  # line 4 repeats line 2
    run = ImportRun(path)
    events = list(run.events())
    assert [e.id for e in events] == ["AFG44631", "AFG44667", "AFG44631-2"]
    assert run.report.lines() == [
        "line 4: id 'AFG44631' is already used by an earlier record; imported as 'AFG44631-2'"]
    out = io.StringIO()
    write_acled_csv(events, out)
    ids = [row["event_id_cnty"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert ids == ["AFG44631", "AFG44667", "AFG44631"]
    opened = bulk.import_parts(path, str(tmp_path / "s.db"), str(tmp_path / "t.db"),
                               parts=1)
    assert opened.report.lines() == run.report.lines()
