"""Keys typed in one burst, as they arrive over a slow SSH link: every key acts where it
stood in the typing, before and after a key that opens a text field, through Enter, and
ahead of rows or matches that are still being read."""

from __future__ import annotations

import time

import pytest
from textual.widgets import Input

from tests.tui.helpers import burst, screen, settle, shown_ids, timeline, type_text
from tui.keys_in_order import HOLD_KEYS_AT_MOST
from tui.screens.help_screen import HelpScreen
from tui.screens.prompt_dialog import PromptDialog
from tui.widgets.detail_pane import DetailPane
from tui.widgets.facet_panel import FacetPanel
from tui.widgets.filter_bar import FilterBar


def slow_down(store: object, method: str) -> None:
    """Make one of the store's reads take 0.3 s, as on a big file (they run in workers)."""
    fast = getattr(store, method)

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(0.3)
        return fast(*args, **kwargs)

    setattr(store, method, slow)


async def test_a_path_typed_right_after_o_lands_in_the_dialog(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, list("oquit.csv"))  # "q" would quit if it ran as a command
        assert isinstance(app.screen, PromptDialog)
        assert app.screen.query_one(Input).value == "quit.csv"
        assert app.is_running


async def test_a_date_typed_right_after_t_is_gone_to(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, [*"t10 jun", "enter"])
        assert timeline(pilot).current_event.date.earliest.isoformat() == "2016-06-10"


async def test_a_query_typed_right_after_slash_is_applied(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, [*"/kind:capture", "enter"])
        assert screen(pilot).applied.text == "kind:capture"
        assert len(shown_ids(pilot)) == 3


async def test_the_keys_that_open_fields_are_text_inside_a_field(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "toes/")
        assert screen(pilot).query_one("#filter", FilterBar).input.value == "toes/"
        assert not isinstance(app.screen, PromptDialog)


async def test_the_palette_runs_a_field_opening_command_from_inside_the_filter_bar(
        make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "sirte")
        await pilot.press("ctrl+p")
        await type_text(pilot, "open-file")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)


async def test_editing_keys_in_a_burst_run_in_the_order_they_were_typed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, [*"/kind:capture", "enter"])
        # ctrl+u clears the bar, then a new query: the shell habit, typed ahead over SSH.
        await burst(pilot, ["slash", "ctrl+u", *"sirte", "ctrl+w", *"killed>5", "enter"])
        assert screen(pilot).applied.text == "killed>5"
        await burst(pilot, [*"/x", "backspace", "left", "1", "enter"])
        assert screen(pilot).applied.text == "killed>15"


async def test_keys_typed_after_enter_act_on_the_new_rows(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, [*"/kind:capture", "enter", "j", "j"])
        assert screen(pilot).applied.text == "kind:capture"
        assert screen(pilot).query_one("#filter", FilterBar).input.value == "kind:capture"
        assert timeline(pilot).cursor_row == 2  # the third capture
        await burst(pilot, [*"/", "ctrl+u", *"kind:forecast", "enter", "G", "k", "m"])
        assert shown_ids(pilot) == ["liberation-forecast"]
        assert screen(pilot).marked == {"liberation-forecast"}



