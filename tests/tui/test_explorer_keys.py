"""Every key path of the explorer, driven through Pilot as a person would."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.loading import open_path
from tests.tui.helpers import (
    apply_filter,
    enter_text,
    preview_filter,
    screen,
    settle,
    shown_ids,
    timeline,
    type_text,
)
from tui.screens.help_screen import HelpScreen
from tui.widgets.detail_pane import DetailPane
from tui.widgets.facet_panel import FacetPanel
from tui.widgets.filter_bar import FilterBar


async def test_opens_on_the_bundled_timeline_in_order(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = shown_ids(pilot)
        store = screen(pilot).store
        assert ids == [e.id for e in store.iter_events()]
        assert ids[0] == "gna-offensive-launched"
        assert ids[-1] == "liberation-forecast"
        assert timeline(pilot).has_focus


async def test_cursor_keys_move_through_events(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = timeline(pilot)
        total = len(view.window)
        await pilot.press("j", "j", "down")
        assert view.cursor_row == 3
        await pilot.press("k", "up")
        assert view.cursor_row == 1
        await pilot.press("G")
        assert view.cursor_row == total - 1
        await pilot.press("g")
        assert view.cursor_row == 0
        await pilot.press("end")
        assert view.current_event.id == "liberation-forecast"
        await pilot.press("home", "pagedown")
        assert view.cursor_row > 1
        await pilot.press("pageup")
        assert view.cursor_row == 0


async def test_day_keys_jump_between_days(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = timeline(pilot)
        days = []
        for _ in range(5):
            days.append(view.current_event.date.earliest.isoformat())
            await pilot.press("right_square_bracket")
        assert days[:4] == ["2016-05-12", "2016-06-09", "2016-06-10", "2016-06-12"]
        await pilot.press("left_square_bracket")
        assert view.current_event.date.earliest.isoformat() == "2016-06-10"


async def test_filter_as_you_type_then_enter_applies(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert screen(pilot).query_one("#filter", FilterBar).input.has_focus
        await type_text(pilot, "kind:capture")
        await pilot.pause(0.4)  # debounce, then the preview runs
        await settle(pilot)
        expected = [e.id for e in screen(pilot).store.iter_events() if e.kind.value == "capture"]
        assert shown_ids(pilot) == expected
        await pilot.press("enter")
        await settle(pilot)
        assert timeline(pilot).has_focus
        status = str(screen(pilot).query_one("#status").render())
        assert f"{len(expected)} of 19 events" in status
        assert "kind:capture" in status


async def test_bad_query_shows_caret_and_keeps_the_timeline(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = shown_ids(pilot)
        await preview_filter(pilot, "actr:GNA", pasted=True)
        bar = screen(pilot).query_one("#filter", FilterBar)
        assert bar.has_class("-error")
        error_text = str(bar.query_one("#query-error").render())
        assert "^^^^" in error_text and "did you mean 'actor'" in error_text
        await pilot.press("enter")
        await settle(pilot)
        assert shown_ids(pilot) == before
        assert bar.input.has_focus  # a bad query is not applied


async def test_escape_leaves_the_filter_without_applying(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = shown_ids(pilot)
        await preview_filter(pilot, "kind:forecast")
        assert shown_ids(pilot) == ["liberation-forecast"]
        await pilot.press("escape")
        await settle(pilot)
        assert shown_ids(pilot) == before
        assert screen(pilot).query_one("#filter", FilterBar).input.value == ""
        assert timeline(pilot).has_focus


async def test_history_recalls_applied_queries(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for text in ("kind:capture", "source:AFP"):
            await pilot.press("slash", "ctrl+a")
            await pilot.press(*["delete"] * 30)
            await type_text(pilot, text)
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("slash")
        field = screen(pilot).query_one("#filter", FilterBar).input
        field.value = ""
        await pilot.press("up")
        assert field.value == "source:AFP"
        await pilot.press("up")
        assert field.value == "kind:capture"
        await pilot.press("down")
        assert field.value == "source:AFP"


async def test_completion_of_field_names_and_values(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kind:cap")
        await pilot.pause(0.2)
        await pilot.press("right")  # accept the suggestion
        field = screen(pilot).query_one("#filter", FilterBar).input
        assert field.value == "kind:capture"


async def test_enter_shows_detail_and_escape_returns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await apply_filter(pilot, "killed>=5 scope:cumulative")
        await pilot.press("enter")
        await settle(pilot)
        detail = screen(pilot).query_one(DetailPane)
        assert detail.display and detail.has_focus_within
        assert not timeline(pilot).display  # at 80 columns the panes take turns
        body = str(detail.query_one("#detail-body").render())
        assert "cumulative since 12 May 2016" in body
        assert "not to be added to incident figures" in body
        assert "The Guardian" in body
        await pilot.press("escape")
        await settle(pilot)
        assert timeline(pilot).display and timeline(pilot).has_focus


async def test_wide_screen_shows_panes_side_by_side(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        detail = screen(pilot).query_one(DetailPane)
        assert detail.display and timeline(pilot).display
        await pilot.press("j")
        await settle(pilot)
        body = str(detail.query_one("#detail-body").render())
        assert timeline(pilot).current_event.title in body


async def test_quote_is_shown_inside_its_sentence(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        view = timeline(pilot)
        view.go_to_row(view.window.row_of_id("tagreft-barracks-taken"))
        await settle(pilot)
        body = str(screen(pilot).query_one("#detail-body").render())
        assert "In a Facebook post, GNA has reportedly claimed its forces" in body


async def test_related_event_can_be_jumped_to(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        view = timeline(pilot)
        view.go_to_row(view.window.row_of_id("tagreft-barracks-taken"))
        await settle(pilot)
        await pilot.press("enter")  # focus the detail pane
        await pilot.press("tab")  # into the related events
        assert screen(pilot).query_one("#related").has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert view.current_event.id == "tagreft-mine-clearance"  # same place first


async def test_mark_and_marked_only(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m", "j", "j", "m")
        await settle(pilot)
        marked = set(screen(pilot).marked)
        assert len(marked) == 2
        await pilot.press("M")
        await settle(pilot)
        assert set(shown_ids(pilot)) == marked
        await pilot.press("M")
        await settle(pilot)
        assert len(shown_ids(pilot)) == 19


async def test_jump_to_date_typed_freely(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await enter_text(pilot, "t", "10 jun")
        assert timeline(pilot).current_event.date.earliest.isoformat() == "2016-06-10"
        await enter_text(pilot, "t", "+2d")
        assert timeline(pilot).current_event.id == "liberation-forecast"


async def test_search_highlights_and_n_moves_between_matches(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await enter_text(pilot, "s", "kind:capture")
        view = timeline(pilot)
        seen = []
        for _ in range(3):
            seen.append(view.current_event.id)
            await pilot.press("n")
        assert all(screen(pilot).store.get(i).event.kind.value == "capture" for i in seen)
        assert len(set(seen)) == 3
        # The third n went round to the first match; N goes round back, then up one.
        assert view.current_event.id == seen[0]
        await pilot.press("N", "N")
        assert view.current_event.id == seen[1]
        assert len(shown_ids(pilot)) == 19  # search never filters


async def test_facet_pick_adds_a_term(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")  # the largest kind
        await settle(pilot)
        text = screen(pilot).query_one("#filter", FilterBar).input.value
        assert text.startswith("kind:")
        kind = text.split(":", 1)[1]
        assert {screen(pilot).store.get(i).event.kind.value for i in shown_ids(pilot)} == {kind}


async def test_export_writes_a_view_that_reopens_as_saved(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await apply_filter(pilot, "kind:capture")
        await pilot.press("j", "m")
        cursor_id = timeline(pilot).current_event.id
        ids = shown_ids(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("Input").value == "dateline-view-20261125-093000.toml"
        await pilot.press("enter")
        await settle(pilot)
    written = tmp_path / "dateline-view-20261125-093000.toml"
    assert written.exists()
    reopened = open_path(written)
    assert [e.id for e in reopened.store.iter_events(reopened.query)] == ids
    assert reopened.view.query == "kind:capture"
    assert reopened.view.marked == (cursor_id,)
    assert reopened.view.cursor == cursor_id

    again = make_app(written)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")  # its source is at hand: keep the view as it was saved
        await settle(pilot)
        assert shown_ids(pilot) == ids
        assert timeline(pilot).current_event.id == cursor_id
        assert screen(pilot).marked == {cursor_id}
        assert screen(pilot).query_one("#filter", FilterBar).input.value == "kind:capture"


async def test_export_over_an_existing_file_needs_confirmation(make_app, tmp_path: Path) -> None:
    existing = tmp_path / "dateline-view-20261125-093000.toml"
    existing.write_text("keep me\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e", "enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert existing.read_text() == "keep me\n"
        await pilot.press("e", "enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert open_path(existing).store.total == 19


async def test_open_another_file(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e", "enter")
        await settle(pilot)
        await apply_filter(pilot, "kind:forecast")
        await enter_text(pilot, "o", "dateline-view-20261125-093000.toml")
        await pilot.press("n")  # as saved, not its filter over the source again
        await settle(pilot)
        assert len(shown_ids(pilot)) == 19
        await enter_text(pilot, "o", "missing.toml")
        assert len(shown_ids(pilot)) == 19  # a bad file changes nothing


async def test_help_lists_every_binding_and_closes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_runs_actions_by_name(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "last-event")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert timeline(pilot).current_event.id == "liberation-forecast"


async def test_theme_toggle_and_quit(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = app.theme
        await pilot.press("T")
        assert app.theme != first
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)


async def test_importing_a_file_shows_progress_then_the_timeline() -> None:
    from tests.tui.helpers import settle as wait
    from tui.app import DatelineApp

    csv = Path(__file__).resolve().parents[1] / "fixtures" / "acled" / "acled-2020-export-tool.csv"
    app = DatelineApp(path=csv)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot)
        await wait(pilot)
        assert len(shown_ids(pilot)) == 300
        assert app.sub_title.startswith("acled-2020-export-tool")


async def test_cancelling_an_import_changes_nothing(make_app, tmp_path: Path) -> None:
    from tui.screens.loading_screen import LoadingScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        loading = LoadingScreen(tmp_path / "x.csv")
        loading.cancel.cancel()  # as if Esc came before the first row
        (tmp_path / "x.csv").write_text("event_id_cnty,event_date\nA1,2020-01-01\n")
        await app.push_screen(loading)
        await settle(pilot)
        assert len(shown_ids(pilot)) == 19


async def test_notifications_show_markup_and_controls_literally(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e", "ctrl+u")
        await type_text(pilot, "no-such-folder/a[/]b.toml")
        await pilot.press("enter")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("a[/]b.toml" in m and "does not exist" in m for m in messages), messages
        app.notify("\x1b]0;pwned\x07 [bold]x[/]")
        await pilot.pause()
        last = list(app._notifications)[-1].message
        assert "\x1b" not in last and "\x07" not in last and "[bold]x[/]" in last


async def test_a_big_import_changed_in_place_says_so_instead_of_failing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from model import loading
    from tui.app import DatelineApp

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)  # imported as a big file is
    from bench import generate

    source = generate.write(3000, tmp_path / "acled.csv", seed=4)
    app = DatelineApp(loading.open_path(source))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        with open(source, "a", encoding="utf-8") as stream:
            stream.write("\n")
        await pilot.press("G")  # rows not read yet
        await settle(pilot)
        screen_text = "\n".join(app.screen.query_one("TimelineView").render_line(y).text
                                for y in range(10))
        assert "has changed since it was imported" in screen_text
        messages = [n.message for n in app._notifications]
        assert sum("open it again to import it anew" in m for m in messages) == 1, messages
        await pilot.press("g", "j", "k")
        await settle(pilot)
        await apply_filter(pilot, "kind:protest")  # finds rows by position, reads none
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert sum("open it again to import it anew" in m for m in messages) == 1, messages


async def test_a_filter_draws_its_first_rows_before_the_rest_are_read(
        make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    # A big file's rows are read in batches after the first screenful is drawn; here a
    # screenful is 3 rows, a batch 4, and the batches after the opening rows wait until
    # let through.
    import threading

    from model import result_window
    from tui.widgets.status_line import StatusLine

    monkeypatch.setattr(result_window, "FIRST_ROWS", 3)
    monkeypatch.setattr(result_window, "BATCH_ROWS", 4)
    gate, opening = threading.Event(), threading.local()
    read_next = result_window.RowFeed.next
    read_opening = result_window.ResultWindow.read_opening

    def held(feed: result_window.RowFeed, limit: int) -> result_window.RowBatch:
        if not getattr(opening, "now", False):
            gate.wait(10)
        return read_next(feed, limit)

    def read_first(window: result_window.ResultWindow, **options: object) -> None:
        opening.now = True
        try:
            read_opening(window, **options)  # type: ignore[arg-type]
        finally:
            opening.now = False

    monkeypatch.setattr(result_window.ResultWindow, "read_opening", read_first)
    monkeypatch.setattr(result_window.RowFeed, "next", held)

    def status(pilot) -> str:
        return str(screen(pilot).query_one(StatusLine).render())

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        gate.set()
        await settle(pilot)
        everything = shown_ids(pilot)
        total = len(everything)
        await pilot.press("end")
        last = timeline(pilot).current_event.id
        gate.clear()
        await pilot.press("slash")
        await type_text(pilot, "-kind:protest")
        await pilot.pause(1.0)
        # The cursor's event is the last: every row up to it is read before any is drawn.
        view = timeline(pilot)
        assert view.window.query.text == "-kind:protest" and len(view.window) == total
        assert view.current_event.id == last
        gate.set()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("g")
        gate.clear()
        await pilot.press("slash")
        await type_text(pilot, " -kind:riot")
        await pilot.pause(1.0)
        # On the first event, the first rows are drawn while the rest wait.
        view = timeline(pilot)
        assert view.window.query.text == "-kind:protest -kind:riot"
        assert not view.window.complete and len(view.window) == 3
        assert f"3+ of {total} events" in status(pilot)
        assert view.current_event.id == everything[0]
        gate.set()
        await pilot.press("enter")
        await settle(pilot)
        view = timeline(pilot)
        assert view.window.complete
        assert shown_ids(pilot) == everything
        assert f"{total} of {total} events" in status(pilot)
        await pilot.press("G")
        assert view.current_event.id == last


async def test_a_big_file_opens_while_its_indexes_are_built_and_says_how_far(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from bench import generate
    from model import loading
    from model.store import bulk
    from tui.app import DatelineApp
    from tui.widgets.status_line import StatusLine

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)  # imported as a big file is
    gate = threading.Event()
    merge_links = bulk.merge_links

    def held(*args: object, **kwargs: object) -> None:
        gate.wait(20)
        merge_links(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk, "merge_links", held)
    source = generate.write(3000, tmp_path / "acled.csv", seed=4)
    app = DatelineApp(loading.open_path(source))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause(0.8)
        status = str(screen(pilot).query_one(StatusLine).render())
        assert "indexing in the background" in status
        assert len(timeline(pilot).window) > 0  # the rows are there to browse
        await pilot.press("j", "j")
        assert timeline(pilot).cursor_row == 2
        await pilot.press("slash")
        await type_text(pilot, "actor:militia")
        await pilot.pause(0.8)
        assert timeline(pilot).window.query.text == ""  # the filter waits for the links
        gate.set()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.8)
        assert timeline(pilot).window.query.text == "actor:militia"
        status = str(screen(pilot).query_one(StatusLine).render())
        assert "indexing" not in status and "of 3,000 events" in status


async def test_a_big_file_whose_indexes_cannot_be_built_says_so_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from bench import generate
    from model import loading
    from model.store import bulk
    from tui.app import DatelineApp

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)

    def full(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(bulk, "merge_links", full)
    source = generate.write(2000, tmp_path / "acled.csv", seed=4)
    app = DatelineApp(loading.open_path(source))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(1.2)
        messages = [n.message for n in app._notifications]
        assert sum("could not be built" in m and "disk is full" in m for m in messages) == 1
        await apply_filter(pilot, "kind:protest")  # what needs no index still works
        assert app.is_running and len(timeline(pilot).window) > 0


async def test_an_export_says_how_far_it_got_and_e_offers_to_stop_it(
        make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    from model.views import ExportCancelled
    from tui.screens import export_control
    from tui.screens.confirm_dialog import ConfirmDialog
    from tui.widgets.status_line import StatusLine

    release = threading.Event()
    real = export_control.write_export

    def slow(store, export, target, *, progress, cancel, **kwargs):  # type: ignore[no-untyped-def]
        progress.read(5, 0, 5, "events")
        while not release.is_set():
            if cancel.cancelled:
                raise ExportCancelled("export cancelled")
            time.sleep(0.01)
        return real(store, export, target, progress=progress, cancel=cancel, **kwargs)

    monkeypatch.setattr(export_control, "write_export", slow)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e", "enter")
        await pilot.pause(0.8)  # the status line is refreshed twice a second
        status = str(screen(pilot).query_one(StatusLine).render())
        assert "exporting dateline-view-20261125-093000.toml: 26% (e to stop)" in status
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        await pilot.pause(0.6)
        assert "exporting" not in str(screen(pilot).query_one(StatusLine).render())
        assert [n.message for n in app._notifications][-1].startswith("Export stopped")
        assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left

        release.set()  # the next export runs through
        await pilot.press("e", "enter")
        await settle(pilot)
        await pilot.pause(0.6)
        assert "exporting" not in str(screen(pilot).query_one(StatusLine).render())
    assert open_path(tmp_path / "dateline-view-20261125-093000.toml").store.total == 19


async def test_a_pane_made_shorter_keeps_the_cursor_row_in_view(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        for height in (24, 16, 12):
            await pilot.resize_terminal(80, height)
            await settle(pilot)
            view = timeline(pilot)
            assert view.window is not None
            line = view.window.line_of_row(view.cursor_row)
            top = view.scroll_offset.y
            assert top <= line < top + view.scrollable_content_region.height, height


async def test_quitting_while_an_export_runs_asks_first(
        make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from model.views import ExportCancelled
    from tui.screens import export_control
    from tui.screens.confirm_dialog import ConfirmDialog

    def slow(store, export, target, *, progress, cancel, **kwargs):  # type: ignore[no-untyped-def]
        progress.read(5, 0, 5, "events")
        while not cancel.cancelled:
            time.sleep(0.01)
        raise ExportCancelled("export cancelled")

    monkeypatch.setattr(export_control, "write_export", slow)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e", "enter")
        await pilot.pause(0.2)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "Quit and stop it" in \
            app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and screen(pilot).export_in_progress is not None
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert not app.is_running
    assert list(tmp_path.iterdir()) == []


async def test_a_big_view_opens_with_its_progress_and_its_saved_cursor(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from model import loading
    from model.query import parse
    from model.views import write_view
    from tui.app import DatelineApp
    from tui.screens.timeline_screen import TimelineScreen

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    view, _ = write_view(loading.open_path(loading.bundled_dataset_path()).store,
                         parse("date:2016-06"), tmp_path / "view.toml",
                         cursor="clashes-20km-outside-sirte")
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)  # read in parts, as a big one is
    app = DatelineApp(path=view)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        await pilot.press("n")  # as saved, not its filter over the source again
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert timeline(pilot).current_event.id == "clashes-20km-outside-sirte"
        assert len(shown_ids(pilot)) == 18
    assert [e.source for e in loading.cache.entries()] == [str(view.resolve())]


async def test_the_source_category_facet_filters_on_a_rows_own_category(make_app) -> None:
    ucdp = Path(__file__).resolve().parents[1] / "fixtures" / "ucdp" / \
        "ged191-hdx-fixture-myanmar-bangladesh.csv"
    app = make_app(ucdp)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        panel = screen(pilot).query_one(FacetPanel)
        ids = [panel.get_option_at_index(i).id or "" for i in range(panel.option_count)]
        first = next(i for i, option_id in enumerate(ids) if "\x00category:" in option_id)
        panel.highlighted = first
        await pilot.press("enter")  # the largest source category
        await settle(pilot)
        text = screen(pilot).query_one("#filter", FilterBar).input.value
        assert text == 'category:"UCDP: state-based"'
        shown = shown_ids(pilot)
        assert shown and all(
            dict(screen(pilot).store.get(i).event.attributes)["type_of_violence"] == "1"
            for i in shown)
        pane = screen(pilot).query_one(DetailPane)
        assert "UCDP: state-based" in str(pane.query_one("#detail-body").render())


async def test_tab_typed_before_the_related_events_are_found_goes_to_them(make_app) -> None:
    # Enter then Tab typed at once: the related events are a query of their own, and a Tab
    # read before they are shown used to pass them by, to the filter bar (where the next
    # letter typed became a query).
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        view = timeline(pilot)
        view.go_to_row(view.window.row_of_id("tagreft-barracks-taken"))
        await settle(pilot)
        await pilot.press("enter")
        detail = screen(pilot).query_one(DetailPane)
        related = screen(pilot).query_one("#related")
        assert related.option_count and detail.has_focus
        event = view.current_event
        detail.event_id = None  # as if just opened: its related events not found yet
        detail.show_event(event, documents={})
        await pilot.press("tab")
        assert detail.has_focus and not screen(pilot).query_one(FilterBar).has_focus_within
        detail.show_related(event.id, [("same place", view.window.event(0))])
        await pilot.pause()
        assert related.has_focus
        await pilot.press("tab")  # and on from the related events, as ever
        assert not related.has_focus and not detail.has_focus


async def test_related_events_found_before_their_event_is_shown_are_kept(make_app) -> None:
    # A view reopens on its saved cursor: the related events of that event can be found
    # before the detail shows it, and were dropped then, never to be asked for again.
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        view = timeline(pilot)
        detail = screen(pilot).query_one(DetailPane)
        related = screen(pilot).query_one("#related")
        first, second = view.window.event(1), view.window.event(2)  # (the cursor is on 0)
        detail.show_event(first, documents={})
        detail.show_related(second.id, [("same day", first)])  # found early
        assert not related.display
        detail.show_event(second, documents={})
        assert related.display and related.option_count == 1
        detail.show_event(first, documents={})  # another event: its own related, not these
        assert not related.display
