"""View files: export then reopen gives the same view; writes are atomic and never clobber."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest
import tomli_w
from dateline_strategies import datasets, queries, write_dataset
from hypothesis import given, settings
from hypothesis import strategies as st

from model.days import Day
from model.dataset import DatasetInfo, load_dataset
from model.dates import DatePrecision, DateSpan
from model.event import Certainty, Event, chronological
from model.kinds import EventKind
from model.loading import OpenedFile, open_path
from model.query import Query, parse
from model.safe_write import TEMP_SUFFIX, WriteError, write_atomic
from model.store import EventStore
from model.validation import DataError
from model.views import ExportCancelled, write_view
from model.progress import CancelToken
from tests.sinks import HeardReads

NOW = dt.datetime(2016, 6, 10, 12, 0, tzinfo=dt.timezone.utc)


def q(text: str) -> Query:
    query = parse(text)
    assert isinstance(query, Query), query
    return query


def assert_same_view(opened: OpenedFile, store: EventStore, query: Query,
                     marked: list[str], cursor: str | None) -> None:
    expected = list(store.iter_events(query))
    ids = {e.id for e in expected}
    assert list(opened.store.iter_events()) == expected  # same events, same order, every field
    assert opened.query == query
    assert opened.view is not None
    assert opened.view.query == query.text
    assert opened.view.marked == tuple(m for m in marked if m in ids)
    assert opened.view.cursor == (cursor if cursor in ids else None)
    assert opened.view.exported_at == NOW
    assert opened.view.source is not None
    assert opened.view.source.event_count == store.total
    assert opened.view.source.sha256 == store.sha256


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


# -- round trips ------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(queries, st.data())
def test_export_then_reopen_over_the_sirte_dataset(sirte_store: EventStore, text: str,
                                                   data: st.DataObject) -> None:
    query = q(text)
    all_ids = [e.id for e in sirte_store.iter_events()]
    marked = data.draw(st.lists(st.sampled_from(all_ids), unique=True, max_size=5))
    cursor = data.draw(st.none() | st.sampled_from(all_ids))
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "view.toml"
        path, count = write_view(sirte_store, query, target, marked=marked, cursor=cursor,
                                 now=NOW)
        assert (path, count) == (target, sirte_store.count(query))
        opened = open_path(target)
        assert opened.warnings == ()  # quotes checked against the seed, found through the view
        assert_same_view(opened, sirte_store, query, marked, cursor)
        assert leftovers(Path(folder)) == []


@settings(max_examples=40, deadline=None)
@given(datasets(), st.lists(queries, min_size=1, max_size=2), st.data())
def test_export_then_reopen_over_generated_datasets(
        generated: tuple[DatasetInfo, list[Event]], texts: list[str],
        data: st.DataObject) -> None:
    info, items = generated
    ids = [e.id for e in items]
    with tempfile.TemporaryDirectory() as folder:
        source = write_dataset(Path(folder) / "generated.toml", info, items)
        store = open_path(source).store
        # Loading the written dataset gives back every event, in chronological order.
        assert list(store.iter_events()) == chronological(items)
        for index, text in enumerate([*texts, ""]):
            query = q(text)
            marked = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))
            cursor = data.draw(st.none() | st.sampled_from(ids))
            target = Path(folder) / f"view-{index}.toml"
            write_view(store, query, target, marked=marked, cursor=cursor, now=NOW)
            opened = open_path(target)
            # Quotes naming no document, with no single document to be their default,
            # cannot be checked: said, once.
            unchecked = len(info.documents) != 1 and any(
                quote.document is None for event in store.iter_events(query)
                for quote in event.quotes)
            assert [w.split(": ", 1)[1].split(" were not checked")[0]
                    for w in opened.warnings] == (
                ["quotes that name no document"] if unchecked else [])
            assert_same_view(opened, store, query, marked, cursor)
        assert leftovers(Path(folder)) == []


@pytest.mark.parametrize("span", [
    DateSpan.day(Day(2016, 6, 9)),
    DateSpan(Day(2016, 6, 9), Day(2016, 6, 10)),
    DateSpan.week_around(Day(2016, 6, 9)),
    DateSpan(Day(2016, 6, 9), Day(2016, 6, 9), DatePrecision.WEEK),
    DateSpan(Day(2016, 6, 1), Day(2016, 6, 1), DatePrecision.MONTH),
    DateSpan(Day(2016, 6, 1), Day(2016, 6, 15), DatePrecision.MONTH),
    DateSpan.month(2016, 2),
    DateSpan(Day(2016, 1, 1), Day(2016, 1, 1), DatePrecision.YEAR),
    DateSpan.year(2016, forecast=True, inferred=True),
], ids=repr)
def test_written_spans_read_back_unchanged(tmp_path: Path, span: DateSpan) -> None:
    event = Event("e", "An event", EventKind.OTHER, span, Certainty.REPORTED)
    path = write_dataset(tmp_path / "one.toml", DatasetInfo("One event"), [event])
    assert load_dataset(path).events == (event,)


def test_view_of_a_view_keeps_documents_reachable(sirte_path: Path, sirte_store: EventStore,
                                                   tmp_path: Path) -> None:
    first = tmp_path / "a" / "first.toml"
    first.parent.mkdir()
    write_view(sirte_store, q("kind:capture"), first, marked=["tagreft-barracks-taken"],
               cursor="western-entrance-taken", now=NOW)
    opened = open_path(first)
    assert opened.view is not None
    second = tmp_path / "b" / "c" / "second.toml"
    second.parent.mkdir(parents=True)
    write_view(opened.store, opened.query, second, marked=opened.view.marked,
               cursor=opened.view.cursor, now=NOW)
    again = open_path(second)
    assert again.warnings == ()
    assert [e.id for e in again.store.iter_events()] == [  # the same day: the file's order
        "tagreft-barracks-taken", "al-jalet-barracks-taken", "western-entrance-taken"]
    assert again.view is not None
    assert again.view.marked == ("tagreft-barracks-taken",)
    assert again.view.cursor == "western-entrance-taken"
    assert again.view.source is not None
    assert again.view.source.path == "../../a/first.toml"


def test_document_paths_are_rewritten_relative_to_the_view(sirte_path: Path, root: Path,
                                                           sirte_store: EventStore,
                                                           tmp_path: Path) -> None:
    target = tmp_path / "deep" / "view.toml"
    target.parent.mkdir()
    write_view(sirte_store, q("kind:forecast"), target, now=NOW)
    table = tomllib.loads(target.read_text(encoding="utf-8"))
    seed = root / "seeds" / "000_74bcfdcbab6465dd.txt"
    document = table["dataset"]["documents"][0]
    assert document["path"] == os.path.relpath(seed.resolve(), target.parent.resolve())
    assert (target.parent / document["path"]).resolve() == seed.resolve()
    view = table["view"]
    assert view["query"] == "kind:forecast"
    assert view["sort"] == "chronological"
    assert view["exported_at"] == NOW
    assert view["exported_by"].startswith("dateline ")
    assert view["source"]["path"] == os.path.relpath(sirte_path.resolve(),
                                                     target.parent.resolve())
    assert view["source"]["event_count"] == 19
    assert view["source"]["title"] == sirte_store.info.title
    assert [e["id"] for e in table["events"]] == ["liberation-forecast"]
    # The events are held in full: every field of the source's event is in the view.
    assert table["events"][0]["quotes"][0]["start"] == 630


def test_marks_and_cursor_outside_the_view_are_dropped(sirte_store: EventStore,
                                                       tmp_path: Path) -> None:
    target = tmp_path / "view.toml"
    write_view(sirte_store, q("kind:capture"), target,
               marked=["liberation-forecast", "tagreft-barracks-taken"],
               cursor="liberation-forecast", now=NOW)
    view = open_path(target).view
    assert view is not None
    assert view.marked == ("tagreft-barracks-taken",)
    assert view.cursor is None


def test_an_empty_view_reopens(sirte_store: EventStore, tmp_path: Path) -> None:
    target = tmp_path / "empty.toml"
    assert write_view(sirte_store, q("killed>1000"), target, now=NOW)[1] == 0
    opened = open_path(target)
    assert opened.store.total == 0
    assert opened.query.text == "killed>1000"


# -- atomic writes ------------------------------------------------------------------------------


def test_refuses_to_overwrite_and_leaves_the_file_alone(sirte_store: EventStore,
                                                        tmp_path: Path) -> None:
    target = tmp_path / "view.toml"
    write_view(sirte_store, q("kind:capture"), target, now=NOW)
    before = target.read_bytes()
    with pytest.raises(WriteError) as caught:
        write_view(sirte_store, q("kind:forecast"), target)
    assert str(caught.value) == (
        f"{target}: already exists (choose another name, or confirm overwrite)")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.toml"]


def test_overwrite_replaces(sirte_store: EventStore, tmp_path: Path) -> None:
    target = tmp_path / "view.toml"
    write_view(sirte_store, q("kind:capture"), target, now=NOW)
    write_view(sirte_store, q("kind:forecast"), target, overwrite=True, now=NOW)
    assert [e.id for e in open_path(target).store.iter_events()] == ["liberation-forecast"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.toml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.toml"
    target.write_bytes(b"old")

    def produce(stream) -> None:
        stream.write(b"half a fi")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_atomic(target, produce, overwrite=True)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_overwrite_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.toml"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, lambda stream: stream.write(b"new"), overwrite=True)
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o7777 == 0o640


def test_overwrite_through_a_symlink_replaces_its_file_and_keeps_the_link(
        tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "view.toml"
    real.write_bytes(b"old")
    link = tmp_path / "view.toml"
    link.symlink_to(real)
    with pytest.raises(WriteError, match=f"^{link}: already exists"):
        write_atomic(link, lambda stream: stream.write(b"new"))
    write_atomic(link, lambda stream: stream.write(b"new"), overwrite=True)
    assert link.is_symlink() and link.readlink() == real
    assert real.read_bytes() == b"new"
    assert leftovers(tmp_path) == [] and leftovers(real.parent) == []


def test_a_dangling_symlink_is_not_replaced_without_overwrite(tmp_path: Path) -> None:
    link = tmp_path / "view.toml"
    link.symlink_to(tmp_path / "gone.toml")
    with pytest.raises(WriteError, match="already exists"):
        write_atomic(link, lambda stream: stream.write(b"new"))
    assert link.is_symlink() and not (tmp_path / "gone.toml").exists()
    write_atomic(link, lambda stream: stream.write(b"new"), overwrite=True)
    assert link.is_symlink() and (tmp_path / "gone.toml").read_bytes() == b"new"


def test_an_export_says_how_far_it_got_and_stops_when_cancelled(tmp_path: Path) -> None:

    from model import views

    events = [Event(id=f"e{i}", title=f"Event {i}", kind=EventKind.OTHER,
                    date=DateSpan.day(Day(2020, 1, 1) + dt.timedelta(days=i)),
                    certainty=Certainty.REPORTED) for i in range(2500)]
    store = EventStore.from_events(events, DatasetInfo(title="many"))
    sink = HeardReads()
    target = tmp_path / "view.toml"
    _, count = write_view(store, q(""), target, progress=sink, now=NOW)
    heard = [done for done, _total in sink.heard]
    assert count == 2500 and heard == [0, views.PROGRESS_EVERY, 2 * views.PROGRESS_EVERY]
    before = target.read_bytes()
    cancel = CancelToken()

    def stop_at_the_second(done: int, _total: int) -> None:
        if done:
            cancel.cancel()

    with pytest.raises(ExportCancelled):
        write_view(store, q(""), target, overwrite=True,
                   progress=HeardReads(stop_at_the_second), cancel=cancel)
    assert target.read_bytes() == before and leftovers(tmp_path) == []


def test_writing_into_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "out.toml"
    with pytest.raises(WriteError, match="the folder does not exist"):
        write_atomic(target, lambda stream: stream.write(b"x"))


def test_writing_onto_a_folder(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="is a folder"):
        write_atomic(tmp_path, lambda stream: stream.write(b"x"), overwrite=True)


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporary_of_a_dead_writer_is_cleaned(sirte_store: EventStore,
                                                     tmp_path: Path) -> None:
    target = tmp_path / "view.toml"
    stale = tmp_path / f".view.toml.{dead_pid()}{TEMP_SUFFIX}"
    stale.write_bytes(b"left by a killed export")
    live = tmp_path / f".view.toml.{os.getppid()}{TEMP_SUFFIX}"  # a writer still running
    live.write_bytes(b"still being written")
    other = tmp_path / f".other.toml.{dead_pid()}{TEMP_SUFFIX}"  # beside another file
    other.write_bytes(b"not ours")
    write_view(sirte_store, q("kind:capture"), target, now=NOW)
    assert not stale.exists()
    assert live.exists() and other.exists()
    assert open_path(target).store.total == 3


# -- views whose source changed ---------------------------------------------------------------


@pytest.fixture
def exported(sirte_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the Sirte dataset (with its seed where it expects it) and a view of it."""
    data, seeds = tmp_path / "data", tmp_path / "seeds"
    data.mkdir()
    seeds.mkdir()
    root = sirte_path.parents[1]
    (seeds / "000_74bcfdcbab6465dd.txt").write_bytes(
        (root / "seeds" / "000_74bcfdcbab6465dd.txt").read_bytes())
    source = data / "sirte.toml"
    source.write_bytes(sirte_path.read_bytes())
    view = tmp_path / "views" / "captures.toml"
    view.parent.mkdir()
    write_view(open_path(source).store, q("kind:capture"), view, marked=["al-jalet-barracks-taken"],
               now=NOW)
    return source, view


