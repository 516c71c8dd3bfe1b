"""Layout snapshots of the explorer at 80x24, 120x40 and 160x48, and with NO_COLOR
(review diffs before updating)."""

from __future__ import annotations

from model.loading import bundled_dataset_path, open_path
from tests.tui.conftest import FixedClock
from tui.app import DatelineApp


def app() -> DatelineApp:
    return DatelineApp(open_path(bundled_dataset_path()), clock=FixedClock)


async def _settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    for field in pilot.app.screen.query("Input"):
        field.cursor_blink = False  # a blinking cursor would make the picture random
    await pilot.pause()


class TestMainScreen:
    def test_80x24(self, snap_compare) -> None:
        assert snap_compare(app(), terminal_size=(80, 24), run_before=_settle)

    def test_120x40(self, snap_compare) -> None:
        assert snap_compare(app(), terminal_size=(120, 40), run_before=_settle)

    def test_160x48(self, snap_compare) -> None:
        assert snap_compare(app(), terminal_size=(160, 48), run_before=_settle)

    def test_80x24_no_color(self, snap_compare, monkeypatch) -> None:
        monkeypatch.setenv("NO_COLOR", "1")  # read as the app is made
        made = app()
        assert made.no_color
        assert snap_compare(made, terminal_size=(80, 24), run_before=_settle)


class TestDetail:
    def test_cumulative_casualty_event(self, snap_compare) -> None:
        async def run_before(pilot) -> None:
            await _settle(pilot)
            await pilot.press("slash", *"scope:cumulative", "enter")
            await _settle(pilot)
            await pilot.press("enter")
            await _settle(pilot)

        assert snap_compare(app(), terminal_size=(80, 24), run_before=run_before)


class TestDialogs:
    def test_help_screen(self, snap_compare) -> None:
        async def run_before(pilot) -> None:
            await _settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()

        assert snap_compare(app(), terminal_size=(120, 40), run_before=run_before)

    def test_help_screen_80x24(self, snap_compare) -> None:
        async def run_before(pilot) -> None:
            await _settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()

        assert snap_compare(app(), terminal_size=(80, 24), run_before=run_before)

    def test_export_dialog(self, snap_compare) -> None:
        async def run_before(pilot) -> None:
            await _settle(pilot)
            await pilot.press("e")
            await pilot.pause()

        assert snap_compare(app(), terminal_size=(80, 24), run_before=run_before)

    def test_query_error(self, snap_compare) -> None:
        async def run_before(pilot) -> None:
            await _settle(pilot)
            await pilot.press("slash", *"kind:actr")
            await pilot.pause(0.4)
            await _settle(pilot)

        assert snap_compare(app(), terminal_size=(80, 24), run_before=run_before)


class TestShapeOfTime:
    def test_histogram_80x24(self, snap_compare) -> None:
        async def run_before(pilot) -> None:
            await _settle(pilot)
            await pilot.press("i")
            await _settle(pilot)

        assert snap_compare(app(), terminal_size=(80, 24), run_before=run_before)

    def test_histogram_by_week_160x48(self, snap_compare) -> None:
        async def run_before(pilot) -> None:
            await _settle(pilot)
            await pilot.press("i")
            await _settle(pilot)
            await pilot.press("Z")
            await _settle(pilot)

        assert snap_compare(app(), terminal_size=(160, 48), run_before=run_before)

    def test_density_strip_killed_160x48(self, snap_compare) -> None:
        async def run_before(pilot) -> None:
            await _settle(pilot)
            await pilot.press("c")
            await _settle(pilot)

        assert snap_compare(app(), terminal_size=(160, 48), run_before=run_before)
