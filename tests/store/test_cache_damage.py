"""A cache that cannot be trusted or written never stops a file from opening: a damaged
entry is found, said once, removed and built again; a read-only or full cache folder opens
the file from memory with a warning; `cache list` and `cache clear` always work."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from model import loading
from model.importers import ImportRun
from model.query import Query, parse
from model.store import cache
from model.validation import DataError
from tests.constrained import run_constrained

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ACLED = FIXTURES / "acled" / "acled-2020-export-tool.csv"
BAD_ROWS = FIXTURES / "broken-imports" / "acled-bad-rows.csv"
DATELINE = Path(sys.executable).with_name("dateline")


@pytest.fixture
def cached_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)  # every import is big here
    source = tmp_path / "acled.csv"
    shutil.copyfile(ACLED, source)
    return source


def _entry(source: Path) -> Path:
    opened = loading.open_path(source)
    opened.store.wait_until_built()
    opened.store.close()
    [entry] = [e.file for e in cache.entries()]
    return entry


def _events(source: Path) -> list[object]:
    return list(loading.open_path(source).store.iter_events())


def test_meta_that_is_not_json_leaves_list_and_clear_working(cached_env: Path) -> None:
    entry = _entry(cached_env)
    with sqlite3.connect(entry) as conn:
        conn.execute("UPDATE meta SET value = 'not json{' WHERE key = 'events'")
    [listed] = cache.entries()
    assert listed.damaged and not listed.current
    opened = loading.open_path(cached_env)
    assert opened.warnings[0].startswith(f"{cached_env}: its cache entry {entry.name} was "
                                         "damaged (")
    assert opened.warnings[0].endswith("); removed, and the file read again")
    assert list(opened.store.iter_events()) == list(ImportRun(cached_env).events()) or \
        opened.store.total == 300
    opened.store.wait_until_built()
    assert loading.open_path(cached_env).warnings == ()  # said once
    with sqlite3.connect(entry) as conn:
        conn.execute("UPDATE meta SET value = '[1, 2]' WHERE key = 'stamp'")
    assert cache.clear() == 1
    assert list(cache.entries()) == []


def _damage(entry: Path) -> None:
    with open(entry, "r+b") as stream:
        stream.seek(entry.stat().st_size // 3)
        stream.write(b"\xff" * 40_000)


def test_a_damaged_entry_is_found_on_opening_said_once_and_built_again(
        cached_env: Path) -> None:
    expected = _events(cached_env)
    entry = _entry(cached_env)
    _damage(entry)
    opened = loading.open_path(cached_env)
    [warning] = opened.warnings
    assert "its cache entry " in warning and " was damaged (" in warning
    assert list(opened.store.iter_events()) == expected
    opened.store.wait_until_built()
    assert loading.open_path(cached_env).warnings == ()


def test_a_big_damaged_entry_is_found_by_the_question_that_meets_it(
        cached_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _events(cached_env)
    entry = _entry(cached_env)
    _damage(entry)
    monkeypatch.setattr(cache, "QUICK_CHECK_BYTES", 0)  # too big to check on opening
    opened = loading.open_path(cached_env)
    query = parse("actor:taliban")
    assert isinstance(query, Query)
    with pytest.raises(DataError) as raised:
        for _ in range(3):
            list(opened.store.iter_events(query))
            opened.store.casualty_summary(query)
            opened.store.facets("actor")
    assert f"its cache entry {entry.name} is damaged (database disk image is malformed)" \
        in str(raised.value)
    assert not entry.exists()
    assert _events(cached_env) == expected


def test_a_source_changed_in_place_with_the_same_size_and_time_is_imported_again(
        cached_env: Path) -> None:
    _entry(cached_env)
    stat = cached_env.stat()
    text = cached_env.read_bytes()
    changed = text.replace(b'"21 March 2020"', b'"21 Marsh 2020"', 1)  # no longer a date
    assert len(changed) == len(text)
    cached_env.write_bytes(changed)
    os.utime(cached_env, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    opened = loading.open_path(cached_env)
    with pytest.raises(DataError, match="its cache entry has been removed: open it again"):
        list(opened.store.iter_events())
    again = loading.open_path(cached_env)  # imported anew: the row is skipped, and said
    assert again.store.total == 299
    assert any("'21 Marsh 2020' is not a date" in w for w in again.warnings)


def test_validate_on_a_big_file_lists_every_skipped_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    source = tmp_path / "bad.csv"
    shutil.copyfile(BAD_ROWS, source)
    run = ImportRun(source)
    list(run.records())
    expected = [str(entry) for entry in run.report.entries()]
    assert len(expected) > 3

    def validate() -> list[str]:
        with pytest.raises(SystemExit):
            main(["validate", str(source)])
        return capsys.readouterr().err.splitlines()

    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 1 << 40)
    small = validate()
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)
    first = validate()
    loading.open_path(source).store.wait_until_built()
    second = validate()  # from the cache entry
    assert first == second == small
    assert all(any(line.endswith(e) for line in second) for e in expected)


def _big_file(folder: Path) -> Path:
    """An ACLED file over the size that is cached: the fixture's rows, 64 times over."""
    rows = list(csv.reader(io.StringIO(ACLED.read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for k in range(64):
        for row in rows[1:]:
            writer.writerow([*row[:2], f"{row[2]}x{k}", *row[3:]])
    path = folder / "big.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert path.stat().st_size >= loading.CACHE_FROM_BYTES
    return path


@pytest.mark.parametrize("how", ["read-only", "full"])
def test_a_cache_folder_that_cannot_be_written_opens_the_file_from_memory(
        tmp_path: Path, how: str) -> None:
    big = _big_file(tmp_path)
    folder = tmp_path / "xdg"
    env = {**os.environ, "XDG_CACHE_HOME": str(folder)}
    result = run_constrained([str(DATELINE), "list", str(big), "--filter", "kind:clash"],
                             folder, how, env=env, cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert "Traceback" not in err
    assert f"warning: {big}: cannot write the import cache in {folder}/dateline (" in err
    assert "read into memory this time, not kept for the next" in err
    assert result.stdout.decode().splitlines()[-1].startswith("14,848 of 19,200 events")
