"""A failure inside a worker reaches the screen as an error, never as a status stuck at
"starting…", "cancelling…" or "working…"."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from model import loading
from model.query import Query
from tests.tui.helpers import apply_filter, settle, shown_ids
from tui.screens.loading_screen import LoadingScreen
from tui.screens.timeline_screen import TimelineScreen
from tui.widgets.status_line import StatusLine


def _importer_that_raises(error: BaseException):  # type: ignore[no-untyped-def]
    def import_path(*args: object, **kwargs: object) -> loading.OpenedFile:
        raise error
    return import_path


def _status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(StatusLine).render())


@pytest.mark.parametrize("error", [OverflowError("signed integer is greater than maximum"),
                                   RuntimeError("an importer fell over"),
                                   sqlite3.OperationalError("database or disk is full")])
async def test_an_import_that_raises_ends_the_loading_screen_with_an_error(
        make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    monkeypatch.setattr(loading, "import_path", _importer_that_raises(error))
    source = tmp_path / "x.csv"
    source.write_text("event_id_cnty,event_date\nA1,2020-01-01\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = shown_ids(pilot)
        app.screen.open_file(source)
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen), app.screen
        assert shown_ids(pilot) == before  # back on the previous file
        messages = [n.message for n in app._notifications]
        assert any(str(source) in m and str(error) in m for m in messages), messages


async def test_esc_during_an_import_that_then_raises_ends_the_dialog(
        make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def import_path(*args: object, cancel: threading.Event, **kwargs: object) -> None:
        cancel.wait(10)  # until Esc; then something other than ImportCancelled goes wrong
        raise RuntimeError("lost while cancelling")

    monkeypatch.setattr(loading, "import_path", import_path)
    source = tmp_path / "x.csv"
    source.write_text("event_id_cnty,event_date\nA1,2020-01-01\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.open_file(source)
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen)
        await pilot.press("escape")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen), app.screen
        messages = [n.message for n in app._notifications]
        assert any("lost while cancelling" in m for m in messages), messages


async def test_the_first_file_failing_to_import_exits_with_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.app import DatelineApp

    monkeypatch.setattr(loading, "import_path", _importer_that_raises(OverflowError("too big")))
    source = tmp_path / "x.csv"
    source.write_text("event_id_cnty,event_date\nA1,2020-01-01\n")
    app = DatelineApp(path=source)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await settle(pilot)
            if app.return_code is not None:
                break
    assert app.return_code == 1


async def test_an_engine_error_in_the_filter_is_shown_not_working_forever(
        make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    from model import store

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def fails(self, query: Query, *args: object, **kwargs: object) -> object:
            raise sqlite3.OperationalError("parser stack overflow")

        monkeypatch.setattr(store.EventStore, "casualty_summary", fails)
        await apply_filter(pilot, "kind:capture")
        await settle(pilot)
        assert "working" not in _status(app), _status(app)
        messages = [n.message for n in app._notifications]
        assert any("parser stack overflow" in m for m in messages), messages


async def test_an_engine_error_before_the_rows_is_shown(
        make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    from model import result_window

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def fails(self, *args: object, **kwargs: object) -> None:
            raise sqlite3.OperationalError("Expression tree is too large (maximum depth 1000)")

        monkeypatch.setattr(result_window.ResultWindow, "read_opening", fails)
        await apply_filter(pilot, "kind:capture")
        await settle(pilot)
        assert "working" not in _status(app), _status(app)
        messages = [n.message for n in app._notifications]
        assert any("Expression tree is too large" in m for m in messages), messages
