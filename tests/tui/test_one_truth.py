"""Nothing on screen contradicts itself: every part is derived from one view state.

Each test drives one contradiction seen by hand, as a person would (keys in one burst where
that is how it went wrong), and asserts what the screen shows.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from model.query import MATCH_ALL, restricted_to
from tests.tui.helpers import (
    apply_filter,
    burst,
    screen,
    settle,
    shown_ids,
    timeline,
    type_text,
)
from tui.screens.confirm_dialog import ConfirmDialog
from tui.widgets.density_strip import DensityStrip
from tui.widgets.filter_bar import FilterBar
from tui.widgets.status_line import StatusLine


def status(pilot) -> str:  # type: ignore[no-untyped-def]
    return str(screen(pilot).query_one(StatusLine).render())


async def test_marked_only_sums_draws_and_exports_the_marked_events_only(
        make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        store = screen(pilot).store
        # Mark the two events whose figures are the running totals, then show only them.
        with_figures = [e.id for e in store.iter_events(MATCH_ALL) if e.casualties][:2]
        for event_id in with_figures:
            timeline(pilot).go_to_row(shown_ids(pilot).index(event_id))
            await pilot.press("m")
        await pilot.press("M")
        await settle(pilot)
        marked = frozenset(with_figures)
        assert sorted(shown_ids(pilot)) == sorted(marked)
        only = restricted_to(MATCH_ALL, marked)
        said = status(pilot)
        assert said.startswith(f"2 of {store.total} events")
        assert store.casualty_summary(only).compact() in said
        if store.casualty_summary(MATCH_ALL).compact() != store.casualty_summary(only).compact():
            assert store.casualty_summary(MATCH_ALL).compact() not in said
        strip = screen(pilot).query_one(DensityStrip)
        assert round(sum(strip.view.value(i) for i in range(len(strip.view.bins)))) == 2
        await pilot.press("e", "enter")
        await settle(pilot)
        await pilot.pause(0.3)
    written = tmp_path / "dateline-view-20261125-093000.toml"
    view = tomllib.loads(written.read_text(encoding="utf-8"))
    assert sorted(e["id"] for e in view["events"]) == sorted(marked)
    assert view["view"]["marked_only"] is True


async def test_a_preview_is_labelled_with_the_filter_its_rows_answer(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await apply_filter(pilot, "kind:capture")
        await pilot.press("slash", "ctrl+u")
        await type_text(pilot, "foo")
        await pilot.pause(0.4)  # "foo" previews: no event
        await settle(pilot)
        await type_text(pilot, ":bar")  # an error: the rows stay, and so does their label
        await pilot.pause(0.4)
        await settle(pilot)
        said = status(pilot)
        assert said.startswith(f"{len(shown_ids(pilot))} of 19 events")
        assert "previewing foo (Enter applies)" in said and "kind:capture" not in said
        await pilot.press("ctrl+u")
        await type_text(pilot, "kind:clash")
        await pilot.pause(0.4)
        await settle(pilot)
        said = status(pilot)
        clashes = screen(pilot).store.count(screen(pilot).state.shown)
        assert said.startswith(f"{clashes} of 19 events") and len(shown_ids(pilot)) == clashes
        assert "previewing kind:clash" in said
        await pilot.press("escape")  # left unapplied: the applied filter's rows and label
        await settle(pilot)
        said = status(pilot)
        assert "previewing" not in said and "kind:capture" in said
        assert said.startswith(f"{len(shown_ids(pilot))} of 19 events")


async def test_mark_then_marked_only_in_one_burst_shows_the_mark(make_app) -> None:
    for _ in range(3):  # it went wrong one time in three
        app = make_app()
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            first = shown_ids(pilot)[0]
            await burst(pilot, ["m", "M"])
            assert screen(pilot).marked == {first}
            assert shown_ids(pilot) == [first]
            messages = [n.message for n in app._notifications]
            assert not any("Nothing is marked" in m for m in messages), messages
            assert "1 marked" in status(pilot)


async def test_the_filter_bar_opened_again_after_esc_types_at_the_end(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await apply_filter(pilot, "barracks")
        await pilot.press("slash", *["left"] * 5, "escape")
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "XY")
        assert screen(pilot).query_one("#filter", FilterBar).input.value == "barracksXY"


async def test_quitting_with_marks_not_saved_asks_first(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m", "q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "1 marked event not saved" in str(app.screen.question)
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running and screen(pilot).marked
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # opening another file would drop them
        await pilot.press("n")
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not app.is_running


async def test_quitting_with_nothing_new_marked_does_not_ask(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m", "m", "q")  # marked and unmarked: nothing to lose
        await settle(pilot)
        assert not app.is_running


async def test_an_export_is_written_in_the_format_its_name_asks_for(make_app,
                                                                      tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        for name in ("rel.csv", "rel.json", "rel.txt"):
            await pilot.press("e", "ctrl+u")
            await type_text(pilot, name)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.pause(0.3)
        messages = [n.message for n in app._notifications]
    assert (tmp_path / "rel.csv").read_text(encoding="utf-8").startswith("event_id_cnty,")
    assert (tmp_path / "rel.json").read_text(encoding="utf-8").lstrip().startswith("{")
    assert not (tmp_path / "rel.txt").exists()
    assert any(m.startswith("Not written: rel.txt: '.txt' names no export format")
               for m in messages), messages


async def test_a_filter_waiting_for_the_text_index_never_shows_the_old_rows_as_its_answer(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from bench import generate
    from model import loading
    from model.loading import open_path
    from model.store import bulk
    from tests.tui.conftest import FixedClock
    from tui.app import DatelineApp

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(loading, "CACHE_FROM_BYTES", 0)  # opened as a big import is
    gate = threading.Event()
    merge_links = bulk.merge_links

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(20)  # the links, the figures and the text index wait for the test
        merge_links(*args, **kwargs)

    monkeypatch.setattr(bulk, "merge_links", held)
    source = generate.write(2000, tmp_path / "big.csv", seed=3)
    app = DatelineApp(open_path(source), clock=FixedClock)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause(0.5)
        before = len(shown_ids(pilot))
        await pilot.press("slash")
        await type_text(pilot, "mosque")
        await pilot.press("enter")
        await pilot.pause(0.6)
        said = status(pilot)
        assert said.startswith("\u2026 of 2,000 events"), said  # no count of the old rows
        assert "waiting for the indexes being built" in said and "mosque" in said
        assert timeline(pilot).stale and len(shown_ids(pilot)) == before
        await pilot.press("j", "j", "j")  # typed while it waits: never lost
        gate.set()
        for _ in range(40):
            await pilot.pause(0.1)
            if not timeline(pilot).stale:
                break
        await settle(pilot)
        matching = screen(pilot).store.count(screen(pilot).state.applied)
        assert matching > 3
        said = status(pilot)
        assert not timeline(pilot).stale
        assert said.startswith(f"{matching:,} of 2,000 events") and "mosque" in said
        assert len(shown_ids(pilot)) == matching
        assert timeline(pilot).cursor_row == min(3, matching - 1)


async def test_marks_saved_in_a_view_are_not_asked_about_again(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m", "e", "enter")  # marked, then written to a view file
        await settle(pilot)
        await pilot.pause(0.3)
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running
