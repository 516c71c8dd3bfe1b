"""A big dataset or view file read a part at a time gives exactly what the whole reading
gives: the same events, view, warnings and hash, or the same problems in the same order;
a file that cannot be read in parts says so, and is then read whole."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from model import dataset_stream, loading
from model.dataset import load_file
from model.dataset_stream import DatasetStream, NotStreamable
from tests.sinks import HeardReads
from model.event import chronological
from model.loading import bundled_dataset_path, open_path
from model.query import parse
from model.validation import DataError
from model.views import write_view
from tests.model.dateline_strategies import datasets, write_dataset

SEED = bundled_dataset_path().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def _small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataset_stream, "PART_EVENTS", 3)  # parts cut everywhere


def streamed(path: Path) -> tuple[list, object, tuple[str, ...], str | None, object]:
    stream = DatasetStream(path)
    events = chronological(stream.events())
    return events, stream.view_table, stream.warnings, stream.sha256, stream.info


def whole(path: Path) -> tuple[list, object, tuple[str, ...], str | None, object]:
    loaded = load_file(path)
    return (list(loaded.dataset.events), loaded.view_table, loaded.warnings, loaded.sha256,
            loaded.dataset.info)


def problems_of(read, path: Path) -> list[tuple[str, str, int | None]]:
    with pytest.raises(DataError) as raised:
        read(path)
    return [(p.path, p.message, p.line) for p in raised.value.problems]


def copy_bundled(folder: Path) -> Path:
    """The bundled dataset with the seed report beside it, as its quotes expect."""
    target = folder / "data" / "sirte.toml"
    target.parent.mkdir()
    shutil.copyfile(bundled_dataset_path(), target)
    shutil.copytree(SEED, folder / "seeds")
    return target


def test_the_bundled_dataset_reads_the_same_in_parts(tmp_path: Path) -> None:
    path = copy_bundled(tmp_path)
    assert streamed(path) == whole(path)


def test_a_view_file_reads_the_same_in_parts(tmp_path: Path) -> None:
    source = copy_bundled(tmp_path)
    store = open_path(source).store
    view, _ = write_view(store, parse("kind:capture,clash"), tmp_path / "view.toml",
                         marked=("gna-offensive-launched",),
                         now=dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc))
    got = streamed(view)
    assert got == whole(view)
    assert got[1] is not None and got[1]["query"] == "kind:capture,clash"


def test_a_missing_document_is_the_same_warning(tmp_path: Path) -> None:
    path = copy_bundled(tmp_path)
    shutil.rmtree(tmp_path / "seeds")
    got = streamed(path)
    assert got == whole(path)
    assert any("its quotes were not checked" in w for w in got[2])


BROKEN = {
    "an id used twice": ("", ""),
    "an unknown key in an event": ('certainty = "reported"',
                                   'certainty = "reported"\ncertanity = 1'),
    "a document that is not there": ('document = "', 'document = "nowhere-'),
    "a quote away from its offsets": ("", ""),
    "an unknown top-level key": ("format_version = 1", "format_version = 1\nfomat = 2"),
    "a newer format": ("format_version = 1", "format_version = 9"),
}


@pytest.mark.parametrize("change", sorted(BROKEN))
def test_a_broken_file_has_the_same_problems_in_parts(tmp_path: Path, change: str) -> None:
    path = copy_bundled(tmp_path)
    text = path.read_text(encoding="utf-8")
    old, new = BROKEN[change]
    if change == "an id used twice":  # the first event's id given to the second too
        events_at = text.index("[[events]]")
        ids = re.findall(r'^id = "[^"]*"$', text[events_at:], flags=re.MULTILINE)
        text = text[:events_at] + text[events_at:].replace(ids[1], ids[0], 1)
    elif change == "a quote away from its offsets":
        text = re.sub(r"^start = (\d+)$", lambda m: f"start = {int(m[1]) + 1}", text, count=1,
                      flags=re.MULTILINE)
    else:
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    expected = problems_of(load_file, path)
    assert expected  # the change is a problem
    assert problems_of(lambda p: list(DatasetStream(p).events()), path) == expected


@pytest.mark.parametrize(("why", "text"), [
    ("a table after the events", '\n[dataset]\ntitle = "again"\n'),
    ("an events header inside a string",
     '\n[[events]]\nid = "x"\nnotes = """\n[[events]]\n"""\n'),
    ("a part that is not TOML", "\n[[events]]\nid = \n"),
])
def test_a_file_that_cannot_be_read_in_parts_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str, text: str) -> None:
    path = copy_bundled(tmp_path)
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(text)
    monkeypatch.setattr(dataset_stream, "PART_EVENTS", 1)  # every header a cut
    with pytest.raises(NotStreamable):
        list(DatasetStream(path).events())
    # Cut elsewhere, it is read in parts or refused, never read otherwise than whole.
    for size in (2, 3, 5, 50):
        monkeypatch.setattr(dataset_stream, "PART_EVENTS", size)
        try:
            expected: object = whole(path)
        except DataError as error:
            expected = [(p.path, p.message, p.line) for p in error.problems]
        try:
            got: object = streamed(path)
        except NotStreamable:
            continue
        except DataError as error:
            got = [(p.path, p.message, p.line) for p in error.problems]
        assert got == expected


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(datasets(max_events=12))
def test_any_dataset_reads_the_same_in_parts(tmp_path: Path, drawn) -> None:
    info, items = drawn
    path = write_dataset(tmp_path / "any.toml", info, items)
    try:
        expected = whole(path)
    except DataError as error:
        assert problems_of(lambda p: list(DatasetStream(p).events()), path) == [
            (p.path, p.message, p.line) for p in error.problems]
        return
    assert streamed(path) == expected


# -- opening -------------------------------------------------------------------------------


@pytest.fixture
def big_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)  # every file is big here
    return tmp_path


def _shown(opened: loading.OpenedFile) -> tuple:
    events = list(opened.store.iter_events())
    return (events, opened.view, opened.query.text, opened.warnings,
            opened.store.info, opened.store.sha256)


def test_a_big_view_opens_as_a_small_one_does_and_then_from_the_cache(
        big_files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = copy_bundled(big_files)
    view, _ = write_view(open_path(source).store, parse("date:2016-06"),
                         big_files / "view.toml", cursor="gna-offensive-launched")
    first = open_path(view)
    entries = [e for e in loading.cache.entries() if e.source.endswith("view.toml")]
    assert len(entries) == 1
    second = open_path(view)
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 1 << 40)  # read whole, in memory
    small = open_path(view)
    assert _shown(first) == _shown(small)
    assert _shown(second) == _shown(small)


def test_a_big_file_that_cannot_be_read_in_parts_is_read_whole(big_files: Path) -> None:
    path = copy_bundled(big_files)
    with open(path, "a", encoding="utf-8") as stream:  # TOML allows it, the parts do not
        stream.write('\n[[dataset.documents]]\nid = "late"\ntitle = "Given after the events"\n')
    with pytest.raises(NotStreamable):
        list(DatasetStream(path).events())
    opened = open_path(path)
    assert opened.store.info.documents[-1].id == "late"
    assert opened.store.total == len(load_file(path).dataset.events)


def test_a_changed_document_opens_the_big_file_anew(big_files: Path) -> None:
    path = copy_bundled(big_files)
    first = open_path(path)
    assert not first.warnings
    seed = next((big_files / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + " ", encoding="utf-8")
    again = open_path(path)
    assert any("has changed" in w or "its quotes were not checked" in w
               for w in again.warnings), again.warnings


def test_reading_a_big_file_says_how_far_it_got_and_can_be_stopped(big_files: Path) -> None:
    from model.progress import CancelToken, ImportCancelled

    path = copy_bundled(big_files)
    sink = HeardReads()
    open_path(path, progress=sink)
    heard = sink.heard
    size = path.stat().st_size
    assert heard[-1] == (size, size) and len(heard) > 2  # part by part, then the end
    assert all(done < size for done, _ in heard[:-1])

    loading.cache.clear()
    cancel = CancelToken()

    def stop_at_once(_done: int, _total: int) -> None:
        cancel.cancel()

    with pytest.raises(ImportCancelled):
        open_path(path, progress=HeardReads(stop_at_once), cancel=cancel)
    assert list(loading.cache.entries()) == []


def test_parts_parsed_by_processes_of_their_own_read_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataset_stream, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(dataset_stream, "_parsers", lambda: 2)
    here: list[str] = []
    parse = DatasetStream._parse
    monkeypatch.setattr(DatasetStream, "_parse",
                        lambda self, text: here.append(text) or parse(self, text))
    path = copy_bundled(tmp_path)
    assert streamed(path) == whole(path)
    assert len(here) == 1  # the head here, every part in a parsing process
    with open(path, "a", encoding="utf-8") as stream:
        stream.write("\n[[events]]\nid = \n")  # the last part is not TOML
    with pytest.raises(NotStreamable):
        list(DatasetStream(path).events())


def test_a_reading_stopped_halfway_leaves_no_parsing_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataset_stream, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(dataset_stream, "_parsers", lambda: 2)
    started: list[dataset_stream._Parser] = []
    real = dataset_stream._Parser

    class Watched(real):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__()
            started.append(self)

    monkeypatch.setattr(dataset_stream, "_Parser", Watched)
    events = DatasetStream(copy_bundled(tmp_path)).events()
    next(events)
    events.close()  # as a cancelled import stops reading
    assert started and all(p.process.poll() is not None for p in started)


def test_a_file_with_problems_never_says_it_was_read(tmp_path: Path) -> None:
    # "read, indexing…" would follow on stderr, before the problems (nothing is indexed).
    path = copy_bundled(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        'certainty = "reported"', 'certainty = "rumoured"', 1), encoding="utf-8")
    sink = HeardReads()
    with pytest.raises(DataError):
        list(DatasetStream(path, progress=sink).events())
    size = path.stat().st_size
    assert (size, size) not in sink.heard
