"""Nothing from a file drives the terminal: every widget shows data text through the one
boundary (tui.shown), and whatever the explorer draws passes the screen guard. Each test
reads what would be written to the terminal itself (the compositor's output), removes
Textual's own colour and cursor sequences, and finds no other control left."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.widgets import Label, Static

from model.query import quote
from tui.app import DatelineApp
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.histogram_screen import HistogramScreen
from tui.screens.loading_screen import LoadingScreen
from tui.shown import ScreenGuard
from tui.widgets.facet_panel import FacetPanel, term_for
from tui.widgets.filter_bar import FilterBar

from .helpers import screen, settle, shown_ids, type_text

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
FAMILIES = HOSTILE / "terminal-families.toml"
VIEW = HOSTILE / "hostile-view.toml"
CLIP = "clip\x1b]52;c;UFdORUQ=\x1b\\"
# Textual's own output: SGR colours and cursor moves (CSI ... letter), and nothing else.
TEXTUAL_OWN = re.compile(r"\x1b\[[0-9;:?<=>]*[ -/]*[@-~]")
TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e"
                      "\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]")


def drawn(app: DatelineApp) -> str:
    """The whole screen as it is written to the terminal, Textual's own sequences removed;
    fails if any other control or invisible character is left."""
    update = app.screen._compositor.render_update(full=True)
    text = TEXTUAL_OWN.sub("", update.render_segments(app.console))
    left = TERMINAL.search(text)
    assert left is None, f"U+{ord(left.group()):04X} reaches the terminal: {text[:400]!r}"
    return text


def test_the_guard_shows_controls_in_place_and_keeps_the_width() -> None:
    raw = [Segment("link", Style(link="https://x.org/\x1b]0;PWNED\x07")),
           Segment("a\x1b]0;PWNED\x1b\\b", Style(bold=True)), Segment("\u200bc\x9d")]
    guarded = ScreenGuard().apply(raw, Color(0, 0, 0))
    # Shown, the controls take room they were not given: the line is cut to its width.
    assert "".join(s.text for s in guarded) == "linka\u241b]0;PWNED\u241b\\"
    assert Segment.get_line_length(guarded) == Segment.get_line_length(raw) == 16
    assert all(s.style is None or s.style.link is None for s in guarded)
    plain = [Segment("nothing to do", Style(italic=True))]
    assert ScreenGuard().apply(plain, Color(0, 0, 0)) is plain


async def test_a_widget_that_forgets_the_boundary_still_draws_nothing_raw(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await app.screen.mount(Static(Text("forgot \x1b]0;PWNED\x1b\\ \x9b31m end")))
        await settle(pilot)
        assert "forgot \u241b]0;PWNED\u241b\\" in drawn(app)


async def test_a_hostile_view_query_is_shown_not_executed(make_app) -> None:
    app = make_app(VIEW)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        bar = screen(pilot).query_one("#filter", FilterBar)
        query = "end or \x1b]0;PWNED-QUERY\x1b\\"
        assert bar.input.value == query  # the query in force is the file's, as it is
        assert bar.input._value.plain == "end or \u241b]0;PWNED-QUERY\u241b\\"
        assert len(shown_ids(pilot)) == 9
        text = drawn(app)
        assert "\u241b]0;PWNED-QUERY" in text
        await pilot.press("i")  # the histogram's title shows the query too
        await settle(pilot)
        assert isinstance(app.screen, HistogramScreen)
        title = app.screen.query_one("#histogram-title", Static)
        assert "\u241b]0;PWNED-QUERY\u241b\\" in str(title.render())
        drawn(app)


async def test_picking_a_hostile_facet_value_filters_by_it_escaped(make_app) -> None:
    app = make_app(FAMILIES)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        panel = screen(pilot).query_one(FacetPanel)
        ids = [panel.get_option_at_index(i).id or "" for i in range(panel.option_count)]
        panel.highlighted = ids.index(next(i for i in ids if i.endswith(term_for("tag", CLIP))))
        drawn(app)
        await pilot.press("enter")
        await settle(pilot)
        text = screen(pilot).query_one("#filter", FilterBar).input.value
        assert text == r'tag:"clip\u001b]52;c;UFdORUQ=\u001b\\"' == f"tag:{quote(CLIP)}"
        assert shown_ids(pilot) == ["osc-st"]
        assert r"\u001b]52" in drawn(app)


async def test_typing_a_hostile_completion_offers_it_escaped(make_app) -> None:
    app = make_app(FAMILIES)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "tag:cli")
        await pilot.pause(0.3)
        field = screen(pilot).query_one("#filter", FilterBar).input
        assert field._suggestion == ""  # unquoted, the value cannot be offered
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, '"cli')
        await pilot.pause(0.3)
        assert field._suggestion == f"tag:{quote(CLIP)}"
        drawn(app)
        await pilot.press("right", "enter")  # take the suggestion, apply it
        await settle(pilot)
        assert shown_ids(pilot) == ["osc-st"]
        drawn(app)


async def test_the_loading_screen_shows_a_hostile_path(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x\x1b]0;PWNED\x1b\\\x9d.toml"
    shutil.copy(FAMILIES, path)
    monkeypatch.setattr(LoadingScreen, "run_import", lambda self: None)  # stays opening
    app = DatelineApp(path=path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        title = app.screen.query_one(".dialog-title", Label)
        assert "x\u241b]0;PWNED\u241b\\<U+009D>.toml" in str(title.render())
        drawn(app)


async def test_toasts_and_dialogs_show_data_text_as_text(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.notify("saved \x1b]0;PWNED\x1b\\ \u202eevil", title="from \x9d0;x\x9c file")
        await pilot.pause()
        notice = list(app._notifications)[-1]
        assert notice.message == "saved \u241b]0;PWNED\u241b\\ <U+202E>evil"
        assert notice.title == "from <U+009D>0;x<U+009C> file"
        drawn(app)
        app.push_screen(ConfirmDialog("Quit \x1b]52;c;UFdORUQ=\x1b\\ now?"))
        await pilot.pause()
        assert "Quit \u241b]52;c;UFdORUQ=\u241b\\ now?" in drawn(app)
