"""Big ACLED and UCDP GED files imported in parts on every core give exactly the store, report
and answers of the one-process import, or hand the file to it; nothing is left behind."""

from __future__ import annotations

import csv
import io
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model import loading
from model.importers import ImportCancelled, ImportReport, ImportRun
from model.loading import OpenedFile
from model.progress import CancelToken
from model.query import Query, parse
from model.store import EventStore, bulk, cache, merge, plan, schema
from model.store import parts as part_process
from model.validation import DataError
from tests.sinks import HeardReads

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ACLED_FILES = [
    *sorted((FIXTURES / "acled").glob("*.csv")),
    *sorted((FIXTURES / "broken-imports").glob("acled-*.csv")),
]
UCDP_FILES = [
    *sorted((FIXTURES / "ucdp").glob("*.csv")),
    *sorted((FIXTURES / "broken-imports").glob("ucdp-*.csv")),
]
GDELT_FILES = [
    *sorted((FIXTURES / "gdelt").glob("*.csv")),
    *sorted((FIXTURES / "broken-imports").glob("gdelt-*.csv")),
]
QUERIES = ("", "kind:clash", "taliban", '"armed clash"', "killed>=1", "actor:taliban",
           "date:2020", "-kind:protest", "source:reuters", "category:battles",
           "category:state-based", '-category:"armed clash"', "category:190",
           "killed:0", "killed<2", "-killed:0", "scope:incident")


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)  # every import is big here
    return tmp_path


def _one_process(path: Path, monkeypatch: pytest.MonkeyPatch) -> OpenedFile:
    """The file opened by the one-process import, with its own cache."""
    def unsupported(*_args: object, **_kwargs: object) -> None:
        raise plan.Unsupported("the one-process import, for comparison")

    with monkeypatch.context() as patch:
        patch.setattr(cache, "import_parts", unsupported)
        patch.setenv("XDG_CACHE_HOME", str(path.parent / "xdg-one-process"))
        return loading.open_path(path)


def _one_process_report(path: Path) -> ImportReport:
    """The full report of the one-process import (a cached store keeps only its counts)."""
    run = ImportRun(path)
    for _record in run.records():
        pass
    return run.report


def _assert_same(parallel: OpenedFile, one: OpenedFile) -> None:
    a, b = parallel.store, one.store
    assert a.total == b.total
    assert list(a.iter_events()) == list(b.iter_events())
    for text in QUERIES:
        query = parse(text)
        assert isinstance(query, Query), text
        assert a.count(query) == b.count(query), text
        assert [s.event for s in a.page(query, limit=40)] == \
            [s.event for s in b.page(query, limit=40)], text
    for field in ("kind", "actor", "place", "source", "tag", "category"):
        assert a.facets(field) == b.facets(field), field
    assert a.casualty_summary() == b.casualty_summary()
    assert parallel.warnings == one.warnings
    assert a.info == b.info and a.sha256 == b.sha256
    first = next(iter(b.iter_events()), None)
    if first is not None:
        assert a.get(first.id) == b.get(first.id)
        assert a.related(first.id) == b.related(first.id)


def _entry_files() -> list[str]:
    return sorted(p.name.rsplit(".", 1)[-1] for p in cache.cache_dir().iterdir())


