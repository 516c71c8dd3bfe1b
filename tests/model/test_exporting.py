"""Exporting a view: the format a file name asks for, and a marked-only view kept as one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from model.exporting import Export, UnknownExtension, format_for, write_export
from model.loading import open_path
from model.query import MATCH_ALL, Query, parse, restricted_to
from model.store import EventStore


@pytest.mark.parametrize(("name", "format"), [("view.toml", "toml"), ("rel.json", "timelinejs"),
                                              ("rel.csv", "csv"), ("REL.CSV", "csv")])
def test_the_extension_names_the_format(name: str, format: str) -> None:
    assert format_for(Path(name)) == format


@pytest.mark.parametrize("name", ["rel.txt", "rel", "rel.csv.bak"])
def test_a_name_that_names_no_format_is_refused_saying_which_would(name: str) -> None:
    with pytest.raises(UnknownExtension) as refused:
        format_for(Path(name))
    said = str(refused.value)
    assert said.startswith(f"{name}: ") and ".toml" in said and ".csv" in said


@pytest.mark.parametrize("suffix", [".toml", ".json", ".csv"])
def test_each_format_is_written_as_its_name_says(sirte_store: EventStore, tmp_path: Path,
                                                 suffix: str) -> None:
    target = tmp_path / f"rel{suffix}"
    query = parse("kind:capture")
    assert isinstance(query, Query)
    path, count = write_export(sirte_store, Export(query, format_for(target)), target)
    assert count == sirte_store.count(query) > 0
    text = path.read_text(encoding="utf-8")
    if suffix == ".json":
        assert len(json.loads(text)["events"]) == count
    elif suffix == ".csv":
        assert text.startswith("event_id_cnty,") and len(text.splitlines()) == count + 1
    else:
        reopened = open_path(path)
        assert reopened.store.total == count and reopened.query.text == "kind:capture"


def test_a_marked_only_view_holds_the_marked_events_and_opens_as_it_was(
        sirte_store: EventStore, tmp_path: Path) -> None:
    ids = [e.id for e in sirte_store.iter_events(MATCH_ALL)]
    marked = (ids[2], ids[5])
    export = Export(restricted_to(MATCH_ALL, frozenset(marked)), marked=marked,
                    cursor=ids[5], marked_only=True)
    path, count = write_export(sirte_store, export, tmp_path / "marked.toml")
    assert count == 2
    assert "marked_only = true" in path.read_text(encoding="utf-8")
    reopened = open_path(path)
    assert reopened.view is not None and reopened.view.marked_only
    assert sorted(reopened.view.marked) == sorted(marked)
    assert {e.id for e in reopened.store.iter_events(MATCH_ALL)} == set(marked)


def test_a_view_that_is_not_marked_only_says_nothing_of_it(sirte_store: EventStore,
                                                           tmp_path: Path) -> None:
    path, _ = write_export(sirte_store, Export(MATCH_ALL), tmp_path / "all.toml")
    assert "marked_only" not in path.read_text(encoding="utf-8")
    opened = open_path(path)
    assert opened.view is not None and not opened.view.marked_only


def test_reapplied_a_marked_only_view_keeps_only_its_marks(
        sirte_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui import cli  # the command line (no terminal needed)

    source = tmp_path / "sirte.toml"
    shutil.copyfile(sirte_path, source)
    store = open_path(source).store
    ids = [e.id for e in store.iter_events(MATCH_ALL)]
    export = Export(restricted_to(MATCH_ALL, frozenset(ids[:3])), marked=tuple(ids[:3]),
                    marked_only=True)
    view, _ = write_export(store, export, tmp_path / "marked.toml")
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    capsys.readouterr()
    with pytest.raises(SystemExit) as ended:
        cli.main(["list", "--reapply", "--format", "json", str(view)])
    assert ended.value.code == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(e["id"] for e in listed["events"]) == sorted(ids[:3])