NEW_CAPTURE = """
[[events]]
id = "port-taken"
title = "Port of Sirte taken"
kind = "capture"
certainty = "claimed"
date = { earliest = 2016-06-11 }
"""


def test_unchanged_source_opens_quietly(exported: tuple[Path, Path]) -> None:
    _, view = exported
    assert open_path(view).warnings == ()


def test_changed_source_warns_and_shows_the_saved_events(exported: tuple[Path, Path]) -> None:
    source, view = exported
    with open(source, "a", encoding="utf-8") as stream:
        stream.write(NEW_CAPTURE)
    opened = open_path(view)
    assert len(opened.warnings) == 1
    warning = opened.warnings[0]
    assert warning.startswith(f"{view}: source dataset ")
    assert "has changed since the export (sha256 differs)" in warning
    assert "showing the 3 saved events" in warning
    assert [e.id for e in opened.store.iter_events()] == [
        "tagreft-barracks-taken", "al-jalet-barracks-taken", "western-entrance-taken"]


def test_reapply_applies_the_query_to_the_current_source(exported: tuple[Path, Path]) -> None:
    source, view = exported
    with open(source, "a", encoding="utf-8") as stream:
        stream.write(NEW_CAPTURE)
    opened = open_path(view, reapply=True)
    assert opened.query.text == "kind:capture"
    assert [e.id for e in opened.store.iter_events(opened.query)] == [
        "tagreft-barracks-taken", "al-jalet-barracks-taken", "western-entrance-taken",
        "port-taken"]
    assert opened.view is not None and opened.view.marked == ("al-jalet-barracks-taken",)
    assert any("query applied to the current" in w for w in opened.warnings)


