"""The on-disk cache for big imports: built once, reopened unchanged, rebuilt when stale."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from model import loading
from model.query import parse
from model.store import cache

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "acled" / "acled-2020-export-tool.csv"


@pytest.fixture
def cached_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    # Every import counts as big here, so the cache is exercised on a small real file.
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)
    source = tmp_path / "acled.csv"
    shutil.copyfile(FIXTURE, source)
    return source


def test_first_open_builds_an_entry_and_the_second_reuses_it(cached_env: Path) -> None:
    first = loading.open_path(cached_env)
    first.store.wait_until_built()  # the entry is put in place once everything is built
    entries = list(cache.entries())
    assert len(entries) == 1 and entries[0].current and entries[0].events == first.store.total
    assert first.store.total == 300
    built = entries[0].file.stat().st_mtime_ns
    second = loading.open_path(cached_env)
    assert list(cache.entries())[0].file.stat().st_mtime_ns == built  # not rebuilt
    query = parse("kind:clash")
    assert [e.id for e in second.store.iter_events(query)] == \
        [e.id for e in first.store.iter_events(query)]
    assert second.store.info.title == first.store.info.title
    assert second.report is not None and second.report.imported == 300


def test_a_changed_source_is_imported_again(cached_env: Path) -> None:
    loading.open_path(cached_env).store.wait_until_built()
    lines = cached_env.read_text(encoding="utf-8").splitlines(keepends=True)
    cached_env.write_text("".join(lines[:101]), encoding="utf-8")
    reopened = loading.open_path(cached_env)
    reopened.store.wait_until_built()
    assert reopened.store.total == 100
    states = sorted(entry.current for entry in cache.entries())
    assert states == [False, True]
    assert cache.clear(only_stale=True) == 1
    assert [entry.current for entry in cache.entries()] == [True]
    assert cache.clear() == 1
    assert list(cache.entries()) == []


def test_a_killed_build_leaves_no_entry(cached_env: Path) -> None:
    folder = cache.cache_dir()
    folder.mkdir(parents=True)
    # A half-built file from a process that no longer exists.
    dead = folder / f"abc.{2**22 + 12345}{cache.BUILDING}"
    dead.write_bytes(b"partial")
    loading.open_path(cached_env).store.wait_until_built()
    assert not dead.exists()
    # An ACLED file is imported in parts: the store and its full-text index beside it.
    assert sorted(p.suffix for p in folder.iterdir()) == sorted([cache.SUFFIX,
                                                                 cache.TEXT_SUFFIX])


def test_a_cancelled_import_leaves_nothing(cached_env: Path) -> None:
    from model.importers import ImportCancelled
    from model.progress import CancelToken

    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(ImportCancelled):
        loading.open_path(cached_env, cancel=cancel)
    assert list(cache.cache_dir().glob("*")) == []


def test_unchanged_stamp_means_same_key(cached_env: Path) -> None:
    a = cache.SourceStamp.of(cached_env)
    os.utime(cached_env, ns=(a.mtime_ns + 1_000_000_000, a.mtime_ns + 1_000_000_000))
    assert cache.SourceStamp.of(cached_env).key != a.key


def test_a_cache_folder_whose_path_has_uri_characters_works(
        cached_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "#", "?" and "%" mean something in the URIs SQLite opens files by.
    monkeypatch.setenv("XDG_CACHE_HOME", str(cached_env.parent / "a#b?c%20d"))
    first = loading.open_path(cached_env)
    first.store.wait_until_built()
    assert first.store.count(parse("taliban")) > 0
    [entry] = cache.entries()
    second = loading.open_path(cached_env)
    assert second.store.total == first.store.total == entry.events
    assert second.store.count(parse("taliban")) == first.store.count(parse("taliban"))


def test_a_view_of_a_cached_source_takes_its_hash_from_the_entry(
        cached_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from model.views import write_view

    opened = loading.open_path(cached_env)
    opened.store.wait_until_built()
    digest = hashlib.sha256(cached_env.read_bytes()).hexdigest()
    assert cache.recorded_sha256(cached_env) == digest
    view, _ = write_view(opened.store, parse("kind:clash"), cached_env.parent / "view.toml")

    def unread(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the source was read again to hash it")

    monkeypatch.setattr(hashlib, "file_digest", unread)  # as model.safe_read hashes
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: unread() if self == cached_env
                        else read_bytes(self))
    again = loading.open_path(view)
    assert not any("changed" in warning for warning in again.warnings)
    assert again.store.total == opened.store.count(parse("kind:clash")) > 0

    # Changed since (size and time differ): the entry no longer speaks for it.
    monkeypatch.undo()  # (the cache folder and threshold too: set again below)
    with open(cached_env, "a", encoding="utf-8") as stream:
        stream.write("\n")
    assert cache.recorded_sha256(cached_env) is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(cached_env.parent / "xdg"))
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)
    changed = loading.open_path(view)
    assert any("has changed since the export" in warning for warning in changed.warnings)