async def test_a_key_that_opens_a_field_waits_its_turn_behind_keys_typed_before_it(
        make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        slow_down(screen(pilot).store, "days_after")  # rows of a big file take a while
        view = timeline(pilot)
        await burst(pilot, [*"/kind:capture", "enter", "j", "e"])
        assert view.cursor_row == 1  # j moved down the new rows first
        assert isinstance(app.screen, PromptDialog) and app.screen.id == "export-dialog"
        assert app.screen.query_one(Input).value.startswith("dateline-view-")


async def test_keys_typed_after_enter_on_a_wrong_query_stay_in_the_bar(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, [*"/actr:gna", "enter", *"jk"])
        bar = screen(pilot).query_one("#filter", FilterBar)
        assert bar.input.value == "actr:gnajk" and bar.has_class("-error")
        assert app.focused is bar.input
        await burst(pilot, ["home", "right", "right", "right", "o", "end", "backspace",
                            "backspace",
                            "enter", "j"])
        assert screen(pilot).applied.text == "actor:gna"
        assert timeline(pilot).cursor_row == 1


async def test_keys_typed_after_a_date_go_to_the_timeline(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, [*"t10 jun", "enter"])
        row = timeline(pilot).cursor_row
        await burst(pilot, ["g", *"t10 jun", "enter", "j"])
        assert timeline(pilot).cursor_row == row + 1


async def test_n_typed_after_a_search_goes_to_the_next_new_match(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        slow_down(screen(pilot).store, "positions")  # a search over a big file takes a while
        await burst(pilot, ["s", "ctrl+u", *"clash", "enter", "n"])
        view = timeline(pilot)
        assert view.window is not None and len(view.matches) >= 2
        rows = [list(view.window.positions).index(p) for p in view.matches]
        assert view.cursor_row == rows[1]  # the first match, then n: the second


async def test_keys_typed_before_a_field_opening_key_run_first(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        second = shown_ids(pilot)[1]
        await burst(pilot, ["j", "m", *"/kind:capture", "enter"])
        assert screen(pilot).marked == {second}  # j and m ran before / took the keyboard
        assert screen(pilot).applied.text == "kind:capture"


@pytest.mark.parametrize(("key", "pane"), [("enter", DetailPane), ("f", FacetPanel)])
async def test_a_query_typed_right_after_slash_in_another_pane_is_applied(
        make_app, key: str, pane: type) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)  # the detail pane or the facet list has the keyboard
        await settle(pilot)
        assert screen(pilot).query_one(pane).has_focus_within
        # "k" scrolls the detail, "i" opens the histogram, "n"/"d" move...: all text here
        await burst(pilot, [*"/kind:capture", "enter"])
        assert screen(pilot).applied.text == "kind:capture"
        assert len(shown_ids(pilot)) == 3


async def test_keys_typed_before_slash_in_the_detail_pane_run_first(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        detail = screen(pilot).query_one(DetailPane)
        assert detail.has_focus_within
        # Escape gives the keyboard back to the timeline before "/" takes it to the bar.
        await burst(pilot, ["escape", *"/kind:capture", "enter"])
        assert screen(pilot).applied.text == "kind:capture"
        await burst(pilot, list("jj"))
        assert timeline(pilot).cursor_row == 2


async def test_keys_typed_after_closing_the_facet_list_move_the_timeline(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        panel = screen(pilot).query_one(FacetPanel)
        highlighted = panel.highlighted
        await burst(pilot, ["f", "down", "down"])  # both the list and the timeline take "down"
        assert not panel.display
        assert timeline(pilot).cursor_row == 2
        assert panel.highlighted == highlighted


async def test_keys_typed_after_enter_scroll_the_detail_it_opens(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, ["enter", "down", "down"])
        detail = screen(pilot).query_one(DetailPane)
        assert detail.has_focus
        assert timeline(pilot).cursor_row == 0  # the event Enter was pressed on
        assert detail.event_id == timeline(pilot).current_event.id
        assert detail.scroll_y == 2


async def test_escape_typed_after_enter_closes_the_detail_before_the_keys_after_it(
        make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, ["enter", "escape", "j"])
        assert not screen(pilot).has_class("-detail")
        assert timeline(pilot).has_focus
        assert timeline(pilot).cursor_row == 1


async def test_keys_typed_after_jumping_to_a_related_event_move_on_from_it(
        make_app) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        view = timeline(pilot)
        view.go_to_row(view.window.row_of_id("tagreft-barracks-taken"))
        await settle(pilot)
        target = view.window.row_of_id("tagreft-mine-clearance")
        await burst(pilot, ["enter", "tab", "enter", "j"])
        assert view.has_focus
        assert view.cursor_row == target + 1


async def test_a_pane_that_has_the_keyboard_while_hidden_runs_its_keys_in_the_end(
        make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        detail = screen(pilot).query_one(DetailPane)
        screen(pilot).set_focus(detail)  # hidden at 80 columns until Enter shows it
        await settle(pilot)
        assert detail.has_focus and not detail.size.area
        await pilot.press("question_mark")
        assert not isinstance(app.screen, HelpScreen)  # waiting for the pane to be shown
        await pilot.pause(HOLD_KEYS_AT_MOST + 0.3)
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)  # never shown: run after all, not held on
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")  # and no longer waited for
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_the_help_scrolls_a_line_for_every_key_of_a_burst(make_app) -> None:
    from tui.widgets.help_body import HelpBody

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        body = app.screen.query_one(HelpBody)
        assert body.max_scroll_y > 10
        await burst(pilot, ["down"] * 7)
        assert body.scroll_y == 7
        await burst(pilot, ["up"] * 3)
        assert body.scroll_y == 4