def test_reapply_with_the_source_gone_keeps_the_saved_events(
        exported: tuple[Path, Path]) -> None:
    source, view = exported
    source.unlink()
    assert open_path(view).warnings == ()
    opened = open_path(view, reapply=True)
    assert opened.store.total == 3
    assert len(opened.warnings) == 1
    assert "is not there; showing the saved events" in opened.warnings[0]


# -- broken views ------------------------------------------------------------------------------


def edit_view(path: Path, **changes: object) -> None:
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    table["view"].update(changes)
    with open(path, "wb") as stream:
        tomli_w.dump(table, stream)


def view_line(path: Path, key: str) -> int:
    """The line of a [view] key in the file (as a problem with it names it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("[view]")
    return next(n for n, line in enumerate(lines[start:], start=start + 1)
                if line.startswith(f"{key} ="))


def test_unknown_marked_and_cursor_ids_are_data_errors(exported: tuple[Path, Path]) -> None:
    _, view = exported
    edit_view(view, marked=["al-jalet-barracks-taken", "no-such-event"], cursor="liberation")
    with pytest.raises(DataError) as caught:
        open_path(view)
    assert caught.value.lines() == [
        f"{view}: line {view_line(view, 'marked')}: view.marked[1]: 'no-such-event' is not "
        "an event in this file",
        f"{view}: line {view_line(view, 'cursor')}: view.cursor: 'liberation' is not an "
        "event in this file",
    ]


def test_first_marked_unknown(exported: tuple[Path, Path]) -> None:
    _, view = exported
    edit_view(view, marked=["liberation-forecast"])  # in the source, but not in this view
    with pytest.raises(DataError) as caught:
        open_path(view)
    assert caught.value.lines() == [
        f"{view}: line {view_line(view, 'marked')}: view.marked[0]: 'liberation-forecast' "
        "is not an event in this file"]


@pytest.mark.parametrize(("changes", "line"), [
    ({"query": "actr:GNA"}, "view.query: unknown field 'actr' \u2014 did you mean 'actor'?"),
    ({"sort": "alphabetical"}, "view.sort: 'alphabetical' is not one of chronological"),
    ({"exported_at": "yesterday"},
     "view.exported_at: expected a date and time like 2016-06-10T12:00:00Z"),
    ({"colour": "red"}, "view.colour: unknown key"),
])
def test_bad_view_tables(exported: tuple[Path, Path], changes: dict, line: str) -> None:
    _, view = exported
    edit_view(view, **changes)
    with pytest.raises(DataError) as caught:
        open_path(view)
    (key,) = changes
    assert caught.value.lines() == [f"{view}: line {view_line(view, key)}: {line}"]
