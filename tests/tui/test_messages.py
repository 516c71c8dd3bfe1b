"""Messages that matter stay readable after their toast has gone: every notification is kept,
and L lists them (tui/screens/messages_screen.py); toasts are short and never markup."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from model.messages import LIMIT
from tests.tui.helpers import screen, settle, timeline
from tui.app import LONGEST_TOAST, DatelineApp
from tui.screens.messages_screen import EMPTY, MessagesScreen, MessagesView

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def toasts(app: DatelineApp) -> list[str]:
    """The text of every toast on screen, as drawn."""
    return [" ".join(strip.text for strip in toast.render_lines(toast.region.reset_offset))
            for toast in app.screen.query("Toast")]


def lines(pilot: Pilot) -> list[str]:
    """Every line of the messages, as wrapped at the pane's width."""
    view = pilot.app.screen.query_one(MessagesView)
    return [view.line_text(y) for y in range(view.line_count)]


def shown_lines(pilot: Pilot) -> list[str]:
    """The lines of the messages on screen now."""
    view = pilot.app.screen.query_one(MessagesView)
    return [view.render_line(y).text.rstrip() for y in range(view.size.height)]


async def open_messages(pilot: Pilot) -> MessagesView:
    await pilot.press("L")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MessagesScreen)
    return pilot.app.screen.query_one(MessagesView)


async def test_ctrl_c_says_how_to_quit_without_markup(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("ctrl+c")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert said == ["Press q to quit"], said
        drawn = " ".join(toasts(app))
        assert "Press q to quit" in drawn and "[b]" not in drawn, drawn
        assert app.is_running  # it only says so


async def test_ctrl_c_names_the_quit_key_a_keys_file_gave(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.keymap = {"quit": "ctrl+x,Q"}
        app.set_keymap(app.keymap)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert app._notifications and \
            list(app._notifications)[-1].message == "Press ctrl+x or Q to quit"


async def test_a_warning_is_listed_after_its_toast_has_gone(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.notify("3 rows skipped in events.csv", title="Import", severity="warning",
                   timeout=1.0)
        await pilot.pause()
        assert any("rows skipped" in toast for toast in toasts(app))
        for _ in range(100):  # a slow machine takes longer than the timeout to repaint
            await pilot.pause(0.1)
            if not any("rows skipped" in toast for toast in toasts(app)):
                break
        assert not any("rows skipped" in toast for toast in toasts(app))  # gone
        await open_messages(pilot)
        said = lines(pilot)
        assert "09:30:00  warning  Import" in said, said
        assert said[said.index("09:30:00  warning  Import") + 1].strip() == \
            "3 rows skipped in events.csv"


async def test_every_severity_is_said_in_words(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.notify("a note")
        app.notify("a warning", severity="warning")
        app.notify("an error", severity="error", title="Export")
        await settle(pilot)
        await open_messages(pilot)
        said = lines(pilot)
        assert said[-4:] == ["09:30:00  info     a note", "09:30:00  warning  a warning",
                             "09:30:00  error    Export", "                   an error"], said
        assert shown_lines(pilot)[:len(said)] == said  # newest last, all on screen


async def test_no_messages_yet(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(app.messages) == 0  # the bundled dataset opens without a word
        await open_messages(pilot)
        assert shown_lines(pilot)[0] == EMPTY
        title = app.screen.query_one("#messages-title", Static)
        assert str(title.content).startswith("Messages \u00b7 ")


async def test_long_text_wraps_under_its_first_line_at_80_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        words = " ".join(f"word{n}" for n in range(60))
        app.notify(words, severity="error")
        await settle(pilot)
        await open_messages(pilot)
        said = lines(pilot)
        start = next(i for i, line in enumerate(said) if "word0 " in line)
        wrapped = said[start:]
        assert len(wrapped) > 3 and all(len(line) <= 78 for line in wrapped), wrapped
        assert all(line.startswith(" " * 21) for line in wrapped[1:]), wrapped
        assert " ".join(" ".join(line.split()[2:]) if i == 0 else line.strip()
                        for i, line in enumerate(wrapped)) == words


async def test_keys_scroll_the_messages_and_esc_goes_back_to_the_timeline(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for n in range(60):
            app.notify(f"message {n}", timeout=0.1)
        await settle(pilot)
        view = await open_messages(pilot)
        assert view.max_scroll_y > 0
        assert view.scroll_y == view.max_scroll_y  # opened on the newest
        assert shown_lines(pilot)[-1].endswith("message 59")
        await pilot.press("home")
        await settle(pilot)
        assert view.scroll_y == 0
        await pilot.press("j", "j", "j")
        assert view.scroll_y == 3
        await pilot.press("k")
        assert view.scroll_y == 2
        await pilot.press("pagedown")
        assert view.scroll_y == 2 + view.scrollable_content_region.height
        await pilot.press("pageup")
        assert view.scroll_y == 2
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("end")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("escape")
        await settle(pilot)
        assert screen(pilot).focused is timeline(pilot)
        await open_messages(pilot)
        await pilot.press("q")  # closes the messages, does not quit
        await settle(pilot)
        assert app.is_running and screen(pilot).focused is timeline(pilot)


async def test_a_message_said_while_the_list_is_open_shows_at_its_end(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for n in range(40):
            app.notify(f"message {n}", timeout=0.1)
        await settle(pilot)
        view = await open_messages(pilot)
        app.notify("the newest", timeout=0.1)
        await settle(pilot)
        assert shown_lines(pilot)[-1].endswith("the newest")
        await pilot.press("home")
        app.notify("newer still", timeout=0.1)
        await settle(pilot)
        assert view.scroll_y == 0  # scrolled up to read: stays there
        assert lines(pilot)[-1].endswith("newer still")


async def test_the_warnings_of_a_file_are_one_short_toast_and_all_kept(make_app) -> None:
    app = make_app(FIXTURES / "hostile" / "ucdp-huge-numbers.csv")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        warnings = app.opened.warnings
        assert len(warnings) == 5
        shown = [n for n in app._notifications if n.severity == "warning"]
        assert len(shown) == 1 and shown[0].title == "Opened with 5 warnings"
        assert shown[0].message.endswith("\u2026and 3 more lines: see messages (L)")
        assert shown[0].message.count("\n") == 2
        await open_messages(pilot)
        said = " ".join(" ".join(line.split()) for line in lines(pilot))
        for warning in warnings:
            assert " ".join(warning.split()) in said


async def test_no_toast_stays_long_and_the_log_is_bounded(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.notify("the keys file is wrong", severity="error", timeout=15)
        for n in range(LIMIT + 10):
            app.notify(f"message {n}", timeout=0.1)
        await settle(pilot)
        assert max(n.timeout for n in app._notifications) <= LONGEST_TOAST
        kept = app.messages.messages()
        assert len(kept) == LIMIT and kept[-1].text == f"message {LIMIT + 9}"
        await open_messages(pilot)
        await pilot.press("home")
        assert "older messages no longer kept" in shown_lines(pilot)[0]
