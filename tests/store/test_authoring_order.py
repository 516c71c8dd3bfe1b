"""Events on the same day, of the same precision, keep the order of the file they were read
from, in every way a store is built: an import (one process or in parts), a dataset file
and a view file (read whole or a part at a time), and a dataset saved by `dateline import`."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pytest

from model import loading
from model.dataset import load_file
from model.event import Event, chronological_key
from model.exporters.toml import write_dataset
from model.importers import ImportRun
from model.loading import open_path
from model.query import MATCH_ALL
from model.store import EventStore, cache
from model.views import write_view

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TIMELINEJS = sorted((FIXTURES / "timelinejs").glob("*.json"))
CSV_FILES = [*sorted((FIXTURES / "acled").glob("*.csv")),
             *sorted((FIXTURES / "ucdp").glob("*.csv"))]


def _in_file(path: Path) -> list[Event]:
    return [r for r in ImportRun(path).records() if isinstance(r, Event)]


def _expected(events: Iterable[Event]) -> list[str]:
    """Ids by (earliest day, precision, position in the file, id), worked out here."""
    ordered = sorted(enumerate(events), key=lambda p: (
        p[1].date.earliest, p[1].date.precision.rank, p[0], p[1].id))
    return [e.id for _, e in ordered]


def _ids(store: EventStore) -> list[str]:
    return [e.id for e in store.iter_events(MATCH_ALL)]


def _ties_out_of_id_order(events: list[Event]) -> bool:
    """Whether the file has same-day slides that an order by id would swap."""
    return _expected(events) != [e.id for e in sorted(
        events, key=lambda e: (e.date.earliest, e.date.precision.rank, e.id))]


def test_the_fixtures_have_same_day_events_out_of_id_order() -> None:
    # Else the tests below could not tell the file's order from the ids'.
    assert sum(_ties_out_of_id_order(_in_file(p)) for p in TIMELINEJS) >= 2
    assert any(_ties_out_of_id_order(_in_file(p)) for p in CSV_FILES)


@pytest.mark.parametrize("path", TIMELINEJS, ids=lambda p: p.name)
def test_an_import_keeps_the_authors_order_of_same_day_slides(path: Path) -> None:
    events = _in_file(path)
    assert _ids(open_path(path).store) == _expected(events)


def test_the_order_key_puts_position_between_precision_and_id() -> None:
    [first, second] = [e for e in _in_file(FIXTURES / "timelinejs" / "tl3-template-eras.json")
                       if e.id in ("death-of-muhammed", "accession-of-abu-bakr-as-first-caliph")]
    assert chronological_key(first, 0) < chronological_key(second, 1)
    assert chronological_key(second, 0) < chronological_key(first, 1)


@pytest.mark.parametrize("path", TIMELINEJS, ids=lambda p: p.name)
def test_a_saved_dataset_and_a_view_keep_it(path: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _expected(_in_file(path))
    store = open_path(path).store
    buffer = io.BytesIO()
    write_dataset(store.info, store.iter_events(), buffer)
    saved = tmp_path / "saved.toml"
    saved.write_bytes(buffer.getvalue())
    assert [e.id for e in load_file(saved).dataset.events] == expected
    assert _ids(open_path(saved).store) == expected
    view, _ = write_view(store, MATCH_ALL, tmp_path / "view.toml")
    assert _ids(open_path(view).store) == expected
    # The same files read a part at a time into a cache entry.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)
    assert _ids(open_path(saved).store) == expected
    assert _ids(open_path(view).store) == expected


def test_a_dataset_file_in_any_order_is_read_in_its_own_order_for_ties(tmp_path: Path) -> None:
    events = _in_file(FIXTURES / "timelinejs" / "tl3-template-eras.json")
    backwards = list(reversed(events))
    buffer = io.BytesIO()
    write_dataset(open_path(FIXTURES / "timelinejs" / "tl3-template-eras.json").store.info,
                  backwards, buffer)
    path = tmp_path / "backwards.toml"
    path.write_bytes(buffer.getvalue())
    assert [e.id for e in load_file(path).dataset.events] == _expected(backwards)
    assert _expected(backwards) != _expected(events)


@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_imports_in_parts_and_in_one_process_keep_the_files_order(
        path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _expected(_in_file(path))
    assert _ids(EventStore.from_events(_in_file(path), open_path(path).store.info)) == expected
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)
    source = tmp_path / path.name
    shutil.copyfile(path, source)
    opened = open_path(source)
    opened.store.wait_until_built()
    assert _ids(opened.store) == expected
    assert cache.open_cached(source) is not None  # the parallel import made the entry


def test_dateline_import_writes_the_events_in_that_order(tmp_path: Path) -> None:
    path = FIXTURES / "timelinejs" / "tl3-example-marktwain.json"
    out = tmp_path / "twain.toml"
    dateline = Path(sys.executable).parent / "dateline"
    subprocess.run([str(dateline), "import", str(path), "-o", str(out)], check=True,
                   capture_output=True, timeout=120)
    written = [t["id"] for t in tomllib.loads(out.read_text(encoding="utf-8"))["events"]]
    assert written == _expected(_in_file(path))