@pytest.mark.parametrize("path", ACLED_FILES + UCDP_FILES + GDELT_FILES, ids=lambda p: p.name)
def test_every_fixture_imports_as_the_one_process_import_does(
        path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = cache_home / path.name
    shutil.copyfile(path, source)
    _check_like_one_process(source, cache_home, monkeypatch)


def _gdelt_rows() -> list[list[str]]:
    with open(FIXTURES / "gdelt" / "gdelt1-bigquery-events-noheader.csv", newline="",
              encoding="utf-8") as stream:
        return list(csv.reader(stream))


def _gdelt_variant(name: str) -> bytes:
    """GDELT files as they come: the official TAB files, BigQuery exports with or without
    a header, and the odd rows the one-process import skips or notes."""
    from model.importers import gdelt

    rows = _gdelt_rows()
    if name == "official-tab":
        return "".join("\t".join("" if v == "NULL" else v for v in row) + "\n"
                       for row in rows).encode()
    if name == "no-source-url-57":
        return "".join("\t".join(row[:57]) + "\n" for row in rows).encode()
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    if name == "with-header":
        writer.writerow(gdelt.LAYOUTS[58])
        writer.writerows(rows)
    elif name == "bom":
        writer.writerows(rows)
        return b"\xef\xbb\xbf" + out.getvalue().encode()
    elif name == "odd-rows":
        writer.writerow(rows[0])
        writer.writerow(["#event+id", "#date"] + ["#x"] * 56)  # an HXL row, second
        for k, row in enumerate(rows[1:], start=1):
            if k % 9 == 0:
                row = row[:40]  # too short: skipped
            elif k % 9 == 1:
                row = row[:57]  # only SOURCEURL missing: imported
            elif k % 9 == 5:
                row = [row[0], "2018-13-45", *row[2:]]  # not a date: skipped
            elif k % 9 == 3:
                row = [rows[k - 1][0], *row[1:]]  # the id of the row before: renamed
            elif k % 9 == 4:
                out.write("\n")  # a blank line
            writer.writerow(row)
    elif name == "latin-1":
        writer.writerows(rows)
        return out.getvalue().encode() + "\"999\",\"2018\u00e9\"\n".encode("latin-1")
    return out.getvalue().encode()


@pytest.mark.parametrize("name", ["official-tab", "no-source-url-57", "with-header", "bom",
                                  "odd-rows", "latin-1"])
def test_gdelt_files_import_in_parts_as_the_one_process_import_does(
        name: str, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = cache_home / f"gdelt-{name}.csv"
    source.write_bytes(_gdelt_variant(name))
    _check_like_one_process(source, cache_home, monkeypatch)


def _check_like_one_process(source: Path, cache_home: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    parallel = loading.open_path(source)
    parallel.store.wait_until_built()
    assert _entry_files() == ["dateline-store", "dateline-text"]  # the parallel path
    _assert_same(parallel, _one_process(source, monkeypatch))
    reopened = loading.open_path(source)  # from the cache entry
    _assert_same(reopened, parallel)
    # Every skipped row and note, word for word (the cache keeps only their first lines).
    expected = _one_process_report(source).lines()
    for parts in (1, 2):
        try:
            done = bulk.import_parts(source, str(cache_home / f"s{parts}"),
                                           str(cache_home / f"t{parts}"),
                                           format=parallel.report.format, parts=parts)
        except plan.PartsDisagree:
            continue
        assert done.report.lines() == expected


def test_parts_cut_anywhere_agree(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench import generate

    source = generate.write(2000, cache_home / "big.csv", seed=11)
    one = _one_process(source, monkeypatch)
    for parts in (1, 2, 5):
        store, text = cache_home / f"s{parts}", cache_home / f"t{parts}"
        done = bulk.import_parts(source, str(store), str(text), parts=parts)
        assert done.events == 2000 and done.report.summary() == one.report.summary()
        assert done.report.lines() == _one_process_report(source).lines()
    assert sorted(p.name for p in cache_home.iterdir() if "part" in p.name) == []


def test_the_work_after_the_reading_reports_each_step_in_order(cache_home: Path) -> None:
    from bench import generate

    source = generate.write(500, cache_home / "big.csv", seed=3)

    class Heard:
        def __init__(self) -> None:
            self.read_: list[tuple[int, int]] = []
            self.steps: list[tuple[float, str]] = []

        def read(self, done: int, total: int, records: int, unit: str = "rows") -> None:
            self.read_.append((done, total))

        def stage(self, name: str, fraction: float) -> None:
            self.steps.append((fraction, name))

    heard = Heard()
    bulk.import_parts(source, str(cache_home / "s"), str(cache_home / "t"), parts=2,
                            progress=heard)
    size = source.stat().st_size
    assert heard.read_[-1] == (size, size)
    fractions = [fraction for fraction, _ in heard.steps]
    assert fractions == sorted(fractions) and 0 == fractions[0] and fractions[-1] < 1
    said = list(dict.fromkeys(what for _, what in heard.steps))
    assert said == list(merge.MERGE_STEPS)
    assert sum(1 for _, what in heard.steps if what == "indexes") == schema.INDEX_COUNT


# -- what the parallel import hands to the one-process import ------------------------------


def _write_rows(path: Path, rows: list[list[str]], *, encoding: str = "utf-8") -> Path:
    header = ["event_id_cnty", "event_date", "year", "time_precision", "event_type",
              "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
              "latitude", "longitude", "source", "notes", "fatalities"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding=encoding)
    return path


def _row(n: int, notes: str = "notes", event_id: str | None = None) -> list[str]:
    return [event_id or f"SYR{n}", f"{1 + n % 28} March 2020", "2020", "1", "Battles",
            "Armed clash", "Taliban", "Civilians (Syria)", "Syria", "Aleppo", "Aleppo",
            "36.2", "37.1", "Reuters", notes, str(n % 4)]


def test_a_record_across_a_part_boundary_is_read_as_one_part(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stray quote in an unquoted field makes the quote count lie about where records
    # start; a cut inside the multi-line note below is noticed, not trusted.
    rows = [_row(n) for n in range(200)]
    text = _write_rows(cache_home / "a.csv", rows).read_text()
    lines = text.splitlines(keepends=True)
    lines[2] = lines[2].replace("notes", 'said "no')
    middle = len(lines) // 2
    lines[middle] = lines[middle].replace("notes", '"first line\n' + "x\n" * 3000 + 'last"')
    source = cache_home / "b.csv"
    source.write_text("".join(lines))
    with pytest.raises(plan.PartsDisagree, match="boundary"):
        bulk.import_parts(source, str(cache_home / "s"), str(cache_home / "t"), parts=2)
    _assert_same(loading.open_path(source), _one_process(source, monkeypatch))
    assert _entry_files() == ["dateline-store", "dateline-text"]  # still the parallel path


def test_one_id_in_two_parts_is_read_as_one_part_and_renamed(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [_row(n) for n in range(300)]
    rows[-1] = _row(299, event_id="SYR1")
    source = _write_rows(cache_home / "a.csv", rows)
    with pytest.raises(plan.PartsDisagree, match="same id"):
        bulk.import_parts(source, str(cache_home / "s"), str(cache_home / "t"), parts=2)
    opened = loading.open_path(source)
    assert any("already used" in w for w in opened.warnings)
    _assert_same(opened, _one_process(source, monkeypatch))
    assert _entry_files() == ["dateline-store", "dateline-text"]


@pytest.mark.parametrize("encoding", ["utf-16"])
def test_utf16_files_are_read_by_the_one_process_import(
        cache_home: Path, encoding: str, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _write_rows(cache_home / "a.csv", [_row(n) for n in range(50)], encoding=encoding)
    with pytest.raises(plan.Unsupported):
        plan.read_header(source)
    opened = loading.open_path(source)
    assert opened.store.total == 50
    assert _entry_files() == ["dateline-store"]


def test_a_failed_part_hands_the_file_over(cache_home: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    source = _write_rows(cache_home / "a.csv", [_row(n) for n in range(50)])
    real = part_process._task_json
    monkeypatch.setattr(part_process, "_task_json",
                        lambda task: real(part_process.PartTask(
                            "/nonexistent/file.csv", task.plan, task.header, task.delimiter,
                            task.database)))
    with pytest.raises(plan.Unsupported, match="FileNotFoundError"):
        bulk.import_parts(source, str(cache_home / "s"), str(cache_home / "t"), parts=2)
    assert loading.open_path(source).store.total == 50
    assert not [p for p in cache_home.iterdir() if p.name.endswith(".building")]


# -- cancelling, and a file changed under a store ----------------------------------------------


def test_cancelling_midway_leaves_nothing(cache_home: Path) -> None:
    from bench import generate

    source = generate.write(20_000, cache_home / "big.csv", seed=2)
    cancel = CancelToken()
    heard: list[int] = []

    def progress(done: int, total: int) -> None:
        heard.append(done)
        if done > 0:
            cancel.cancel()

    with pytest.raises(ImportCancelled):
        loading.open_path(source, progress=HeardReads(progress), cancel=cancel)
    assert heard and list(cache.cache_dir().iterdir()) == []


def test_a_source_replaced_or_deleted_after_the_import_still_reads(cache_home: Path) -> None:
    source = cache_home / "acled.csv"
    shutil.copyfile(FIXTURES / "acled" / "acled-2020-export-tool.csv", source)
    opened = loading.open_path(source)
    first = [s.event for s in opened.store.page(limit=5)]
    newer = cache_home / "newer.csv"
    newer.write_text("something else entirely\n", encoding="utf-8")
    os.replace(newer, source)  # as a new download saved over it would be
    assert [s.event for s in opened.store.page(limit=5)] == first
    os.unlink(source)
    assert [s.event for s in opened.store.page(limit=5)] == first
    opened.store.close()


def test_a_source_changed_in_place_after_the_import_says_so(cache_home: Path) -> None:
    source = cache_home / "acled.csv"
    shutil.copyfile(FIXTURES / "acled" / "acled-2020-export-tool.csv", source)
    opened = loading.open_path(source)
    assert opened.store.page(limit=5)
    with open(source, "a", encoding="utf-8") as stream:
        stream.write("\n")
    with pytest.raises(DataError, match="has changed since it was imported; its cache entry "
                       "has been removed: open it again"):
        opened.store.page(limit=5)
    reopened = loading.open_path(source)  # imported anew
    assert reopened.store.total == opened.store.total


# -- any file the CSV writer can write ---------------------------------------------------------

cells = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=30)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(cells, min_size=1, max_size=40), parts=st.integers(1, 4))
@example(notes=["AND"], parts=1)  # a note that is a query keyword
@example(notes=['say "no', "line\r\nbreak", "x" * 30], parts=3)
def test_any_notes_import_as_the_one_process_import_reads_them(
        notes: list[str], parts: int, tmp_path_factory: pytest.TempPathFactory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path_factory.mktemp("any")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "xdg"))
    source = _write_rows(folder / "a.csv", [_row(n, note) for n, note in enumerate(notes)])
    try:
        done = bulk.import_parts(source, str(folder / "s"), str(folder / "t"),
                                       parts=parts)
    except plan.Unsupported:
        return  # handed over: what the one-process import does is tested elsewhere
    one = _one_process(source, monkeypatch)
    assert done.report.lines() == _one_process_report(source).lines()
    from model.store import EventStore
    from model.store.connect import new_connection

    conn = new_connection(str(folder / "s"))
    conn.execute("ATTACH DATABASE ? AS fulltext", (str(folder / "t"),))
    store = EventStore(conn, one.store.info, source_rows=done.rows)
    assert list(store.iter_events()) == list(one.store.iter_events())
    for word in {w for n in notes for w in n.split()[:1] if w.isalnum()}:
        query = parse(f'"{word}"')  # a phrase: "and" or "not" are words here, not operators
        assert isinstance(query, Query), word
        assert store.count(query) == one.store.count(query)


def test_ucdp_files_cut_anywhere_agree(cache_home: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    fixture = FIXTURES / "ucdp" / "ged191-hdx-fixture-myanmar-bangladesh.csv"
    source = cache_home / "ged.csv"
    shutil.copyfile(fixture, source)
    one = _one_process(source, monkeypatch)
    for parts in (2, 3):
        store, text = cache_home / f"s{parts}", cache_home / f"t{parts}"
        done = bulk.import_parts(source, str(store), str(text), format="ucdp",
                                       parts=parts)
        assert done.report.lines() == _one_process_report(source).lines()
        assert done.report.summary() == one.report.summary()


def test_cancelling_while_merging_leaves_nothing(cache_home: Path) -> None:
    from bench import generate

    source = generate.write(20_000, cache_home / "big.csv", seed=3)
    cancel = CancelToken()

    def progress(done: int, total: int) -> None:
        if done >= total:  # every part is read: the merge and the full-text index begin
            cancel.cancel()

    with pytest.raises(ImportCancelled):
        loading.open_path(source, progress=HeardReads(progress), cancel=cancel)
    assert list(cache.cache_dir().iterdir()) == []
    assert loading.open_path(source).store.total == 20_000  # and it imports again


def test_clearing_the_cache_removes_both_files_and_strays(cache_home: Path) -> None:
    source = cache_home / "acled.csv"
    shutil.copyfile(FIXTURES / "acled" / "acled-2020-export-tool.csv", source)
    opened = loading.open_path(source)
    opened.store.wait_until_built()
    opened.store.close()
    [entry] = cache.entries()
    files = sorted(p.name for p in cache.cache_dir().iterdir())
    assert entry.bytes == sum((cache.cache_dir() / f).stat().st_size for f in files)
    stray = cache.cache_dir() / f"0123{cache.TEXT_SUFFIX}"
    stray.write_bytes(b"an index whose store was deleted by hand")
    assert cache.clear() == 1
    assert list(cache.cache_dir().iterdir()) == []


def test_a_file_not_all_utf8_is_read_as_one_part(cache_home: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [_row(n, notes="caf\u00e9 cr\u00e8me" if n % 50 == 7 else "notes")
            for n in range(300)]
    source = _write_rows(cache_home / "a.csv", rows, encoding="cp1252")
    with pytest.raises(plan.PartsDisagree, match="not UTF-8"):
        bulk.import_parts(source, str(cache_home / "s"), str(cache_home / "t"), parts=2)
    opened = loading.open_path(source)
    assert any("read as Latin-1" in w for w in opened.warnings)
    _assert_same(opened, _one_process(source, monkeypatch))
    assert _entry_files() == ["dateline-store", "dateline-text"]
    assert "caf\u00e9 cr\u00e8me" in [e.notes for e in opened.store.iter_events()]


# -- the timeline before the rest is built -------------------------------------------------


def hold_the_rest(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make what a big import builds after the timeline opens wait until the returned
    event is set (at most 20 s)."""
    gate = threading.Event()
    merge_links = bulk.merge_links

    def held(*args: Any, **kwargs: Any) -> None:
        gate.wait(20)
        merge_links(*args, **kwargs)

    monkeypatch.setattr(bulk, "merge_links", held)
    return gate


def _opened_while_building(cache_home: Path, monkeypatch: pytest.MonkeyPatch, seed: int
                           ) -> tuple[Path, threading.Event, EventStore]:
    """A big file opened with the rest of its import held back until `gate.set()`."""
    from bench import generate

    source = generate.write(2000, cache_home / "big.csv", seed=seed)
    gate = hold_the_rest(monkeypatch)
    return source, gate, loading.open_path(source).store


def test_the_timeline_is_there_before_the_rest_and_questions_wait_for_what_they_need(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench import generate

    source = generate.write(3000, cache_home / "big.csv", seed=5)
    gate = hold_the_rest(monkeypatch)
    opened = loading.open_path(source)
    store = opened.store
    assert store.building is not None
    assert store.building.waiting == {"links", "casualties", "text"}
    # What a timeline needs is there at once: pages, counts by kind and date, the days.
    assert len(store.page(parse("kind:protest date:2019"), limit=20)) == 20
    assert store.total == 3000 and store.date_range() is not None
    asked = {"actor:militia": -1, "security": -1, "killed>0": -1}

    def ask() -> None:
        for text in asked:
            asked[text] = store.count(parse(text))

    asking = threading.Thread(target=ask)
    asking.start()
    asking.join(0.5)
    assert asking.is_alive() and asked["actor:militia"] == -1  # waiting, not answering wrong
    gate.set()
    asking.join(20)
    store.wait_until_built()
    assert not store.building.waiting and store.building.done
    assert _entry_files() == ["dateline-store", "dateline-text"]
    one = _one_process(source, monkeypatch)
    assert asked == {text: one.store.count(parse(text)) for text in asked}
    _assert_same(opened, one)


def test_when_the_rest_cannot_be_built_questions_that_need_it_say_why(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from bench import generate

    source = generate.write(2000, cache_home / "big.csv", seed=6)

    def full(*_args: Any, **_kwargs: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(bulk, "merge_links", full)
    store = loading.open_path(source).store
    with pytest.raises(DataError) as raised:
        store.wait_until_built()
    assert "disk is full" in str(raised.value) and "open it again" in str(raised.value)
    with pytest.raises(DataError):
        store.count(parse("actor:militia"))
    assert len(store.page(parse("kind:protest"), limit=5)) == 5  # the timeline still reads
    assert list(cache.cache_dir().iterdir()) == []  # nothing half-built is kept


def test_a_file_opened_again_while_its_first_import_still_builds_gets_its_own_build(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench import generate

    source = generate.write(2000, cache_home / "big.csv", seed=7)
    gate = hold_the_rest(monkeypatch)
    first = loading.open_path(source).store
    second = loading.open_path(source).store  # no entry in place yet: imported again
    building = sorted(p.name for p in cache.cache_dir().iterdir())
    assert len(building) == len(set(building)) and all("building" in n for n in building)
    gate.set()
    first.wait_until_built()
    second.wait_until_built()
    query = parse("actor:militia")
    assert first.count(query) == second.count(query) > 0
    assert _entry_files() == ["dateline-store", "dateline-text"]


def test_a_build_still_running_when_the_explorer_quits_is_finished_first(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from tui import app

    source, gate, store = _opened_while_building(cache_home, monkeypatch, 8)
    building = store.building
    assert building is not None and building.source == source and not building.settle(0)
    threading.Timer(0.5, gate.set).start()
    app._finish_builds([OpenedFile(store)])  # as the explorer does once the person has quit
    assert building.done and building.settle(0)
    assert _entry_files() == ["dateline-store", "dateline-text"]
    assert "finishing the indexes of" in capsys.readouterr().err


def test_a_build_left_unfinished_at_exit_takes_its_files_with_it(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    source, gate, store = _opened_while_building(cache_home, monkeypatch, 9)
    assert any("building" in p.name for p in cache.cache_dir().iterdir())
    assert store.building is not None
    store.building.abandon()  # Ctrl-C while the explorer waits for it at exit
    assert list(cache.cache_dir().iterdir()) == []
    gate.set()  # (here the process goes on: the build finds its files gone and says so)
    with pytest.raises(DataError):
        store.wait_until_built()
    assert list(cache.cache_dir().iterdir()) == []


def test_listing_the_cache_removes_what_dead_processes_left_half_built(
        cache_home: Path) -> None:
    folder = cache.cache_dir()
    folder.mkdir(parents=True)
    dead = folder / f"abc.0123abcd.{2**22 + 12345}{cache.BUILDING}"
    dead.write_bytes(b"partial")
    assert list(cache.entries()) == [] and not dead.exists()


def test_cache_list_shows_a_build_still_running(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from tui import cli

    source, gate, store = _opened_while_building(cache_home, monkeypatch, 10)
    [build] = cache.builds()
    assert (build.source, build.pid) == (str(source.resolve()), os.getpid())
    assert build.bytes > 0 and list(cache.entries()) == []
    with pytest.raises(SystemExit) as ended:
        cli.main(["cache", "list"])
    assert ended.value.code == 0
    [line] = capsys.readouterr().out.splitlines()
    assert "building" in line and str(source.resolve()) in line
    with pytest.raises(SystemExit):
        cli.main(["cache", "clear"])  # a running build is left alone
    assert "removed 0 cached stores" in (said := capsys.readouterr().out)
    assert "(1 still being built, left alone)" in said
    gate.set()
    store.wait_until_built()
    assert cache.builds() == [] and len(list(cache.entries())) == 1
    assert _entry_files() == ["dateline-store", "dateline-text"]


def test_the_note_of_a_build_whose_process_is_gone_is_removed(cache_home: Path) -> None:
    folder = cache.cache_dir()
    folder.mkdir(parents=True)
    dead = folder / f"abc.0123abcd.about.{2**22 + 12345}{cache.BUILDING}"
    dead.write_text('{"source": "/x.csv", "started": 0}')
    assert cache.builds() == [] and not dead.exists()


async def test_every_file_opened_in_the_explorer_has_its_build_finished_at_exit(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui import app as app_module
    from tui.app import DatelineApp

    first_source, first_gate, first = _opened_while_building(cache_home, monkeypatch, 10)
    second_source, second_gate, second = _opened_while_building(cache_home, monkeypatch, 11)
    app = DatelineApp(OpenedFile(first))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.show_file(OpenedFile(second))  # as `o` shows another file
        await pilot.pause()
    assert [f.store for f in app.opened_files] == [first, second]
    first_gate.set()
    second_gate.set()
    app_module._finish_builds(app.opened_files, say=False)
    assert first.building is not None and first.building.done
    assert second.building is not None and second.building.done


def test_ctrl_c_at_exit_abandons_every_build_still_running(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui import app as app_module

    _, first_gate, first = _opened_while_building(cache_home, monkeypatch, 12)
    _, second_gate, second = _opened_while_building(cache_home, monkeypatch, 13)
    assert first.building is not None and second.building is not None
    waited = first.building.settle

    def interrupted(timeout: float) -> bool:
        if timeout:
            raise KeyboardInterrupt  # the person would rather not wait
        return waited(timeout)

    monkeypatch.setattr(first.building, "settle", interrupted)
    app_module._finish_builds([OpenedFile(first), OpenedFile(second)], say=False)
    assert not any("building" in p.name for p in cache.cache_dir().iterdir())
    first_gate.set()
    second_gate.set()
    for store in (first, second):
        with pytest.raises(DataError):
            store.wait_until_built()
