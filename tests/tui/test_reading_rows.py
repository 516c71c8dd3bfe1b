"""What a row says must not be misread: casualty badges whole and unambiguous, counts with
thousands separators, and every mark explained in the help."""

from __future__ import annotations

from rich.console import Console
from textual.widgets import Static

from tests.tui.helpers import settle, timeline
from tui.screens.help_screen import HelpScreen

CLASH = "clashes-20km-outside-sirte"
TO_DATE = "offensive-casualties-to-date"


async def _row_text(pilot, event_id: str, title_start: str) -> str:
    """The line drawn for an event, found on screen by the start of its title."""
    view = timeline(pilot)
    view.go_to_row(view.window.row_of_id(event_id))
    await settle(pilot)
    lines = [view.render_line(y).text.rstrip() for y in range(view.size.height)]
    return next(line for line in lines if title_start in line)


async def test_a_badge_says_killed_and_wounded_without_reading_as_thousands(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert (await _row_text(pilot, CLASH, "Clashes 20")).endswith(" 6\u2020 15w")
        assert (await _row_text(pilot, TO_DATE, "Offensive")).endswith(
            " \u03a3>100\u2020 \u03a3~490w")


async def test_a_badge_is_shown_whole_or_not_at_all(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(66, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")  # the facet list takes the timeline's width
        await settle(pilot)
        view = timeline(pilot)
        assert view.size.width - 22 < len(" \u03a3>100\u2020 \u03a3~490w")
        text = await _row_text(pilot, TO_DATE, "Offensive")
        assert "\u03a3" not in text and not text.endswith(("w", "\u2020", "0"))
        assert (await _row_text(pilot, CLASH, "Cl")).endswith(" 6\u2020 15w")  # it fits


async def test_the_help_explains_every_mark_on_a_row(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, record=True)
        for static in app.screen.query(Static):
            console.print(static.content)
        help_text = console.export_text()
        for mark, meaning in (("\u25cf", "confirmed"), ("\u25d0", "reported"),
                              ("\u25cb", "claimed"), ("\u2504", "week, month or year"),
                              ("6\u2020 15w", "6 killed, 15 wounded"),
                              ("\u03a3", "cumulative")):
            assert mark in help_text and meaning in help_text


async def test_a_narrow_timeline_keeps_the_title_and_leaves_the_kind_out(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        wide = await _row_text(pilot, CLASH, "Clashes 20")
        assert " clash " in wide
        await pilot.press("f")  # the facet list takes 34 columns of the timeline's
        await settle(pilot)
        narrow = await _row_text(pilot, CLASH, "Clashes 2")
        assert " clash " not in narrow
