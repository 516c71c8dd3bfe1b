"""One way in: every reading is an event source, and its summary survives the cache.

The build stage takes what the read stage returned (`model.sources.EventSource`) and never
calls back into loading: the summary is part of the source. A cache entry keeps it and gives
it back, so a file opened from the cache says exactly what its first reading said.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from model import loading
from model.dataset import DatasetInfo, load_file
from model.dataset_stream import DatasetStream
from model.event import Event
from model.importers import ImportReport, ImportRun
from model.importers.common import ImportNote, SkippedRow
from model.sources import EventSource, SourceSummary
from model.store import cache

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ACLED = FIXTURES / "acled" / "acled-2020-export-tool.csv"
SIRTE = Path(__file__).resolve().parents[2] / "data" / "sirte-2016.toml"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path


class _Told:
    """A source whose summary is only known once its events have been read, as a file's is."""

    def __init__(self, path: Path, events: list[Event], summary: SourceSummary) -> None:
        self.path = path
        self._events, self._summary = events, summary
        self.read_to_the_end = False

    def events(self) -> Iterator[Event]:
        yield from self._events
        self.read_to_the_end = True

    def summary(self) -> SourceSummary:
        assert self.read_to_the_end, "the summary was asked before the last event was read"
        return self._summary


def _sirte_events() -> list[Event]:
    return list(load_file(SIRTE).dataset.events)


@pytest.mark.parametrize("kind", [cache.IMPORT, cache.DATASET])
def test_a_cache_entry_gives_back_the_summary_its_reading_gave(cache_home: Path,
                                                                kind: str) -> None:
    path = cache_home / "source.toml"
    shutil.copyfile(SIRTE, path)
    document = cache_home / "statement.txt"
    document.write_text("quoted words", encoding="utf-8")
    info = DatasetInfo(title="Sirte, read by a test")
    report = None
    if kind == cache.IMPORT:
        report = ImportReport(path, "acled", info=info, sha256="ab" * 32, imported=44,
                              skipped_count=2, notes_count=1)
        report.skipped = [SkippedRow(7, "no date"), SkippedRow(None, "the last row is cut")]
        report.notes = [ImportNote(9, "id 'x' is already used")]
    view = {"query": "kind:capture", "marks": ["e1"], "nested": {"cursor": "e2"}}
    summary = SourceSummary(info, "ab" * 32, (f"{path}: one thing to say",), report,
                            view if kind == cache.DATASET else None, (document,))
    source = _Told(path, _sirte_events(), summary)

    built, said = cache.build_cached(source, kind=kind)
    assert source.read_to_the_end
    assert said == summary
    reopened = cache.open_cached(path, kind)
    assert reopened is not None
    store, kept = reopened
    assert kept == summary
    assert store.total == len(_sirte_events()) and store.info == info
    assert store.sha256 == summary.sha256
    assert cache.open_cached(path, cache.DATASET if kind == cache.IMPORT else cache.IMPORT) \
        is None  # an entry of the other kind is not this one


def test_an_entry_is_stale_once_a_document_it_depends_on_changes(cache_home: Path) -> None:
    path = cache_home / "source.toml"
    shutil.copyfile(SIRTE, path)
    document = cache_home / "statement.txt"
    document.write_text("quoted words", encoding="utf-8")
    summary = SourceSummary(DatasetInfo(title="t"), depends=(document,))
    cache.build_cached(_Told(path, _sirte_events(), summary), kind=cache.DATASET)
    assert cache.open_cached(path, cache.DATASET) is not None
    document.write_text("other words, longer", encoding="utf-8")
    assert cache.open_cached(path, cache.DATASET) is None


def _read_whole(source: EventSource) -> tuple[list[str], SourceSummary]:
    return [e.id for e in source.events()], source.summary()


def test_every_reading_is_an_event_source_whose_summary_says_what_opening_says(
        cache_home: Path) -> None:
    run = ImportRun(ACLED)
    ids, summary = _read_whole(run)
    assert len(ids) == 300 and summary.report is run.report
    assert summary.warnings == run.report.warnings() and summary.sha256 == run.report.sha256

    whole_ids, whole = _read_whole(load_file(SIRTE))
    stream_ids, streamed = _read_whole(DatasetStream(SIRTE))
    assert sorted(whole_ids) == sorted(stream_ids)
    assert (whole.info, whole.sha256, whole.warnings, whole.view) == \
        (streamed.info, streamed.sha256, streamed.warnings, streamed.view)
    assert whole.report is None and streamed.report is None


def test_a_big_import_opened_again_says_what_its_first_opening_said(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)
    path = cache_home / "acled.csv"
    lines = ACLED.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(5, "not,a,row,of,this,file\n")  # one row skipped, to be said both times
    path.write_text("".join(lines), encoding="utf-8")
    first = loading.open_path(path)
    first.store.wait_until_built()
    again = loading.open_path(path)
    assert first.warnings and again.warnings == first.warnings
    assert first.report is not None and again.report is not None
    assert again.report.lines() == first.report.lines()
    assert again.report.skipped_count == first.report.skipped_count == 1
    assert again.store.info == first.store.info
