"""Opening a view whose source is at hand asks whether to apply its query to the whole
source again (as `--reapply` does); no, the default, opens the view as it was saved.

The view is exported with the model's exporter from a copy of the bundled dataset, and the
copy then gains a capture, so the source's rows matching the query differ from the view's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from model.loading import bundled_dataset_path, open_path
from model.query import MATCH_ALL, parse
from model.views import write_view
from tests.tui.conftest import FixedClock
from tests.tui.helpers import enter_text, screen, settle, shown_ids
from tui.app import DatelineApp
from tui.screens.confirm_dialog import ConfirmDialog

QUERY = "kind:capture"
MARKED = "al-jalet-barracks-taken"
NEW_CAPTURE = """
[[events]]
id = "port-taken"
title = "Port of Sirte taken"
kind = "capture"
certainty = "claimed"
date = { earliest = 2016-06-11 }
"""


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the bundled dataset (with the documents it quotes), a view of its
    captures with one mark, and then one capture more in the copy."""
    bundled = bundled_dataset_path()
    source = tmp_path / "data" / "sirte.toml"
    source.parent.mkdir()
    shutil.copyfile(bundled, source)
    for document in open_path(bundled).store.info.documents:
        if document.path:
            copied = source.parent / document.path
            copied.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(bundled.parent / document.path, copied)
    query = parse(QUERY)
    assert not isinstance(query, Exception)
    view = tmp_path / "views" / "captures.toml"
    view.parent.mkdir()
    write_view(open_path(source).store, query, view, marked=[MARKED])
    with open(source, "a", encoding="utf-8") as stream:
        stream.write(NEW_CAPTURE)
    return source, view


def matching(path: Path, query: str) -> list[str]:
    """The ids of the file's events matching the query, in order (the model's answer)."""
    parsed = parse(query)
    assert not isinstance(parsed, Exception)
    return [e.id for e in open_path(path).store.iter_events(parsed)]


def question(app: DatelineApp) -> str:
    dialog = app.screen
    assert isinstance(dialog, ConfirmDialog), dialog
    return dialog.question


async def test_yes_applies_the_views_filter_to_the_whole_source(
        make_app, exported: tuple[Path, Path]) -> None:
    source, view = exported
    app = make_app(view)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        asked = question(app)
        saved = open_path(view).store.total
        assert f"holds {saved} events exported from" in asked
        assert "sirte.toml (found, changed since the export)" in asked
        assert f"Apply its filter '{QUERY}' to the whole source again?" in asked
        await pilot.press("y")
        await settle(pilot)
        assert shown_ids(pilot) == matching(source, QUERY)
        assert "port-taken" in shown_ids(pilot)
        assert screen(pilot).store.total == open_path(source).store.total
        assert screen(pilot).state.marked == frozenset({MARKED})
        assert not screen(pilot).unsaved_marks  # the view's marks, saved in it


async def test_no_keeps_the_view_as_saved(make_app, exported: tuple[Path, Path]) -> None:
    _, view = exported
    for answer in ("n", "escape"):
        app = make_app(view)
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            question(app)
            await pilot.press(answer)
            await settle(pilot)
            own = [e.id for e in open_path(view).store.iter_events(MATCH_ALL)]
            assert shown_ids(pilot) == own and "port-taken" not in own
            assert screen(pilot).state.marked == frozenset({MARKED})


async def test_a_view_whose_source_is_missing_opens_without_a_question(
        make_app, exported: tuple[Path, Path]) -> None:
    source, view = exported
    source.unlink()
    app = make_app(view)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert shown_ids(pilot) == matching(view, "")


async def test_an_unchanged_source_is_offered_too(make_app, tmp_path: Path) -> None:
    view = tmp_path / "all.toml"
    write_view(open_path(bundled_dataset_path()).store, MATCH_ALL, view)
    app = make_app(view)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        asked = question(app)
        assert "(found)" in asked and "Open the whole source again" in asked
        await pilot.press("y")
        await settle(pilot)
        path = screen(pilot).store.path
        assert path is not None and path.resolve() == bundled_dataset_path().resolve()


async def test_o_asks_for_a_view_and_yes_reopens_on_its_source(
        make_app, exported: tuple[Path, Path]) -> None:
    source, view = exported
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await enter_text(pilot, "o", str(view))
        await settle(pilot)
        assert f"'{QUERY}'" in question(app)
        await pilot.press("y")
        await settle(pilot)
        assert shown_ids(pilot) == matching(source, QUERY)


async def test_a_view_opened_with_progress_at_start_asks_too(
        exported: tuple[Path, Path]) -> None:
    source, view = exported
    app = DatelineApp(path=view, clock=FixedClock)  # as a big view file starts
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert f"'{QUERY}'" in question(app)
        await pilot.press("n")
        await settle(pilot)
        assert shown_ids(pilot) == matching(view, "")


def test_a_reapplied_view_asks_nothing_more(exported: tuple[Path, Path]) -> None:
    # `dateline open --reapply view.toml` starts on the source already: nothing to offer.
    _, view = exported
    assert open_path(view).source_at_hand is not None
    assert open_path(view, reapply=True).source_at_hand is None
